namespace Pipeline.Clustering;

/// <summary>
/// umap-learn's edge sampling in closed form. An edge with e epochs per sample is sampled in epoch n when n reaches
/// the next multiple of e, and then draws the negative samples that fell due since its previous sample, at rate per
/// e epochs, the first falling due at e / rate. umap-learn keeps two running sums per edge for this; counting
/// multiples instead needs no per-edge state, so an epoch is a pure function of the previous one.
/// </summary>
internal static class SampleSchedule
{
    /// <summary>The negative samples edge draws in this epoch, or -1 when it is not sampled.</summary>
    public static int Negatives(int epoch, double epochsPerSample, int rate)
    {
        double e = epochsPerSample, samples = Samples(epoch, e);
        if (epoch < 1 || samples == Samples(epoch - 1, e)) return -1;
        if (rate == 0) return 0;
        double before = 0;
        if (samples >= 2)
        {
            // The previous sample's epoch: the first whose count reached samples - 1 (searched, so rounding agrees).
            int previous = (int)((samples - 1) * e);
            while (previous > 0 && Samples(previous - 1, e) >= samples - 1) previous--;
            while (Samples(previous, e) < samples - 1) previous++;
            before = Due(previous, e, rate);
        }
        return (int)Math.Max(0, Due(epoch, e, rate) - before);
    }

    /// <summary>Samples taken in epochs 0..epoch (none in epoch 0: e is at least 1).</summary>
    private static double Samples(int epoch, double e) => Math.Floor(epoch / e);

    /// <summary>Negative samples drawn by the end of a sampled epoch.</summary>
    private static double Due(int epoch, double e, int rate) => Math.Floor(epoch * (double)rate / e) - 1;
}
