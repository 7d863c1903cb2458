using Pipeline.Inference.Preprocessing;
using static Pipeline.Inference.Tests.Preprocessing.TestRgb;

namespace Pipeline.Inference.Tests.Preprocessing;

/// <summary>
/// Tensors worked out by hand from PIL's Resample.c rules: scale = in / out; support = filter support * max(scale, 1);
/// output i has centre (i + 0.5) * scale and reads x = max(0, trunc(centre - support + 0.5)) .. min(in, trunc(centre + support + 0.5)) - 1
/// with weight k((x - centre + 0.5) / max(scale, 1)), normalised to sum 1. Like PIL's 8-bit mode, each pass rounds its
/// result to the nearest byte (halves up) and clips it to [0, 255]; the tensor is that byte / 255.
/// </summary>
public sealed class ResampleArithmeticTests
{
    // Row 0 has distinct channels, row 1 is grey (0, 0, 255, 255).
    static readonly (byte, byte, byte)[] Pixels4x2 =
    [
        (10, 200, 255), (20, 100, 0), (30, 50, 0), (40, 0, 0),
        (0, 0, 0), (0, 0, 0), (255, 255, 255), (255, 255, 255),
    ];

    // Bilinear 4 -> 2: scale 2, support 1 * 2 = 2, k(t) = 1 - |t|.
    //   out 0: centre 1, x = 0..2 (trunc(-0.5) = 0, trunc(3.5) = 3): t = -0.25, 0.25, 0.75 -> 0.75, 0.75, 0.25 -> (3, 3, 1) / 7
    //   out 1: centre 3, x = 1..3 (trunc(1.5) = 1, min(4, 5)):       t = -0.75, -0.25, 0.25 -> (1, 3, 3) / 7
    // Vertical 2 -> 2 is the identity (scale 1: centre y + 0.5 reads y with k(0) = 1 and y + 1 with k(1) = 0).
    //   R row 0: (3*10 + 3*20 + 30) / 7 = 120/7,    (20 + 3*30 + 3*40) / 7 = 230/7
    //   G row 0: (3*200 + 3*100 + 50) / 7 = 950/7,  (100 + 3*50 + 0) / 7 = 250/7
    //   B row 0: (3*255) / 7 = 765/7,               0
    //   row 1:   (0 + 0 + 255) / 7 = 255/7,         (0 + 3*255 + 3*255) / 7 = 1530/7
    static readonly double[] Bilinear2x2 =
    [
        120 / 7.0, 230 / 7.0, 255 / 7.0, 1530 / 7.0, // R plane, row-major
        950 / 7.0, 250 / 7.0, 255 / 7.0, 1530 / 7.0, // G plane
        765 / 7.0, 0, 255 / 7.0, 1530 / 7.0,         // B plane
    ];

    // Bicubic (a = -0.5) 4 -> 2: scale 2, support 2 * 2 = 4, so every output reads all of x = 0..3.
    //   k(t) = 1.5|t|^3 - 2.5|t|^2 + 1 for |t| < 1; -0.5 (|t|^3 - 5|t|^2 + 8|t| - 4) for 1 <= |t| < 2.
    //   k(0.25) = 0.0234375 - 0.15625 + 1 = 111/128;  k(0.75) = 0.6328125 - 1.40625 + 1 = 29/128;
    //   k(1.25) = -0.5 (1.953125 - 7.8125 + 10 - 4) = -9/128.
    //   out 0: centre 1, t = -0.25, 0.25, 0.75, 1.25 -> (111, 111, 29, -9) / 128, sum 242/128 -> (111, 111, 29, -9) / 242;
    //   out 1 mirrored: (-9, 29, 111, 111) / 242.
    //   R row 0: (1110 + 2220 + 870 - 360) / 242 = 3840/242,     (-90 + 580 + 3330 + 4440) / 242 = 8260/242
    //   G row 0: (22200 + 11100 + 1450 - 0) / 242 = 34750/242,   (-1800 + 2900 + 5550 + 0) / 242 = 6650/242
    //   B row 0: 111*255 / 242 = 28305/242,                       -9*255 / 242 = -9.5 -> clamped to 0 (PIL's clip8)
    //   row 1:   (29 - 9) * 255 / 242 = 5100/242,                 (111 + 111) * 255 / 242 = 56610/242
    static readonly double[] Bicubic2x2 =
    [
        3840 / 242.0, 8260 / 242.0, 5100 / 242.0, 56610 / 242.0,
        34750 / 242.0, 6650 / 242.0, 5100 / 242.0, 56610 / 242.0,
        28305 / 242.0, 0, 5100 / 242.0, 56610 / 242.0,
    ];

