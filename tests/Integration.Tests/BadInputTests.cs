using System.Formats.Tar;
using Pipeline.Storage;
using Pipeline.Vision;
using static Pipeline.Workers.Tests.Archives.TestArchives;

namespace Pipeline.Integration.Tests;

/// <summary>
/// One folder holding good images beside every kind of bad input, archives included, through the real workers: the job
/// completes, each bad input is recorded with its reason, each good image goes through every stage exactly once, nothing
/// is written outside the extraction folder, and every worker is still up.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture fx) : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("bad-input-outside-").FullName;

    [Fact]
    public async Task Bad_inputs_are_recorded_with_reasons_and_the_good_images_go_through_once()
    {
        var folder = Path.Combine(fx.WorkDir, "bad-input");
        var loose = SyntheticImages.Generate(folder, 6, groups: 2, seed: 71);
        var packed = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "bad-input-packed"), 6, groups: 2, seed: 72)
            .Select(i => File.ReadAllBytes(i.Path)).ToArray();
        var pngPath = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "bad-input-png"), 1, groups: 1, seed: 73, format: "png").Single().Path;
        var jpeg = File.ReadAllBytes(loose[0].Path);
        string In(string name) => Path.Combine(folder, name);

        File.WriteAllBytes(In("truncated.jpg"), jpeg[..(jpeg.Length / 3)]);
        File.WriteAllBytes(In("corrupt.jpg"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        File.Copy(pngPath, In("png-named.jpg"));
        File.WriteAllText(In("text.png"), "not a picture");
        File.WriteAllText(In("readme.txt"), "notes");
        File.WriteAllBytes(In("empty.jpg"), []);
        File.WriteAllBytes(In("huge.jpg"), Declaring(jpeg, 60000, 60000));
        File.WriteAllBytes(In("vanished.jpg"), jpeg);
        Directory.CreateSymbolicLink(In("loop"), folder);
        Directory.CreateSymbolicLink(In("outside"), _outside);
        File.WriteAllBytes(Path.Combine(_outside, "secret.jpg"), packed[0]);
        File.CreateSymbolicLink(In("escape.jpg"), Path.Combine(_outside, "secret.jpg"));

        var absolute = Path.Combine(fx.WorkDir, "absolute.jpg");
        var zip = Zip(In("pages.zip"), ("a.jpg", packed[0]), ("pages/b.jpg", packed[1]), ("../../evil-zip.jpg", jpeg), (absolute, jpeg),
            ("notes.txt", "x"u8.ToArray()), ("bomb.jpg", new byte[200 << 20]));
        var tar = Tar(In("pages.tar"), [("c.jpg", packed[2]), ("d.jpg", packed[3]), ("../../evil-tar.jpg", jpeg), ("inner.zip", [1, 2])],
            Link(TarEntryType.SymbolicLink, "link.jpg", "/etc/passwd"));
        var tgz = Tar(In("pages.tar.gz"), [("e.jpg", packed[4]), ("f.jpg", packed[5]), ("../../evil-tgz.jpg", jpeg), ("bomb.jpg", new byte[50 << 20])]);

        var expected = new Dictionary<string, string>
        {
            [In("truncated.jpg")] = "truncated JPEG", [In("corrupt.jpg")] = "not an image (unknown signature)", [In("text.png")] = "not an image (unknown signature)",
            [In("readme.txt")] = "unsupported file type '.txt'", [In("empty.jpg")] = "empty file (0 bytes)",
            [In("huge.jpg")] = "declares 60000x60000 pixels, above the limit of 178956970", [In("vanished.jpg")] = "unreadable: Could not find file",
            [In("loop")] = "symbolic link not followed", [In("outside")] = "symbolic link not followed", [In("escape.jpg")] = "symbolic link not followed",
            [$"{zip}!/../../evil-zip.jpg"] = "path traversal", [$"{zip}!/{absolute}"] = "absolute path", [$"{zip}!/notes.txt"] = "unsupported file type '.txt'",
            [$"{zip}!/bomb.jpg"] = "compression bomb", [$"{tar}!/../../evil-tar.jpg"] = "path traversal", [$"{tar}!/link.jpg"] = "symbolic link entry",
            [$"{tar}!/inner.zip"] = "archive inside an archive", [$"{tgz}!/../../evil-tgz.jpg"] = "path traversal", [tgz] = "compression bomb",
        };
        const int Good = 6 + 1 + 6; // loose JPEGs, the PNG named .jpg (content decides, as for any image), the archives' images

        var job = await IngestVanishingAsync(folder, In("vanished.jpg"));

        Assert.Null(job.Error);
        Assert.Equal(Good + expected.Count, job.TotalFiles);
        Assert.Equal((Good, 0L, (long)expected.Count), (job.Ingested, job.Duplicates, job.Failed));
        Assert.Equal((Good, Good, Good, 0L, 0L), (job.Detected, job.Regions, job.Embedded, job.DetectFailed, job.EmbedFailed));
        var failures = (await new ProgressQueries(fx.Db).FailuresAsync(job.JobId, 100, default)).ToDictionary(f => f.Path, f => f.Reason);
        Assert.True(expected.Keys.Order().SequenceEqual(failures.Keys.Order()), string.Join("\n", failures.Select(f => $"{f.Key} -> {f.Value}")));
        Assert.All(expected, e => Assert.Contains(e.Value, failures[e.Key]));
        Assert.All(failures.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));

        // Exactly once per stage and model, the archives' images among them, read where they were unpacked.
        var stored = await PathsAsync("SELECT path FROM images WHERE job_id = $1", job.JobId);
        var extracted = stored.Where(p => p.StartsWith(fx.ExtractRoot + "/")).ToList();
        Assert.Equal(["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg"], extracted.Select(Path.GetFileName).Order());
        Assert.Equal(loose.Select(i => i.Path).Append(In("png-named.jpg")).Order(), stored.Except(extracted).Order());
        // One folder per archive, holding just what was stored from it.
        var folders = extracted.Select(p => Path.Combine(fx.ExtractRoot, Path.GetRelativePath(fx.ExtractRoot, p).Split('/')[0])).Distinct().ToList();
        Assert.Equal(3, folders.Count);
        Assert.Equal(extracted.Order(), folders.SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories)).Order());
        Assert.Equal(Good, (await PathsAsync("SELECT DISTINCT image_id::text FROM regions WHERE job_id = $1", job.JobId)).Count);
        Assert.Equal(new long[] { Good, Good }, await PerModelAsync(job.JobId));

        // Nothing was written outside the extraction folder: no traversal or absolute entry landed anywhere.
        foreach (var place in new[] { fx.WorkDir, Path.GetDirectoryName(fx.WorkDir)!, Path.Combine(fx.WorkDir, "derivatives") })
            Assert.Empty(Directory.GetFiles(place, "evil-*").Concat(Directory.GetFiles(place, "absolute.jpg")));
        Assert.Empty(Directory.GetFiles(fx.WorkDir, "evil-*", SearchOption.AllDirectories));
        Assert.Equal(["secret.jpg"], Directory.GetFiles(_outside).Select(Path.GetFileName));

        // Retry sends the loose files again, which fail once more for the same reasons; archives and their entries are
        // not sent (they are no files to read), so they keep theirs.
        var (exit, output) = await fx.RunCliAsync("job", "retry", job.JobId.ToString());
        Assert.True(exit == 0, output);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));
        var retried = await new ProgressQueries(fx.Db).FailuresAsync(job.JobId, 100, default);
        Assert.Equal(failures.OrderBy(f => f.Key), retried.Select(f => KeyValuePair.Create(f.Path, f.Reason)).OrderBy(f => f.Key));
        Assert.Equal(job with { EnumeratedAt = null }, (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))! with { EnumeratedAt = null });

        await fx.AssertAllHealthyAsync();
        Assert.Equal(0, await fx.ErrorQueueMessagesAsync());
    }

    [Fact]
    public async Task A_redelivered_StartIngest_unpacks_into_the_same_folder_and_counts_nothing_twice()
    {
        var folder = Path.Combine(fx.WorkDir, "bad-input-redelivered");
        var images = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "bad-input-redelivered-src"), 3, groups: 1, seed: 74)
            .Select(i => File.ReadAllBytes(i.Path)).ToArray();
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "loose.jpg"), images[0]);
        Zip(Path.Combine(folder, "again.zip"), ("a.jpg", images[1]), ("b.jpg", images[2]), ("../c.jpg", images[0]));
        var job = await fx.IngestAsync(folder);
        var folders = Directory.GetDirectories(fx.ExtractRoot);

        // As a broker redelivers it when the worker dies mid-walk: the same job, walked and unpacked again.
        await fx.SendAsync(Contracts.Queues.StartIngest, new Contracts.StartIngest { JobId = job.JobId, SourcePath = folder });
        await Task.Delay(TimeSpan.FromSeconds(1));
        await fx.WaitForQueuesDrainedAsync(TimeSpan.FromMinutes(1));

        var again = (await new ProgressQueries(fx.Db).GetAsync(job.JobId, default))!;
        Assert.Equal((4, 3L, 1L, 3L, 3L), (again.TotalFiles, again.Ingested, again.Failed, again.Detected, again.Embedded));
        Assert.Equal(job with { EnumeratedAt = again.EnumeratedAt }, again);
        Assert.Equal(folders, Directory.GetDirectories(fx.ExtractRoot));
    }

    [Fact]
    public async Task One_tar_gz_given_as_the_jobs_source_goes_through_like_a_folder()
    {
        var images = SyntheticImages.Generate(Path.Combine(fx.WorkDir, "single-archive-src"), 4, groups: 1, seed: 75)
            .Select(i => File.ReadAllBytes(i.Path)).ToArray();
        var archive = Tar(Path.Combine(fx.WorkDir, "single.tar.gz"), [("a.jpg", images[0]), ("b/b.jpg", images[1]), ("c.jpg", images[2]),
            ("d.jpg", images[3]), ("../escape.jpg", images[0])]);

        var job = await fx.IngestAsync(archive);

        Assert.Null(job.Error);
        Assert.Equal((5, 4L, 1L, 4L, 4L), (job.TotalFiles, job.Ingested, job.Failed, job.Detected, job.Embedded));
        Assert.False(File.Exists(Path.Combine(fx.WorkDir, "escape.jpg")));
    }

    /// <summary>
    /// The job starts paused, so the walk lists every file and ingest holds them back; one file is deleted; resume sends
    /// them again. That is a file vanishing between listing and ingest, as root sees it (chmod does not stop root).
    /// </summary>
    private async Task<JobProgress> IngestVanishingAsync(string folder, string vanishing)
    {
        var jobId = Guid.NewGuid();
        await using (var paused = fx.Db.CreateCommand("INSERT INTO ingest_jobs (id, source_path, created_at, state) VALUES ($1, $2, now(), 'Paused')"))
        {
            paused.Parameters.AddWithValue(jobId);
            paused.Parameters.AddWithValue(folder);
            await paused.ExecuteNonQueryAsync();
        }
        await fx.SendAsync(Contracts.Queues.StartIngest, new Contracts.StartIngest { JobId = jobId, SourcePath = folder });
        await WaitAsync(jobId, p => p.EnumeratedAt is not null && p.Deferred + p.Failed == p.TotalFiles);
        File.Delete(vanishing);
        var (exit, output) = await fx.RunCliAsync("job", "resume", jobId.ToString());
        Assert.True(exit == 0, output);
        return await WaitAsync(jobId, p => p.IsComplete);
    }

    private async Task<JobProgress> WaitAsync(Guid jobId, Func<JobProgress, bool> done)
    {
        var progress = new ProgressQueries(fx.Db);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            if (await progress.GetAsync(jobId, default) is { } p && done(p)) return p;
            await Task.Delay(250);
        }
        throw new TimeoutException($"job {jobId}: {await progress.GetAsync(jobId, default)}\n{fx.Logs()}");
    }

    private async Task<List<string>> PathsAsync(string sql, Guid jobId)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(jobId);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>Embeddings per model for the job, each counted once per region (a second row for a region would show).</summary>
    private async Task<long[]> PerModelAsync(Guid jobId)
    {
        await using var cmd = fx.Db.CreateCommand("SELECT count(*) FROM embeddings WHERE job_id = $1 GROUP BY model_id ORDER BY model_id");
        cmd.Parameters.AddWithValue(jobId);
        var counts = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) counts.Add(r.GetInt64(0));
        return [.. counts];
    }

    /// <summary>A real JPEG whose frame header (SOF) declares another size: a decompression bomb's shape, with nothing to decode.</summary>
    private static byte[] Declaring(byte[] jpeg, ushort width, ushort height)
    {
        var bytes = (byte[])jpeg.Clone();
        var sof = Enumerable.Range(2, bytes.Length - 9).First(i => bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC1 or 0xC2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), width);
        return bytes;
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);
}
