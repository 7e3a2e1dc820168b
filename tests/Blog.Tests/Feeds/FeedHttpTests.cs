using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Feeds;

/// <summary>Feeds and the sitemap answer like every public route: strong ETag, 304, HEAD, Cache-Control, CORS, 503 on a storage outage.</summary>
public sealed class FeedHttpTests(AzuriteFixture azurite) : IAsyncLifetime
{
    public static readonly TheoryData<string, string> Routes = new()
    {
        { "/api/feeds/rss", "application/rss+xml; charset=utf-8" },
        { "/api/feeds/atom?tag=even", "application/atom+xml; charset=utf-8" },
        { "/api/feeds/json?category=news", "application/feed+json; charset=utf-8" },
        { "/api/sitemap.xml", "application/xml; charset=utf-8" },
    };

    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog, ("Blog:CacheControl", "public, max-age=300"), ("Blog:AllowedOrigins:0", "https://reader.example"));
        await _blog.PublishAsync("one.md", Post.Markdown(title: "One", slug: "one", date: "2026-11-01T08:00:00Z", tags: ["even"], category: "News"));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Etag_304_head_cache_control_and_cors_as_for_every_route(string path, string contentType)
    {
        var first = await _api.GetAsync(path, ("Origin", "https://reader.example"));
        var etag = first.Header("ETag")!;

        Assert.Equal(200, first.Status);
        Assert.Equal(contentType, first.Header("Content-Type"));
        Assert.Equal("public, max-age=300", first.Header("Cache-Control"));
        Assert.Equal("https://reader.example", first.Header("Access-Control-Allow-Origin"));
        Assert.Matches("^\"[^\"]+\"$", etag);
        Assert.Equal(etag, (await _api.GetAsync(path)).Header("ETag")); // the same articles, the same body

        var notModified = await _api.GetAsync(path, ("If-None-Match", etag));
        Assert.Equal(304, notModified.Status);
        Assert.Empty(notModified.Body);

        var head = await _api.SendAsync("HEAD", path);
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(etag, head.Header("ETag"));
        Assert.Equal(first.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));

        await _blog.PublishAsync("two.md", Post.Markdown(title: "Two", slug: "two", date: "2026-11-02T08:00:00Z", tags: ["even"], category: "News"));
        var changed = await _api.GetAsync(path, ("If-None-Match", etag));
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(etag, changed.Header("ETag"));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_storage_outage_is_a_503_problem(string path, string contentType)
    {
        Assert.NotEmpty(contentType);
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/devstoreaccount1";
        var connection = string.Join(';', azurite.ConnectionString.Split(';')
            .Where(part => part.Length > 0 && !part.StartsWith("BlobEndpoint=", StringComparison.Ordinal) && !part.StartsWith("TableEndpoint=", StringComparison.Ordinal)
                && !part.StartsWith("QueueEndpoint=", StringComparison.Ordinal) && !part.StartsWith("UseDevelopmentStorage", StringComparison.Ordinal))
            .Append($"BlobEndpoint={nowhere}").Append($"TableEndpoint={nowhere}"));
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = 0;
        var blobOptions = new BlobClientOptions();
        blobOptions.Retry.MaxRetries = 0;
        var api = TestApi.OnStorage(_blog, new TableServiceClient(connection, tableOptions), new BlobServiceClient(connection, blobOptions));

        var answer = await api.GetAsync(path);

        Assert.Equal(503, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal("no-store", answer.Header("Cache-Control"));
    }
}
