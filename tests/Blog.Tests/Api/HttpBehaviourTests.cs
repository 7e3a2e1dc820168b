using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

/// <summary>
/// What the README promises of the HTTP answers beyond their bodies: health on a storage outage,
/// which answers may be cached and for how long, cursors bound to the key that signed them,
/// articles whose HTML lives in a blob, and a storage hiccup the SDK's retry absorbs.
/// </summary>
public sealed class HttpBehaviourTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string NoStore = "no-store";
    private const string DefaultCacheControl = "public, max-age=60, stale-while-revalidate=600";

    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task Health_is_503_unhealthy_and_uncached_when_storage_does_not_answer()
    {
        // An account on a port nothing listens on, without retries: every request fails at once.
        var nowhere = $"http://127.0.0.1:{Ports.Free()}/devstoreaccount1";
        var connection = azurite.ConnectionString.Split(';')
            .Where(part => !part.StartsWith("BlobEndpoint=", StringComparison.Ordinal) && !part.StartsWith("TableEndpoint=", StringComparison.Ordinal)
                && !part.StartsWith("QueueEndpoint=", StringComparison.Ordinal) && !part.StartsWith("UseDevelopmentStorage", StringComparison.Ordinal))
            .Append($"BlobEndpoint={nowhere}").Append($"TableEndpoint={nowhere}");
        var text = string.Join(';', connection.Where(part => part.Length > 0));
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = 0;
        var blobOptions = new BlobClientOptions();
        blobOptions.Retry.MaxRetries = 0;
        var api = TestApi.OnStorage(_blog, new TableServiceClient(text, tableOptions), new BlobServiceClient(text, blobOptions));

        var down = await api.GetAsync("/api/health");
        var up = await _api.GetAsync("/api/health");

        Assert.Equal(503, down.Status);
        Assert.Equal("unhealthy", down.Json.GetProperty("status").GetString());
        Assert.Equal(NoStore, down.Header("Cache-Control"));
        Assert.Equal(200, up.Status);
        Assert.Equal(NoStore, up.Header("Cache-Control"));
    }

    [Fact]
    public async Task Errors_health_management_answers_and_management_redirects_are_no_store_while_public_answers_are_cacheable()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(title: "Post", slug: "post", tags: ["t"]));
        await _blog.PublishAsync("draft.md", Post.Markdown(title: "Draft", slug: "draft", draft: true));
        await _blog.PublishAsync("draft.md", Post.Markdown(title: "Draft", slug: "draft-moved", draft: true));
        await _blog.PublishAsync("post.md", Post.Markdown(title: "Post", slug: "post-moved", tags: ["t"]));

        foreach (var (method, path, status) in new[]
        {
            ("GET", "/api/articles/unknown", 404),
            ("GET", "/api/articles?limit=0", 400),
            ("GET", "/api/tags/unknown", 404),
            ("GET", "/api/health", 200),
            ("GET", "/api/manage/ingest-errors", 200),
            ("GET", "/api/manage/files/post.md", 200),
            ("GET", "/api/manage/articles/draft-moved", 200),
            ("GET", "/api/manage/articles/draft", 301),
            ("POST", "/api/manage/reindex", 200),
        })
        {
            var answer = await _api.SendAsync(method, path);
            Assert.True(answer.Status == status, $"{method} {path}: {answer.Status}, expected {status}");
            Assert.True(answer.Header("Cache-Control") == NoStore, $"{method} {path}: Cache-Control {answer.Header("Cache-Control")}");
        }

        foreach (var (path, status) in new[] { ("/api/articles/post-moved", 200), ("/api/articles/post", 301), ("/api/articles", 200), ("/api/tags", 200) })
        {
            var answer = await _api.GetAsync(path);
            Assert.True(answer.Status == status, $"{path}: {answer.Status}, expected {status}");
            Assert.Equal(DefaultCacheControl, answer.Header("Cache-Control"));
        }
    }

    [Fact]
    public async Task Blog_CacheControl_sets_the_cache_control_of_successful_public_answers_only()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(title: "Post", slug: "post"));
        var api = new TestApi(_blog, ("Blog:CacheControl", "public, max-age=5"));

        Assert.Equal("public, max-age=5", (await api.GetAsync("/api/articles/post")).Header("Cache-Control"));
        Assert.Equal("public, max-age=5", (await api.GetAsync("/api/articles")).Header("Cache-Control"));
        Assert.Equal(NoStore, (await api.GetAsync("/api/articles/unknown")).Header("Cache-Control"));
        Assert.Equal(NoStore, (await api.GetAsync("/api/health")).Header("Cache-Control"));
        Assert.Equal(DefaultCacheControl, (await _api.GetAsync("/api/articles/post")).Header("Cache-Control"));
    }

    [Fact]
    public async Task A_cursor_signed_with_another_key_is_refused()
    {
        for (var day = 1; day <= 3; day++)
        {
            await _blog.PublishAsync($"p{day}.md", Post.Markdown(title: $"P{day}", slug: $"p{day}", date: $"2026-11-0{day}"));
        }

        var signer = new TestApi(_blog, ("Blog:CursorKey", "the-first-key-of-this-test-0123456789"));
        var sameKey = new TestApi(_blog, ("Blog:CursorKey", "the-first-key-of-this-test-0123456789"));
        var otherKey = new TestApi(_blog, ("Blog:CursorKey", "another-key-entirely-9876543210"));
        var cursor = Uri.EscapeDataString((await signer.GetAsync("/api/articles?limit=1")).Json.GetProperty("nextCursor").GetString()!);

        Assert.Equal(200, (await sameKey.GetAsync("/api/articles?limit=1&cursor=" + cursor)).Status);
        var refused = await otherKey.GetAsync("/api/articles?limit=1&cursor=" + cursor);
        Assert.Equal(400, refused.Status);
        Assert.Contains("cursor is not valid", refused.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, (await _api.GetAsync("/api/articles?limit=1&cursor=" + cursor)).Status); // nor the development key
    }

    [Fact]
    public async Task An_article_whose_html_lives_in_a_blob_is_served_whole_for_two_reads_plus_its_tag_queries()
    {
        var paragraph = "A paragraph of plain words that renders to about its own length in HTML. ";
        var body = string.Join("\n\n", Enumerable.Repeat(paragraph, 7_000)); // about 525,000 characters of HTML
        await _blog.PublishAsync("big.md", Post.Markdown(title: "Big", slug: "big", tags: ["one"], body: body));
        var head = await new Blog.Tests.Storage.IndexReader(_blog.Table).SummaryAsync("big");
        Assert.NotNull(head);
        var blobs = new List<string>();
        await foreach (var item in _blog.Store.Rendered.GetBlobsAsync())
        {
            blobs.Add(item.Name);
        }

        Assert.NotEmpty(blobs); // the HTML went to the rendered container

        var requests = _blog.Requests.Count;
        var attempts = _blog.Attempts.Count;
        var answer = await _api.GetAsync("/api/articles/big");
        var cost = _blog.Requests.Count - requests;

        Assert.Equal(200, answer.Status);
        var html = answer.Json.GetProperty("html").GetString()!;
        Assert.True(html.Length > 430_080, $"only {html.Length} characters of HTML");
        Assert.Equal(7_000, System.Text.RegularExpressions.Regex.Count(html, "<p>"));
        Assert.Equal(2 + 1, cost); // head row and HTML blob, one related query for its one tag
        Assert.Equal(cost, _blog.Attempts.Count - attempts);
    }

    [Fact]
    public async Task One_transient_storage_failure_is_retried_by_the_sdk_and_the_answer_succeeds()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(title: "Post", slug: "post"));
        var requests = _blog.Requests.Count;
        var attempts = _blog.Attempts.Count;

        _blog.Attempts.FailNext(1);
        var answer = await _api.GetAsync("/api/articles/post");

        Assert.Equal(1, _blog.Attempts.Failed);
        Assert.Equal(200, answer.Status);
        Assert.Equal("Post", answer.Json.GetProperty("title").GetString());
        // The budget counts what went over the wire: one logical read, sent twice.
        Assert.Equal(1, _blog.Requests.Count - requests);
        Assert.Equal(2, _blog.Attempts.Count - attempts);
    }
}
