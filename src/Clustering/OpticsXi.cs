namespace Pipeline.Clustering;

/// <summary>
/// scikit-learn 1.4.2's xi cluster extraction (cluster_optics_xi: _xi_cluster with predecessor correction, then
/// _extract_xi_labels), ported statement for statement, quirks included, so its clusters come out the same.
/// Plots are in cluster order (reachability[ordering], predecessor[ordering]).
/// </summary>
internal static class OpticsXi
{
    private sealed class SteepDownArea(int start, int end)
    {
        public int Start { get; } = start;
        public int End { get; } = end;
        public double Mib { get; set; }
    }

    public static (int Start, int End)[] Clusters(double[] reachabilityPlot, int[] predecessorPlot, int[] ordering,
        double xi, int minSamples, int minClusterSize)
    {
        int n = reachabilityPlot.Length;
        // A trailing infinity lets a cluster end at the end of the plot without an upward area after it.
        var r = new double[n + 1];
        reachabilityPlot.CopyTo(r, 0);
        r[n] = double.PositiveInfinity;

        double xiComplement = 1 - xi;
        var steepUp = new bool[n];
        var steepDown = new bool[n];
        var up = new bool[n];
        var down = new bool[n];
        for (int i = 0; i < n; i++)
        {
            // inf / inf is NaN, for which every comparison is false, as in numpy.
            double ratio = r[i] / r[i + 1];
            steepUp[i] = ratio <= xiComplement;
            steepDown[i] = ratio >= 1 / xiComplement;
            down[i] = ratio > 1;
            up[i] = ratio < 1;
        }

        var areas = new List<SteepDownArea>();
        var clusters = new List<(int Start, int End)>();
        int index = 0;
        double mib = 0;
        for (int steep = 0; steep < n; steep++)
        {
            if (!(steepUp[steep] || steepDown[steep]) || steep < index) continue;
            for (int i = index; i <= steep; i++) mib = Math.Max(mib, r[i]);
            areas = FilterAreas(areas, mib, xiComplement, r);
            if (steepDown[steep])
            {
                int end = ExtendRegion(steepDown, up, steep, minSamples);
                areas.Add(new SteepDownArea(steep, end));
                index = end + 1;
                mib = r[index];
                continue;
            }
            int upEnd = ExtendRegion(steepUp, down, steep, minSamples);
            index = upEnd + 1;
            mib = r[index];
            var found = new List<(int, int)>();
            foreach (var area in areas)
            {
                if (ClusterBetween(r, predecessorPlot, ordering, area, steep, upEnd, xiComplement, minClusterSize) is { } cluster) found.Add(cluster);
            }
            // Smaller clusters first.
            found.Reverse();
            clusters.AddRange(found);
        }
        return clusters.ToArray();
    }

    /// <summary>The cluster from a steep down area to the steep up area [upStart, upEnd], if Definition 11 allows one.</summary>
    private static (int, int)? ClusterBetween(double[] r, int[] predecessorPlot, int[] ordering, SteepDownArea area,
        int upStart, int upEnd, double xiComplement, int minClusterSize)
    {
        int start = area.Start, end = upEnd;
        if (r[end + 1] * xiComplement < area.Mib) return null;
        double downMax = r[area.Start];
        if (downMax * xiComplement >= r[end + 1])
        {
            while (r[start + 1] > r[end + 1] && start < area.End) start++;
        }
        else if (r[end + 1] * xiComplement >= downMax)
        {
            while (r[end - 1] > downMax && end > upStart) end--;
        }
        if (!CorrectPredecessor(r, predecessorPlot, ordering, start, ref end)) return null;
        if (end - start + 1 < minClusterSize || start > area.End || end < upStart) return null;
        return (start, end);
    }

    /// <summary>The surviving steep down areas once the maximum in between has risen to mib.</summary>
    private static List<SteepDownArea> FilterAreas(List<SteepDownArea> areas, double mib, double xiComplement, double[] r)
    {
        if (double.IsInfinity(mib)) return [];
        var kept = areas.Where(a => mib <= r[a.Start] * xiComplement).ToList();
        foreach (var area in kept) area.Mib = Math.Max(area.Mib, mib);
        return kept;
    }

    /// <summary>
    /// Algorithm 2 of Schubert and Gertz (2018): shrink the end until its reachability is below the start's or its
    /// predecessor lies in [start, end). False: nothing is left, so no cluster.
    /// </summary>
    private static bool CorrectPredecessor(double[] r, int[] predecessorPlot, int[] ordering, int start, ref int end)
    {
        while (start < end)
        {
            if (r[start] > r[end]) return true;
            if (ordering.AsSpan(start, end - start).Contains(predecessorPlot[end])) return true;
            end--;
        }
        return false;
    }

    /// <summary>
    /// The end of a maximal steep area from start: steep points extend it, at most minSamples consecutive points
    /// that are neither steep nor going the other way (xward) may sit inside it, and an xward point ends it.
    /// </summary>
    internal static int ExtendRegion(bool[] steep, bool[] xward, int start, int minSamples)
    {
        int nonXward = 0, end = start;
        for (int index = start; index < steep.Length; index++)
        {
            if (steep[index])
            {
                nonXward = 0;
                end = index;
            }
            else if (!xward[index])
            {
                if (++nonXward > minSamples) break;
            }
            else
            {
                return end;
            }
        }
        return end;
    }

    /// <summary>Labels by point: each cluster, smallest first, that overlaps no labelled one gets the next label.</summary>
    public static int[] Labels(int[] ordering, (int Start, int End)[] clusters)
    {
        var byPosition = new int[ordering.Length];
        Array.Fill(byPosition, -1);
        int label = 0;
        foreach (var (start, end) in clusters)
        {
            if (byPosition.AsSpan(start, end - start + 1).ContainsAnyExcept(-1)) continue;
            byPosition.AsSpan(start, end - start + 1).Fill(label++);
        }
        var labels = new int[ordering.Length];
        for (int i = 0; i < ordering.Length; i++) labels[ordering[i]] = byPosition[i];
        return labels;
    }
}
