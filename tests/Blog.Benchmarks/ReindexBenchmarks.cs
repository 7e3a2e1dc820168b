using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Blog.Operations;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Blog.Benchmarks;

/// <summary>
/// A reindex of the shared corpus into an empty index on a local Azurite, with and without the
/// search rows, measured in the same run: what search adds to publishing, as a ratio. Each
/// iteration starts from a fresh table and containers (set up outside the measurement).
/// Needs Node.js and <c>npm ci</c> (Azurite in node_modules) and the corpus beside the repository.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class ReindexBenchmarks
{
    private readonly List<(string Name, byte[] Content)> _files = [];
    private Process? _azurite;
    private string _connectionString = string.Empty;
    private Reindexer? _reindexer;

    [GlobalSetup]
    public void Setup()
    {
        var root = Documents.RepositoryRoot();
        _files.AddRange(Documents.CorpusFiles().Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))));
        var (blobPort, tablePort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in new[]
        {
            Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js"),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queuePort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        _azurite = Process.Start(info) ?? throw new InvalidOperationException("Could not start Azurite with node.");
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();
        foreach (var port in new[] { blobPort, tablePort })
        {
            WaitUntilListening(port);
        }

        const string Account = "devstoreaccount1";
        const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        _connectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
    }

    [IterationSetup(Target = nameof(WithoutSearch))]
    public void SetupWithoutSearch() => _reindexer = FreshBlog(indexesSearch: false);

    [IterationSetup(Target = nameof(WithSearch))]
    public void SetupWithSearch() => _reindexer = FreshBlog(indexesSearch: true);

    [Benchmark(Baseline = true, Description = "reindex, no search rows")]
    public ReindexResult WithoutSearch() => _reindexer!.ReindexAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "reindex with search rows")]
    public ReindexResult WithSearch() => _reindexer!.ReindexAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _azurite?.Kill(entireProcessTree: true);
        _azurite?.Dispose();
    }

    private Reindexer FreshBlog(bool indexesSearch)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var options = Options.Create(new BlogOptions { TableName = "bench" + id, PostsContainer = "posts-" + id, HtmlContainer = "html-" + id });
        var store = new BlogStore(new TableServiceClient(_connectionString), new BlobServiceClient(_connectionString), options);
        store.EnsureCreatedAsync().GetAwaiter().GetResult();
        Parallel.ForEach(_files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, file =>
            store.Posts.GetBlobClient(file.Name).Upload(BinaryData.FromBytes(file.Content), overwrite: true));
        var publisher = new ArticlePublisher(store, new ArticleCompiler(new MarkdownRenderer()), TimeProvider.System, NullLogger<ArticlePublisher>.Instance)
        {
            IndexesSearch = indexesSearch,
        };
        return new Reindexer(store, publisher, NullLogger<Reindexer>.Instance);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitUntilListening(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }
}
