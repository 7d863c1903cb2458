using System.Security.Cryptography;

namespace Pipeline.Inference.Models.Download;

/// <summary>What a download did: the entries it pinned (to write back to the lock), and the file counts.</summary>
public sealed record DownloadReport(IReadOnlyList<LockEntry> Pinned, int Downloaded, int AlreadyPresent);

/// <summary>
/// Fetches the files of a model lock into the models folder. A pinned entry's file must match its SHA-256 or it is
/// discarded; an unpinned entry is refused unless pinning was asked for, which resolves its branch to the commit it
/// points at now and records the SHA-256 of what arrived, for the user to review and commit. Files already present
/// with the right checksum are kept, so an interrupted download resumes file by file.
/// </summary>
public sealed class ModelDownloader(HttpClient http, ModelHubs hubs, TextWriter log)
{
    public async Task<DownloadReport> DownloadAsync(ModelLock modelLock, string modelsDir, IReadOnlyCollection<string> models,
        bool pin, CancellationToken ct)
    {
        var known = modelLock.Entries.Select(e => e.Model).Distinct().ToList();
        var unknown = models.Except(known).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"No model named {string.Join(", ", unknown)} in the lock file; it has: {string.Join(", ", known)}.");
        var entries = modelLock.Entries.Where(e => models.Count == 0 || models.Contains(e.Model)).ToList();
        var unpinned = entries.Where(e => !e.IsPinned).ToList();
        if (unpinned.Count > 0 && !pin)
            throw new InvalidOperationException(
                $"Not pinned yet (no commit or no checksum): {string.Join(", ", unpinned.Select(e => $"{e.Model}/{e.LocalPath}"))}. " +
                "Run again with --pin to fix them at the commit their branch points at now and record their SHA-256, then review and commit the lock file.");

        var heads = new Dictionary<string, string>();
        var pinned = new List<LockEntry>();
        int downloaded = 0, present = 0;
        foreach (var e in entries)
        {
            var target = Path.Combine(modelsDir, e.Model, e.LocalPath);
            if (e.IsPinned && File.Exists(target) && await Sha256Async(target, ct) == e.Sha256)
            {
                present++;
                continue;
            }
            var revision = LockEntry.CommitPattern().IsMatch(e.Revision) ? e.Revision : await HeadAsync(e, heads, ct);
            var expected = e.Sha256 == LockEntry.Unknown ? null : e.Sha256;
            var sha = await FetchAsync(hubs.FileUrl(e, revision), target, expected, ct);
            downloaded++;
            if (!e.IsPinned) pinned.Add(e with { Revision = revision, Sha256 = sha });
        }
        return new DownloadReport(pinned, downloaded, present);
    }

    private async Task<string> HeadAsync(LockEntry e, Dictionary<string, string> heads, CancellationToken ct)
    {
        var key = e.Source + "@" + e.Revision;
        if (heads.TryGetValue(key, out var commit)) return commit;
        var url = hubs.HeadUrl(e);
        using var response = await http.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
        commit = ModelHubs.CommitOf(await response.Content.ReadAsStringAsync(ct));
        log.WriteLine($"{e.Source} {e.Revision} is at commit {commit}");
        return heads[key] = commit;
    }

    private async Task<string> FetchAsync(Uri url, string target, string? expected, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var part = target + ".part";
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
        var total = response.Content.Headers.ContentLength;
        log.WriteLine($"downloading {url} ({(total is { } t ? $"{t / 1048576.0:F1} MiB" : "size unknown")})");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var source = await response.Content.ReadAsStreamAsync(ct))
        await using (var sink = File.Create(part))
        {
            var buffer = new byte[1 << 20];
            long done = 0, nextReport = 64L << 20;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await sink.WriteAsync(buffer.AsMemory(0, read), ct);
                if ((done += read) < nextReport) continue;
                nextReport += 64L << 20;
                log.WriteLine(total is { } size ? $"  {done * 100 / size}% of {Path.GetFileName(target)}" : $"  {done >> 20} MiB");
            }
        }
        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (expected is not null && sha != expected)
        {
            File.Delete(part);
            throw new InvalidDataException($"{url} does not match the lock file: SHA-256 {sha}, expected {expected}. The file was discarded.");
        }
        File.Move(part, target, overwrite: true);
        return sha;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
