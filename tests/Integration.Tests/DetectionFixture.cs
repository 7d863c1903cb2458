using Pipeline.Inference.Tests.Detection;

namespace Pipeline.Integration.Tests;

/// <summary>The pipeline with the Detect worker running a tiny Grounding DINO of the Hugging Face export's names and shapes.</summary>
public sealed class DetectionFixture : PipelineFixture
{
    protected override void AddSettings(Dictionary<string, string> env)
    {
        // A pinned, small canvas keeps the CPU cost of the tiny model low; a low threshold makes its random boxes count.
        var model = Path.Combine(WorkDir, "dino");
        Directory.Move(DinoFolder.Create("""{"size": {"height": 320, "width": 320}}"""), model);
        env["Detect__ModelPath"] = model;
        env["Detect__BoxThreshold"] = "0.05";
        env["Detect__MinRegionSize"] = "8";
        env["Detect__MaxRegions"] = "3";
    }
}

[CollectionDefinition(Name)]
public sealed class DetectionCollection : ICollectionFixture<DetectionFixture>
{
    public const string Name = "detection";
}
