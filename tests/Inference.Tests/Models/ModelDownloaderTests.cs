using System.Net;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Inference.Models.Download;

namespace Pipeline.Inference.Tests;

public sealed class ModelDownloaderTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private static readonly byte[] Weights = Encoding.UTF8.GetBytes("pretend these are ONNX weights");
    private static readonly string WeightsSha = Convert.ToHexStringLower(SHA256.HashData(Weights));
    private static readonly ModelHubs Hubs = new(new Uri("http://hub.test/"), new Uri("http://gh.test/"), new Uri("http://api.gh.test/"));

    private readonly string _dir = Directory.CreateTempSubdirectory("models-dl-").FullName;
    private readonly FakeHub _hub = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ModelDownloader Downloader() => new(new HttpClient(_hub), Hubs, TextWriter.Null);

    private static ModelLock Lock(string revision, string sha) => ModelLock.Parse(
        $"# a comment that must survive\nclip\thf:org/clip\t{revision}\tvisual/model.onnx\tvisual/model.onnx\t{sha}\n", "test.lock");

    [Fact]
    public async Task A_pinned_file_is_fetched_at_its_commit_verified_and_kept_on_the_next_run()
    {
        _hub.Files[$"/org/clip/resolve/{Commit}/visual/model.onnx"] = Weights;

        var first = await Downloader().DownloadAsync(Lock(Commit, WeightsSha), _dir, [], pin: false, default);
        var second = await Downloader().DownloadAsync(Lock(Commit, WeightsSha), _dir, [], pin: false, default);

        Assert.Equal(Weights, File.ReadAllBytes(Path.Combine(_dir, "clip", "visual", "model.onnx")));
        Assert.Equal((1, 0), (first.Downloaded, first.AlreadyPresent));
        Assert.Equal((0, 1), (second.Downloaded, second.AlreadyPresent));
        Assert.Single(_hub.Requests);
        Assert.Empty(first.Pinned);
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_checksum_is_discarded()
    {
        _hub.Files[$"/org/clip/resolve/{Commit}/visual/model.onnx"] = Encoding.UTF8.GetBytes("tampered");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Downloader().DownloadAsync(Lock(Commit, WeightsSha), _dir, [], false, default));

        Assert.Contains(WeightsSha, e.Message);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unpinned_entry_is_refused_unless_pinning_is_asked_for()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Downloader().DownloadAsync(Lock("main", "-"), _dir, [], false, default));
        Assert.Contains("clip/visual/model.onnx", e.Message);
        Assert.Contains("--pin", e.Message);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Pinning_resolves_the_branch_to_a_commit_and_records_the_checksum()
    {
        _hub.Files["/api/models/org/clip/revision/main"] = Encoding.UTF8.GetBytes($$"""{"id":"org/clip","sha":"{{Commit}}"}""");
        _hub.Files[$"/org/clip/resolve/{Commit}/visual/model.onnx"] = Weights;
        var modelLock = Lock("main", "-");

        var report = await Downloader().DownloadAsync(modelLock, _dir, ["clip"], pin: true, default);
        modelLock.Update(report.Pinned);

        var pinned = Assert.Single(modelLock.Entries);
        Assert.Equal((Commit, WeightsSha), (pinned.Revision, pinned.Sha256));
        Assert.True(pinned.IsPinned);
        Assert.StartsWith("# a comment that must survive\n", modelLock.ToString());
        Assert.Equal(pinned, ModelLock.Parse(modelLock.ToString(), "round trip").Entries.Single());
    }

    [Fact]
    public async Task An_unknown_model_name_lists_the_models_in_the_lock()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Downloader().DownloadAsync(Lock(Commit, WeightsSha), _dir, ["dino"], false, default));
        Assert.Contains("dino", e.Message);
        Assert.Contains("it has: clip", e.Message);
    }

    [Fact]
    public async Task A_missing_file_on_the_hub_names_the_url()
    {
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => Downloader().DownloadAsync(Lock(Commit, WeightsSha), _dir, [], false, default));
        Assert.Contains($"http://hub.test/org/clip/resolve/{Commit}/visual/model.onnx: 404", e.Message);
    }

    [Theory]
    [InlineData("clip\thf:org/clip\tmain\tmodel.onnx\t-", "expected 6")]
    [InlineData("clip\ts3:bucket/clip\tmain\tmodel.onnx\tmodel.onnx\t-", "neither hf:")]
    [InlineData("clip\thf:org/clip\tmain\tmodel.onnx\t../../etc/passwd\t-", "inside the model folder")]
    [InlineData("clip\thf:org/clip\tmain\tmodel.onnx\t/etc/passwd\t-", "inside the model folder")]
    public void A_malformed_lock_line_is_refused_with_its_line_number(string line, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelLock.Parse("# header\n" + line, "models.lock"));
        Assert.StartsWith("models.lock:2:", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void GitHub_sources_use_raw_files_and_the_commits_api()
    {
        var entry = new LockEntry("resnet50", "gh:onnx/models", "main", "validated/resnet50.onnx", "resnet50.onnx", "-");
        Assert.Equal("http://gh.test/onnx/models/raw/abc/validated/resnet50.onnx", Hubs.FileUrl(entry, "abc").ToString());
        Assert.Equal("http://api.gh.test/repos/onnx/models/commits/main", Hubs.HeadUrl(entry).ToString());
        Assert.Throws<InvalidDataException>(() => ModelHubs.CommitOf("""{"sha":"not-a-commit"}"""));
    }

    private sealed class FakeHub : HttpMessageHandler
    {
        public Dictionary<string, byte[]> Files { get; } = [];
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Requests.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(Files.TryGetValue(request.RequestUri.AbsolutePath, out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" });
        }
    }
}
