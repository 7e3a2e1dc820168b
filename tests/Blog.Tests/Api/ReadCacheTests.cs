using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Blog.Tests.Api;

/// <summary>
/// The per-instance read cache, through the real functions: repeated reads cost no storage
/// request, yet a scheduled article appears on time, a publish on this instance shows at once,
/// entries end with their lifetime, and answers (ETag, 304) are byte for byte the same.
/// </summary>
public sealed class ReadCacheTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Scheduled = TestBlog.DefaultNow.AddMinutes(30);

    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog, ("Blog:ReadCacheSeconds", "3600")); // longer than the wait for the scheduled article
        await PublishHereAsync("a.md", Post.Markdown(title: "Alpha", slug: "a", date: "2026-11-01", tags: ["ai"]));
        await PublishHereAsync("later.md", Post.Markdown(title: "Later", slug: "later", date: Scheduled.ToString("O"), tags: ["ai"]));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    /// <summary>Publishes on this instance: through the app's own publisher, as its blob function does.</summary>
    private async Task PublishHereAsync(string name, string content)
    {
        var blob = await _blog.UploadAsync(name, content);
        await _api.Services.GetRequiredService<ArticlePublisher>().PublishAsync(blob);
    }

    [Theory]
    [InlineData("/api/articles")]
    [InlineData("/api/articles/a")]
    [InlineData("/api/tags")]
    [InlineData("/api/tags/ai")]
    [InlineData("/api/search?q=alpha")]
    [InlineData("/api/feeds/rss")]
    [InlineData("/api/sitemap.xml")]
    public async Task A_repeated_read_costs_no_storage_request_and_answers_the_same_bytes(string path)
    {
        var first = await _api.GetAsync(path);
        var before = _blog.Attempts.Count;

        var second = await _api.GetAsync(path);
        var conditional = await _api.GetAsync(path, ("If-None-Match", first.Header("ETag")!));

        Assert.Equal(before, _blog.Attempts.Count);
        Assert.Equal(200, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Header("ETag"), second.Header("ETag"));
        Assert.Equal(304, conditional.Status);
    }

    [Fact]
    public async Task An_article_read_cold_reuses_the_related_candidates_of_tags_just_read_for_another()
    {
        await PublishHereAsync("b.md", Post.Markdown(title: "Beta", slug: "b", date: "2026-11-02", tags: ["ai", "chips"]));
        await PublishHereAsync("c.md", Post.Markdown(title: "Gamma", slug: "c", date: "2026-11-03", tags: ["ai", "chips"]));
        await _api.GetAsync("/api/articles/b"); // reads the candidates of "ai" and "chips"

        var before = _blog.Attempts.Count;
        var c = await _api.GetAsync("/api/articles/c");

        Assert.Equal(1, _blog.Attempts.Count - before); // its head row only
        Assert.Equal(["b", "a"], c.Json.GetProperty("related").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task A_scheduled_article_appears_on_time_with_a_warm_cache()
    {
        Assert.Equal(["a"], Slugs(await _api.GetAsync("/api/articles")));
        Assert.Equal(404, (await _api.GetAsync("/api/articles/later")).Status);
        Assert.Equal(1, (await _api.GetAsync("/api/tags/ai")).Json.GetProperty("count").GetInt32());

        _blog.Clock.SetUtcNow(Scheduled);

        Assert.Equal(["later", "a"], Slugs(await _api.GetAsync("/api/articles")));
        Assert.Equal(200, (await _api.GetAsync("/api/articles/later")).Status);
        Assert.Equal(2, (await _api.GetAsync("/api/tags/ai")).Json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_publish_on_this_instance_is_seen_at_once()
    {
        Assert.Equal("Alpha", (await _api.GetAsync("/api/articles/a")).Json.GetProperty("title").GetString());
        Assert.Single(Slugs(await _api.GetAsync("/api/articles")));

        await PublishHereAsync("a.md", Post.Markdown(title: "Alpha, revised", slug: "a", date: "2026-11-01", tags: ["ai"]));
        await PublishHereAsync("b.md", Post.Markdown(title: "Beta", slug: "b", date: "2026-11-02"));

        Assert.Equal("Alpha, revised", (await _api.GetAsync("/api/articles/a")).Json.GetProperty("title").GetString());
        Assert.Equal(["b", "a"], Slugs(await _api.GetAsync("/api/articles")));
    }

    [Fact]
    public async Task A_publish_elsewhere_shows_when_the_entry_s_lifetime_ends()
    {
        var api = new TestApi(_blog, ("Blog:ReadCacheSeconds", "60"));
        Assert.Single(Slugs(await api.GetAsync("/api/articles")));
        await _blog.PublishAsync("b.md", Post.Markdown(title: "Beta", slug: "b", date: "2026-11-02")); // another instance

        Assert.Single(Slugs(await api.GetAsync("/api/articles")));
        _blog.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(["b", "a"], Slugs(await api.GetAsync("/api/articles")));
    }

    [Fact]
    public async Task A_bad_request_is_not_cached_and_a_zero_lifetime_turns_the_cache_off()
    {
        Assert.Equal(400, (await _api.GetAsync("/api/articles?limit=0")).Status);
        Assert.Equal(400, (await _api.GetAsync("/api/articles?limit=0")).Status);

        var uncached = new TestApi(_blog, ("Blog:ReadCacheSeconds", "0"));
        await uncached.GetAsync("/api/articles/a");
        var before = _blog.Attempts.Count;
        await uncached.GetAsync("/api/articles/a");
        Assert.True(_blog.Attempts.Count > before, "with the cache off, a read goes to storage");
    }

    private static List<string> Slugs(HttpAnswer answer) =>
        answer.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();
}
