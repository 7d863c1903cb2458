namespace Pipeline.Vision;

/// <summary>A box in the source image's pixel grid (as stored, EXIF orientation not applied).</summary>
public readonly record struct PixelBox(int X, int Y, int Width, int Height);

/// <summary>Turns an image, or a region of it, into an L2-normalised vector of <see cref="Dimensions"/> floats.</summary>
public interface IEmbedder
{
    string Model { get; }
    int Dimensions { get; }

    /// <param name="region">Clipped to the image; the whole image when null.</param>
    float[] Embed(string imagePath, PixelBox? region = null);
}
