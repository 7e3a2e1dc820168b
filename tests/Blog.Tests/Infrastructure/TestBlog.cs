using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// A blog of its own on the shared Azurite: its own table and containers, real SDK clients with
/// a counting policy, a clock the test controls, and the real services on top.
/// </summary>
public sealed class TestBlog : IAsyncDisposable
{
    private TestBlog(AzuriteFixture azurite, DateTimeOffset now)
    {
        ConnectionString = azurite.ConnectionString;
        var id = Guid.NewGuid().ToString("N")[..16];
        Options = new BlogOptions
        {
            TableName = "blog" + id,
            PostsContainer = "posts-" + id,
            HtmlContainer = "rendered-" + id,
        };

        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(Requests, HttpPipelinePosition.PerCall);
        tableOptions.AddPolicy(Attempts, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(Requests, HttpPipelinePosition.PerCall);
        blobOptions.AddPolicy(Attempts, HttpPipelinePosition.PerRetry);
        TableService = new TableServiceClient(azurite.ConnectionString, tableOptions);
        BlobService = new BlobServiceClient(azurite.ConnectionString, blobOptions);
        Clock = new FakeTimeProvider(now);
        Store = new BlogStore(TableService, BlobService, Microsoft.Extensions.Options.Options.Create(Options));
        Compiler = new ArticleCompiler(new MarkdownRenderer());
        Publisher = new ArticlePublisher(Store, Compiler, Clock, NullLogger<ArticlePublisher>.Instance);
    }

    /// <summary>The moment the test clock starts at.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public BlogOptions Options { get; }

    /// <summary>The connection string of the Azurite the blog lives on.</summary>
    public string ConnectionString { get; }

    public StorageRequestPolicy Requests { get; } = new();

    /// <summary>Every HTTP attempt of the clients, retries by the SDK included.</summary>
    public StorageAttemptPolicy Attempts { get; } = new();

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public FakeTimeProvider Clock { get; }

    public BlogStore Store { get; }

    public ArticleCompiler Compiler { get; }

    public ArticlePublisher Publisher { get; }

    public TableClient Table => Store.Table;

    public BlobContainerClient Posts => Store.Posts;

    public static async Task<TestBlog> CreateAsync(AzuriteFixture azurite, DateTimeOffset? now = null)
    {
        var blog = new TestBlog(azurite, now ?? DefaultNow);
        await blog.Store.EnsureCreatedAsync();
        return blog;
    }

    /// <summary>Uploads a file to the posts container, replacing any previous one.</summary>
    public async Task<BlobClient> UploadAsync(string blobName, string content)
    {
        var blob = Posts.GetBlobClient(blobName);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
        return blob;
    }

    /// <summary>Uploads a file and publishes it, as the blob trigger would.</summary>
    public async Task<PublishResult> PublishAsync(string blobName, string content)
    {
        var blob = await UploadAsync(blobName, content);
        return await Publisher.PublishAsync(blob);
    }

    /// <summary>
    /// Every row of the index table, keyed by partition and row, and of the search table (keys
    /// starting <c>[search] </c>), for comparing whole states.
    /// </summary>
    public async Task<SortedDictionary<string, TableEntity>> ReadAllRowsAsync()
    {
        var rows = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>())
        {
            rows[row.PartitionKey + " / " + row.RowKey] = row;
        }

        await foreach (var row in Store.SearchTable.QueryAsync<TableEntity>())
        {
            rows["[search] " + row.PartitionKey + " / " + row.RowKey] = row;
        }

        return rows;
    }

    /// <summary>
    /// Every row as one line of its keys and values, leaving out what differs between two equal
    /// runs (ETags, timestamps, blob ETags, tally versions made from the clock).
    /// </summary>
    public async Task<List<string>> DescribeRowsAsync() =>
        (await ReadAllRowsAsync()).Select(pair => pair.Key + " " + string.Join(", ", pair.Value
                .Where(p => p.Key is not ("odata.etag" or "Timestamp" or "BlobETag") && !(p.Key == "Version" && p.Value is long))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={Format(p.Value)}")))
            .ToList();

    private static string Format(object? value) => value switch
    {
        string text when text.Length > 80 => text[..40] + "…" + text.Length,
        DateTimeOffset moment => moment.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };

    public async ValueTask DisposeAsync()
    {
        await Table.DeleteAsync();
        await Store.SearchTable.DeleteAsync();
        await Posts.DeleteIfExistsAsync();
        await Store.Rendered.DeleteIfExistsAsync();
    }
}
