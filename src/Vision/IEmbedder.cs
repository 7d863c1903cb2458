namespace Pipeline.Vision;

/// <summary>A box in the source image's pixel grid (as stored, EXIF orientation not applied).</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height);

/// <summary>What to embed: an image or a box of it, and optionally a small stored copy of exactly that region.</summary>
public readonly record struct ImageRegion(string Path, PixelBox? Box = null, string? Derivative = null);

/// <summary>Turns an image, or a region of it, into an L2-normalised vector of <see cref="Dimensions"/> floats.</summary>
public interface IEmbedder
{
    string Model { get; }
    int Dimensions { get; }

    /// <param name="region">Clipped to the image; the whole image when null.</param>
    float[] Embed(string imagePath, PixelBox? region = null);

    /// <summary>
    /// Embeds a batch. The default runs <see cref="Embed(string, PixelBox?)"/> on every core and reads the derivative
    /// where there is one (enough pixels for a classical descriptor); models with batched inference replace it.
    /// </summary>
    float[][] Embed(IReadOnlyList<ImageRegion> batch)
    {
        var vectors = new float[batch.Count][];
        Parallel.For(0, batch.Count, i =>
        {
            var r = batch[i];
            vectors[i] = r.Derivative is { } d && File.Exists(d) ? Embed(d) : Embed(r.Path, r.Box);
        });
        return vectors;
    }
}
