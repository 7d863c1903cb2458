using System.CommandLine;
using Pipeline.Vision;

namespace Pipeline.Cli.Commands;

internal static class SampleCommand
{
    public static Command Create()
    {
        var dir = new Argument<DirectoryInfo>("dir") { Description = "Folder to write the images into (created)." };
        var count = new Option<int>("--count") { Description = "How many images.", DefaultValueFactory = _ => 300 };
        var groups = new Option<int>("--groups") { Description = "How many visually distinct groups.", DefaultValueFactory = _ => 8 };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 320 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 240 };
        var command = new Command("sample", "Generate a sample set of images in distinct visual groups (no services needed).")
        {
            dir, count, groups, width, height,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(dir)!.FullName;
            var images = SyntheticImages.Generate(target, parse.GetValue(count), parse.GetValue(groups), parse.GetValue(width), parse.GetValue(height));
            Console.WriteLine($"wrote {images.Count} images in {parse.GetValue(groups)} groups to {target}");
            return 0;
        });
        return command;
    }
}