    public static TheoryData<Interpolation> Filters => [Interpolation.Bilinear, Interpolation.Bicubic];

    [Theory]
    [MemberData(nameof(Filters))]
    public void Squashing_4x2_to_2x2_matches_the_hand_computed_tensor(Interpolation filter)
    {
        using var image = From(4, 2, Pixels4x2);

        var tensor = Fill(image, Plain(2, ResizeMode.Squash, filter));

        Close(Expected(filter).Select(Byte).ToArray(), tensor);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public void The_vertical_pass_applies_the_same_taps_to_a_transposed_image(Interpolation filter)
    {
        var transposed = new (byte, byte, byte)[8];
        for (var y = 0; y < 2; y++)
            for (var x = 0; x < 4; x++) transposed[x * 2 + y] = Pixels4x2[y * 4 + x];
        using var image = From(2, 4, transposed);

        var tensor = Fill(image, Plain(2, ResizeMode.Squash, filter));

        // Each 2x2 plane comes out transposed: [a b; c d] -> [a c; b d].
        var expected = Expected(filter).Chunk(4).SelectMany(p => new[] { p[0], p[2], p[1], p[3] }).Select(Byte).ToArray();
        Close(expected, tensor);
    }

    [Fact]
    public void Upscaling_interpolates_between_pixel_centres_and_holds_the_edges()
    {
        // Bilinear 2 -> 4: scale 0.5, support 1 (no widening when enlarging), centres 0.25, 0.75, 1.25, 1.75.
        //   out 0: x = 0 only (trunc(1.75) = 1)            -> a
        //   out 1: x = 0, 1: t = -0.25, 0.75 -> 0.75, 0.25 -> 0.75a + 0.25b
        //   out 2: x = 0, 1: t = -0.75, 0.25 -> 0.25, 0.75 -> 0.25a + 0.75b
        //   out 3: x = 1 only (trunc(1.25) = 1)            -> b
        // One source row: every output row reads it with weight 1. a = 0, b = 200 -> 0, 50, 150, 200.
        using var image = From(2, 1, (0, 0, 0), (200, 200, 200));

        var tensor = Fill(image, Plain(4, ResizeMode.Squash, Interpolation.Bilinear));

        var row = new[] { 0, 50, 150, 200.0 };
        Close(Enumerable.Repeat(row, 12).SelectMany(r => r).Select(v => v / 255).ToArray(), tensor);
    }

    [Fact]
    public void Normalisation_subtracts_the_mean_and_divides_by_the_std_per_channel_plane()
    {
        // 2x1 -> squash 2x2 keeps the columns (identity taps) and repeats the row.
        using var image = From(2, 1, (51, 102, 153), (255, 0, 204));
        var spec = new PreprocessSpec(2, ResizeMode.Squash, Interpolation.Bicubic, [0.1f, 0.2f, 0.3f], [0.5f, 0.25f, 0.2f]);

        var tensor = Fill(image, spec);

        // R: (51/255 - 0.1) / 0.5 = (0.2 - 0.1) / 0.5 = 0.2;  (1 - 0.1) / 0.5 = 1.8
        // G: (0.4 - 0.2) / 0.25 = 0.8;                       (0 - 0.2) / 0.25 = -0.8
        // B: (0.6 - 0.3) / 0.2 = 1.5;                        (0.8 - 0.3) / 0.2 = 2.5
        Close([0.2, 1.8, 0.2, 1.8, 0.8, -0.8, 0.8, -0.8, 1.5, 2.5, 1.5, 2.5], tensor);
    }

    static double[] Expected(Interpolation filter) => filter == Interpolation.Bilinear ? Bilinear2x2 : Bicubic2x2;

    /// <summary>The 8-bit value PIL stores, scaled to [0, 1]: e.g. 120/7 = 17.14 -> 17, 6650/242 = 27.48 -> 27.</summary>
    static double Byte(double resized) => Math.Floor(resized + 0.5) / 255;
}
