using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace Pipeline.Vision;

/// <summary>Paints one image of a <see cref="Scene"/> with per-image jitter in position, size, angle, colour and pixel noise.</summary>
internal static class SyntheticPainter
{
    public static SKBitmap Paint(Scene scene, int width, int height, Random rng)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        PaintBackdrop(bitmap, scene, rng);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true })
        {
            float side = Math.Min(width, height);
            if (scene.BackTexture != Texture.None)
                PaintTexture(canvas, paint, scene.BackTexture, Jitter(scene.BackInk, rng), scene.Period * side, width, height, rng);
            foreach (var at in scene.Layout)
            {
                var centre = new SKPoint((at.X + Spread(rng, 0.05f)) * width, (at.Y + Spread(rng, 0.05f)) * height);
                var size = scene.Size * side * (1 + Spread(rng, 0.12f));
                using var path = Outline(scene.Shape, centre, size, Spread(rng, 12f));
                paint.Color = Jitter(scene.Fill, rng);
                canvas.DrawPath(path, paint);
                if (scene.FillTexture == Texture.None) continue;
                canvas.Save();
                canvas.ClipPath(path, antialias: true);
                PaintTexture(canvas, paint, scene.FillTexture, Jitter(scene.FillInk, rng), scene.Period * side, width, height, rng);
                canvas.Restore();
            }
        }
        AddNoise(bitmap.GetPixelSpan(), width, rng);
        return bitmap;
    }

    /// <summary>Gradients are written row by row into the pixels: Skia's per-pixel gradient shader costs more than the rest of the image.</summary>
    static void PaintBackdrop(SKBitmap bitmap, Scene scene, Random rng)
    {
        SKColor from = Jitter(scene.Back, rng), to = Jitter(scene.Back2, rng);
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        int width = bitmap.Width, height = bitmap.Height;
        switch (scene.Backdrop)
        {
            case Backdrop.Vertical:
                for (var y = 0; y < height; y++) pixels.Slice(y * width, width).Fill(Lerp(from, to, (float)y / (height - 1)));
                break;
            case Backdrop.Horizontal:
                for (var x = 0; x < width; x++) pixels[x] = Lerp(from, to, (float)x / (width - 1));
                for (var y = 1; y < height; y++) pixels[..width].CopyTo(pixels.Slice(y * width, width));
                break;
            case Backdrop.Radial:
                using (var canvas = new SKCanvas(bitmap))
                using (var paint = new SKPaint())
                using (var shader = SKShader.CreateRadialGradient(
                    new((0.5f + Spread(rng, 0.1f)) * width, (0.5f + Spread(rng, 0.1f)) * height),
                    0.7f * Math.Max(width, height), [from, to], SKShaderTileMode.Clamp))
                {
                    paint.Shader = shader;
                    canvas.DrawPaint(paint);
                }
                break;
            default:
                pixels.Fill(Lerp(from, to, 0));
                break;
        }
    }

    /// <summary>An opaque Rgba8888 pixel as one little-endian word.</summary>
    static uint Lerp(SKColor from, SKColor to, float t)
    {
        uint Channel(byte a, byte b) => (uint)(a + (b - a) * t + 0.5f);
        return Channel(from.Red, to.Red) | Channel(from.Green, to.Green) << 8 | Channel(from.Blue, to.Blue) << 16 | 0xFF000000;
    }

    /// <summary>Stripes or checks over the whole canvas (callers clip), at a random phase.</summary>
    static void PaintTexture(SKCanvas canvas, SKPaint paint, Texture texture, SKColor ink, float period, int width, int height, Random rng)
    {
        paint.Color = ink;
        var half = period / 2;
        var phase = rng.NextSingle() * period;
        if (texture == Texture.Checker)
        {
            for (var row = 0; row * half < height + period; row++)
            for (var x = row % 2 * half - phase; x < width; x += period)
                canvas.DrawRect(x, row * half - phase, half, half, paint);
            return;
        }
        var span = MathF.Sqrt(width * width + height * height);
        canvas.Save();
        canvas.RotateDegrees(texture switch { Texture.VerticalStripes => 90, Texture.DiagonalStripes => 45, _ => 0 },
            width / 2f, height / 2f);
        for (var y = -span + phase; y < 2 * span; y += period)
            canvas.DrawRect(-span, y, 3 * span, half, paint);
        canvas.Restore();
    }

    static SKPath Outline(Shape shape, SKPoint centre, float size, float degrees)
    {
        var path = new SKPath();
        var r = size / 2;
        switch (shape)
        {
            case Shape.Circle:
                path.AddCircle(centre.X, centre.Y, r);
                break;
            case Shape.Ring:
                path.AddCircle(centre.X, centre.Y, r);
                path.AddCircle(centre.X, centre.Y, r * 0.7f, SKPathDirection.CounterClockwise);
                break;
            case Shape.Rect:
                path.AddRect(SKRect.Create(centre.X - r, centre.Y - r * 0.75f, size, size * 0.75f));
                break;
            default:
                path.MoveTo(centre.X, centre.Y - r);
                path.LineTo(centre.X + r * 0.87f, centre.Y + r / 2);
                path.LineTo(centre.X - r * 0.87f, centre.Y + r / 2);
                path.Close();
                break;
        }
        path.Transform(SKMatrix.CreateRotationDegrees(degrees, centre.X, centre.Y));
        return path;
    }

    /// <summary>
    /// Triangular noise of up to +-10 levels (sigma ~4.5) on R, G and B. Four rows' worth of random offsets
    /// are added to each row from a random start with saturating vector adds: a random number per pixel
    /// would cost more than the drawing, and at this amplitude the reuse cannot be seen.
    /// </summary>
    static void AddNoise(Span<byte> rgba, int width, Random rng)
    {
        var rowBytes = width * 4;
        var rented = ArrayPool<sbyte>.Shared.Rent(4 * rowBytes);
        try
        {
            var table = rented.AsSpan(0, 4 * rowBytes);
            for (var i = 0; i < table.Length; i++)
                table[i] = i % 4 == 3 ? (sbyte)0 : (sbyte)(rng.Next(11) + rng.Next(11) - 10); // alpha stays opaque
            var bias = Vector128.Create((byte)0x80);
            for (var row = 0; row + rowBytes <= rgba.Length; row += rowBytes)
            {
                var noise = table.Slice(4 * rng.Next(3 * width), rowBytes);
                var pixels = rgba.Slice(row, rowBytes);
                var i = 0;
                for (; i + 16 <= rowBytes; i += 16)
                {
                    // Unsigned pixels shifted into signed range so one saturating add handles both directions.
                    var shifted = (Vector128.Create(pixels.Slice(i, 16)) ^ bias).AsSByte();
                    (Vector128.AddSaturate(shifted, Vector128.Create(noise.Slice(i, 16))).AsByte() ^ bias).CopyTo(pixels[i..]);
                }
                for (; i < rowBytes; i++) pixels[i] = (byte)Math.Clamp(pixels[i] + noise[i], 0, 255);
            }
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(rented);
        }
    }

    static SKColor Jitter(SKColor colour, Random rng) => new(
        (byte)Math.Clamp(colour.Red + rng.Next(-12, 13), 0, 255),
        (byte)Math.Clamp(colour.Green + rng.Next(-12, 13), 0, 255),
        (byte)Math.Clamp(colour.Blue + rng.Next(-12, 13), 0, 255));

    static float Spread(Random rng, float amount) => (2 * rng.NextSingle() - 1) * amount;
}
