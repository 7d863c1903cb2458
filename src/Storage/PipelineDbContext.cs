using Microsoft.EntityFrameworkCore;
using Pipeline.Storage.Entities;

namespace Pipeline.Storage;

public sealed class PipelineDbContext(DbContextOptions<PipelineDbContext> options) : DbContext(options)
{
    public DbSet<IngestJob> IngestJobs => Set<IngestJob>();
    public DbSet<IngestFile> IngestFiles => Set<IngestFile>();
    public DbSet<ImageRecord> Images => Set<ImageRecord>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<EmbeddingModel> EmbeddingModels => Set<EmbeddingModel>();
    public DbSet<Embedding> Embeddings => Set<Embedding>();
    public DbSet<Snapshot> Snapshots => Set<Snapshot>();
    public DbSet<ClusterRun> ClusterRuns => Set<ClusterRun>();
    public DbSet<ClusterAssignment> ClusterAssignments => Set<ClusterAssignment>();
    public DbSet<StageFailure> StageFailures => Set<StageFailure>();
    public DbSet<SnapshotLabel> SnapshotLabels => Set<SnapshotLabel>();
    public DbSet<SnapshotExclusion> SnapshotExclusions => Set<SnapshotExclusion>();
    public DbSet<CurationLabel> CurationLabels => Set<CurationLabel>();
    public DbSet<NoiseFilter> NoiseFilters => Set<NoiseFilter>();
    public DbSet<EmbeddingExclusion> EmbeddingExclusions => Set<EmbeddingExclusion>();
    public DbSet<BackgroundTask> BackgroundTasks => Set<BackgroundTask>();
    public DbSet<WorkerInstance> WorkerInstances => Set<WorkerInstance>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasPostgresExtension("vector");

        b.Entity<IngestFile>(e =>
        {
            e.HasKey(f => new { f.JobId, f.Path });
            e.Property(f => f.Outcome).HasConversion<string>();
            // Progress counts per outcome read this index alone, not the heap (1M files per job).
            e.HasIndex(f => new { f.JobId, f.Outcome });
        });
        b.Entity<IngestJob>().Property(j => j.State).HasConversion<string>().HasDefaultValue(JobState.Running).HasSentinel((JobState)(-1));
        b.Entity<ImageRecord>(e =>
        {
            e.ToTable("images");
            e.HasIndex(i => i.ContentHash).IsUnique();
            e.HasIndex(i => i.JobId);
            e.HasIndex(i => i.Path);
        });
        b.Entity<StageFailure>(e =>
        {
            e.HasKey(f => new { f.Stage, f.ItemId });
            e.HasIndex(f => f.JobId);
        });
        b.Entity<Region>().HasIndex(r => r.ImageId);
        b.Entity<Region>().HasIndex(r => r.JobId);
        b.Entity<EmbeddingModel>().HasIndex(m => m.Name).IsUnique();
        b.Entity<Embedding>(e =>
        {
            // Untyped vector column: models differ in dimension. Each model gets a partial
            // HNSW index over vector::vector(n) when it registers (see EmbeddingModels.EnsureAsync).
            e.Property(x => x.Vector).HasColumnType("vector");
            e.HasIndex(x => new { x.RegionId, x.ModelId }).IsUnique();
            e.HasIndex(x => new { x.JobId, x.ModelId });
            e.HasIndex(x => new { x.ModelId, x.Id });
        });
        b.Entity<Snapshot>().HasIndex(s => s.Name).IsUnique();
        b.Entity<ClusterRun>(e =>
        {
            e.Property(r => r.Parameters).HasColumnType("jsonb");
            e.Property(r => r.Status).HasConversion<string>();
            e.Property(r => r.Scores).HasColumnType("jsonb");
        });
        b.Entity<SnapshotLabel>().HasKey(l => new { l.SnapshotId, l.EmbeddingId });
        b.Entity<SnapshotExclusion>().HasKey(x => new { x.SnapshotId, x.EmbeddingId });
        b.Entity<CurationLabel>().HasKey(l => l.RegionId);
        b.Entity<EmbeddingExclusion>().HasKey(x => x.EmbeddingId);
        b.Entity<NoiseFilter>().HasIndex(f => new { f.ModelId, f.CreatedAt });
        b.Entity<ClusterAssignment>(e =>
        {
            e.HasKey(a => new { a.RunId, a.EmbeddingId });
            // A run's page: cluster sizes by an index-only scan, and each cluster's strip (exemplars, then most probable) by a range scan.
            e.HasIndex(a => new { a.RunId, a.Cluster, a.Exemplar, a.Probability }).IsDescending(false, false, true, true);
            // An image's page: the runs and clusters its regions are in.
            e.HasIndex(a => a.EmbeddingId);
        });
        b.Entity<BackgroundTask>(e =>
        {
            e.Property(t => t.Status).HasConversion<string>();
            e.HasIndex(t => t.CreatedAt);
        });
        b.Entity<WorkerInstance>(e =>
        {
            e.HasKey(w => w.InstanceId);
            e.Ignore(w => w.MessagesPerSecond);
            e.HasIndex(w => w.SeenAt);
        });
    }
}
