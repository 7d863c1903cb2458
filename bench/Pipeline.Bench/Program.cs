using Pipeline.Bench;

// Benchmarks print figures; they assert nothing. `dotnet run -c Release --project bench/Pipeline.Bench -- <name> [args]`.
return args.FirstOrDefault() switch
{
    "hdbscan" => ClusteringBench.Hdbscan(args[1..]),
    "xmeans" => ClusteringBench.XMeans(args[1..]),
    "pca" => PcaBench.Run(args[1..]),
    "umap" => UmapBench.Run(args[1..]),
    "snapshot" => await SnapshotBench.RunAsync(args[1..]),
    "search" => await SearchBench.RunAsync(args[1..]),
    "scan" => SearchBench.Scan(args[1..]),
    "descriptor" => DescriptorBench.Run(args[1..]),
    "embed" => EmbedBench.Run(args[1..]),
    "detect" => DetectBench.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        usage: bench <name> [args]
          hdbscan [n[,n...]] [blobs|manifolds] [auto|exact|approximate]
                               HDBSCAN on 32-d data with noise (default 100000,300000,1000000 blobs auto):
                               seconds per stage, neighbour search used, peak memory
          xmeans [n]           x-means on 32-d blobs
          pca [n] [dim] [k]    randomised PCA (default 1000000 x 512 -> 32): fit and transform seconds
          umap [n] [dim] [k] [pca] [blobs|lowrank]
                               UMAP (default 100000 x 512 -> 32 after PCA to 50; pca 0 skips it): kNN, layout seconds, memory
          snapshot [n] [dim]   snapshot read from PostgreSQL by binary COPY (default 1000000 x 512), vectors/s; needs the services
          search [n] [dim] [queries] [ef_search[,ef_search...]] [m] [ef_construction]
                               HNSW build, top-10 p50/p95 and recall@10, multi-image CV scan, noise filter apply rate
                               (default 100000 x 512); needs the services
          scan [n] [dim]       exact top-100 and multi-image CV scans over an in-memory matrix (default 1000000 x 512)
          descriptor [count]   weight-free descriptor throughput on generated 1024x768 JPEGs
          embed <models> <model> [batches] [images] [provider]
                               ONNX image model: model alone and decode+preprocess+model, images/s per batch size
          detect <dino-folder> [pages] [prompt] [provider]
                               Grounding DINO pages/s on generated A4 pages
        End-to-end throughput: `pipeline bench` (needs the services; see README).
        """);
    return 2;
}
