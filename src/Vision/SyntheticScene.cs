using SkiaSharp;

namespace Pipeline.Vision;

internal enum Backdrop { Flat, Vertical, Horizontal, Radial }

internal enum Shape { Circle, Rect, Triangle, Ring }

internal enum Texture { None, HorizontalStripes, VerticalStripes, DiagonalStripes, Checker }

/// <summary>
/// What every image of one synthetic group shares. Sizes, periods and positions are fractions of the
/// image (of its shorter side for sizes and periods), so a group looks alike at any resolution.
/// </summary>
internal sealed record Scene(
    Backdrop Backdrop, SKColor Back, SKColor Back2, Texture BackTexture, SKColor BackInk,
    Shape Shape, SKColor Fill, Texture FillTexture, SKColor FillInk, float Period, float Size, SKPoint[] Layout)
{
    /// <summary>Eight hand-made scenes that differ in palette, shape, texture and size; further groups are random.</summary>
    public static Scene ForGroup(int group) => group switch
    {
        0 => new(Backdrop.Vertical, Rgb(30, 90, 200), Rgb(150, 210, 255), Texture.None, default,
            Shape.Circle, Rgb(250, 220, 40), Texture.None, default, 0, 0.40f, [new(0.3f, 0.35f)]),
        1 => new(Backdrop.Flat, Rgb(20, 80, 30), default, Texture.None, default,
            Shape.Rect, Rgb(200, 40, 40), Texture.HorizontalStripes, Rgb(250, 250, 250), 0.10f, 0.55f, [new(0.5f, 0.5f)]),
        2 => new(Backdrop.Flat, Rgb(235, 230, 220), default, Texture.None, default,
            Shape.Rect, Rgb(20, 20, 20), Texture.Checker, Rgb(240, 240, 240), 0.12f, 0.50f, [new(0.55f, 0.55f)]),
        3 => new(Backdrop.Radial, Rgb(255, 150, 40), Rgb(120, 20, 10), Texture.None, default,
            Shape.Triangle, Rgb(120, 40, 160), Texture.None, default, 0, 0.18f,
            [new(0.2f, 0.3f), new(0.5f, 0.25f), new(0.8f, 0.3f), new(0.35f, 0.7f), new(0.65f, 0.7f)]),
        4 => new(Backdrop.Horizontal, Rgb(90, 90, 100), Rgb(180, 180, 190), Texture.None, default,
            Shape.Circle, Rgb(40, 60, 200), Texture.VerticalStripes, Rgb(90, 220, 230), 0.06f, 0.25f,
            [new(0.25f, 0.5f), new(0.5f, 0.5f), new(0.75f, 0.5f)]),
        5 => new(Backdrop.Flat, Rgb(15, 15, 30), default, Texture.None, default,
            Shape.Ring, Rgb(245, 245, 245), Texture.None, default, 0, 0.55f, [new(0.5f, 0.5f)]),
        6 => new(Backdrop.Vertical, Rgb(250, 120, 180), Rgb(255, 220, 240), Texture.DiagonalStripes, Rgb(200, 40, 140),
            Shape.Rect, Rgb(40, 170, 70), Texture.None, default, 0.12f, 0.22f, [new(0.7f, 0.3f)]),
        7 => new(Backdrop.Horizontal, Rgb(200, 160, 80), Rgb(150, 100, 40), Texture.None, default,
            Shape.Triangle, Rgb(40, 140, 60), Texture.Checker, Rgb(20, 70, 30), 0.08f, 0.60f, [new(0.5f, 0.55f)]),
        _ => Random(new Random(group * 7919 + 17)),
    };

    static Scene Random(Random rng)
    {
        SKColor Colour() => Rgb(rng.Next(256), rng.Next(256), rng.Next(256));
        T Pick<T>() where T : struct, Enum => Enum.GetValues<T>()[rng.Next(Enum.GetValues<T>().Length)];
        var layout = new SKPoint[rng.Next(1, 5)];
        for (var i = 0; i < layout.Length; i++) layout[i] = new(0.2f + 0.6f * rng.NextSingle(), 0.2f + 0.6f * rng.NextSingle());
        return new(Pick<Backdrop>(), Colour(), Colour(), rng.Next(3) == 0 ? Pick<Texture>() : Texture.None, Colour(),
            Pick<Shape>(), Colour(), Pick<Texture>(), Colour(), 0.05f + 0.1f * rng.NextSingle(),
            0.15f + 0.45f / layout.Length * rng.NextSingle() + 0.1f, layout);
    }

    static SKColor Rgb(int r, int g, int b) => new((byte)r, (byte)g, (byte)b);
}
