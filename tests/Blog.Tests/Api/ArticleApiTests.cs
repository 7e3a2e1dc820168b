using System.Text.Json;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

public sealed class ArticleApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private async Task PublishAsync(string slug, string date, string[]? tags = null, string? category = null, string? body = null, params string[] extra) =>
        await _blog.PublishAsync(slug + ".md", Post.Markdown(title: "Title " + slug, slug: slug, date: date, tags: tags, category: category, body: body ?? "Body of " + slug + ".", extra: extra));

    private static List<string> Slugs(HttpAnswer answer) =>
        answer.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();

    [Fact]
    public async Task Lists_articles_newest_first_with_total_and_every_summary_field()
    {
        await PublishAsync("older", "2026-11-01", ["ai"], "news");
        await PublishAsync("newer", "2026-11-02", ["ai", "tools"], "news");

        var answer = await _api.GetAsync("/api/articles");

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal(["newer", "older"], Slugs(answer));
        Assert.Equal(2, answer.Json.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("nextCursor").ValueKind);
        var item = answer.Json.GetProperty("items")[0];
        foreach (var field in new[] { "slug", "title", "description", "excerpt", "category", "categories", "tags", "author", "coverImage", "publishedAt", "updatedAt", "readingTimeMinutes", "wordCount", "featured" })
        {
            Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal("2026-11-02T00:00:00Z", item.GetProperty("publishedAt").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("author").ValueKind);
        Assert.Equal("news", item.GetProperty("category").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Paging_returns_every_article_exactly_once_in_order()
    {
        for (var day = 1; day <= 7; day++)
        {
            await PublishAsync($"post-{day}", $"2026-11-{day:00}T10:00:00Z");
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var answer = await _api.GetAsync("/api/articles?limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(200, answer.Status);
            Assert.Equal(7, answer.Json.GetProperty("total").GetInt32());
            seen.AddRange(Slugs(answer));
            cursor = answer.Json.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(d => $"post-{d}"), seen);
    }

    [Fact]
    public async Task Drafts_scheduled_and_expired_articles_are_invisible_until_their_time()
    {
        await PublishAsync("live", "2026-11-01");
        await PublishAsync("draft", "2026-11-01", extra: "draft: true");
        await PublishAsync("scheduled", "2026-12-01T00:00:00Z", ["t"]);
        await PublishAsync("expiring", "2026-11-01", ["t"], extra: "expiryDate: 2026-11-29T00:00:00Z");

        var now = await _api.GetAsync("/api/articles");
        Assert.Equal(["expiring", "live"], Slugs(now)); // same moment: by slug
        Assert.Equal(2, now.Json.GetProperty("total").GetInt32());
        Assert.Equal(404, (await _api.GetAsync("/api/articles/draft")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/articles/scheduled")).Status);
        Assert.Equal(1, (await _api.GetAsync("/api/tags/t")).Json.GetProperty("count").GetInt32());

        _blog.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        var later = await _api.GetAsync("/api/articles");
        Assert.Equal(["scheduled", "live"], Slugs(later));
        Assert.Equal(2, later.Json.GetProperty("total").GetInt32());
        Assert.Equal(200, (await _api.GetAsync("/api/articles/scheduled")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/articles/expiring")).Status);
        Assert.Equal(1, (await _api.GetAsync("/api/tags/t")).Json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Filters_by_tags_category_and_time()
    {
        await PublishAsync("a", "2026-11-01", ["x", "y"], "news");
        await PublishAsync("b", "2026-11-02", ["x"], "news");
        await PublishAsync("c", "2026-11-03", ["x", "y"], "opinion");

        Assert.Equal(["c", "b", "a"], Slugs(await _api.GetAsync("/api/articles?tag=x")));
        Assert.Equal(3, (await _api.GetAsync("/api/articles?tag=x")).Json.GetProperty("total").GetInt32());
        var both = await _api.GetAsync("/api/articles?tag=x&tag=y");
        Assert.Equal(["c", "a"], Slugs(both));
        Assert.Equal(JsonValueKind.Null, both.Json.GetProperty("total").ValueKind);
        Assert.Equal(["b", "a"], Slugs(await _api.GetAsync("/api/articles?category=news")));
        Assert.Equal(["a"], Slugs(await _api.GetAsync("/api/articles?tag=y&category=news")));
        Assert.Equal(["b", "a"], Slugs(await _api.GetAsync("/api/articles?before=2026-11-03T00:00:00Z")));
        Assert.Equal(["c", "b"], Slugs(await _api.GetAsync("/api/articles?after=2026-11-01T00:00:00Z")));
        Assert.Equal(["b"], Slugs(await _api.GetAsync("/api/articles?after=2026-11-01T00:00:00Z&before=2026-11-03T00:00:00Z")));
        Assert.Empty(Slugs(await _api.GetAsync("/api/articles?tag=unknown")));
    }

    [Theory]
    [InlineData("limit=0", "limit must be an integer between 1 and 100")]
    [InlineData("limit=101", "limit must be an integer between 1 and 100")]
    [InlineData("limit=ten", "limit must be an integer between 1 and 100")]
    [InlineData("tag=x'%20or%20PartitionKey%20ne%20'", "tag must be a tag slug")]
    [InlineData("category=News%20Today", "category must be a category slug")]
    [InlineData("before=yesterday", "before must be an ISO 8601 instant")]
    [InlineData("after=2026-13-45", "after must be an ISO 8601 instant")]
    [InlineData("cursor=forged", "cursor is not valid")]
    [InlineData("before=0001-01-01T00:00:00Z", "before must be an ISO 8601 instant")]
    [InlineData("after=9999-12-31T23:59:59Z", "after must be an ISO 8601 instant")]
    [InlineData("before=11/28/2026", "before must be an ISO 8601 instant")]
    [InlineData("tag=a&tag=b&tag=c&tag=d&tag=e&tag=f", "tag may be given at most 5 times")]
    [InlineData("limit=1&limit=2", "limit may be given only once")]
    [InlineData("cursor=eyJRdWVyeSI6ImFydGljbGVzfHQ9fGM9fGI9fGE9IiwiQWZ0ZXIiOiIwIiwiT2Zmc2V0IjowfQAAAAAAAAAAAAAAAAAAAAA", "cursor is not valid")]
    public async Task Bad_parameters_are_a_400_problem_that_says_what_to_change(string query, string detail)
    {
        var answer = await _api.GetAsync("/api/articles?" + query);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal(400, answer.Json.GetProperty("status").GetInt32());
        Assert.Equal("Bad Request", answer.Json.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("type").GetString()));
        Assert.Contains(detail, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_from_another_query_or_changed_is_refused()
    {
        for (var day = 1; day <= 3; day++)
        {
            await PublishAsync($"p{day}", $"2026-11-0{day}", ["x"]);
        }

        var cursor = (await _api.GetAsync("/api/articles?limit=1")).Json.GetProperty("nextCursor").GetString()!;

        Assert.Equal(200, (await _api.GetAsync("/api/articles?limit=1&cursor=" + cursor)).Status);
        Assert.Equal(400, (await _api.GetAsync("/api/articles?limit=1&tag=x&cursor=" + cursor)).Status);
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];
        Assert.Equal(400, (await _api.GetAsync("/api/articles?limit=1&cursor=" + tampered)).Status);
    }

    [Fact]
    public async Task An_article_has_html_toc_canonical_url_and_related_articles()
    {
        await PublishAsync("main", "2026-11-05", ["a", "b", "c"], body: "## First part\n\nText.\n\n### Detail\n\nMore.", extra: "canonicalUrl: https://example.com/main");
        await PublishAsync("two-shared", "2026-11-01", ["a", "b"]);
        await PublishAsync("one-shared-new", "2026-11-04", ["c"]);
        await PublishAsync("one-shared-old", "2026-11-02", ["a"]);
        await PublishAsync("three-shared-draft", "2026-11-03", ["a", "b", "c"], extra: "draft: true");
        await PublishAsync("unrelated", "2026-11-04", ["z"]);

        var answer = await _api.GetAsync("/api/articles/main");

        Assert.Equal(200, answer.Status);
        var article = answer.Json;
        Assert.Equal("main", article.GetProperty("slug").GetString());
        Assert.Contains("<h2 id=\"first-part\">First part</h2>", article.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(["first-part", "detail"], article.GetProperty("toc").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(2, article.GetProperty("toc")[0].GetProperty("level").GetInt32());
        Assert.Equal("https://example.com/main", article.GetProperty("canonicalUrl").GetString());
        Assert.Equal(
            ["two-shared", "one-shared-new", "one-shared-old"],
            article.GetProperty("related").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task An_old_slug_or_alias_answers_301_to_the_current_one()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(slug: "first", aliases: ["legacy"]));
        await _blog.PublishAsync("post.md", Post.Markdown(slug: "second", aliases: ["legacy"]));

        var old = await _api.GetAsync("/api/articles/first");
        var alias = await _api.GetAsync("/api/articles/legacy?x=1");

        Assert.Equal(301, old.Status);
        Assert.Equal("/api/articles/second", old.Header("Location"));
        Assert.Equal(301, alias.Status);
        Assert.Equal("/api/articles/second?x=1", alias.Header("Location"));
        Assert.Equal(200, (await _api.GetAsync("/api/articles/second")).Status);
    }

    [Theory]
    [InlineData("/api/articles/unknown")]
    [InlineData("/api/articles/Not%20A%20Slug")]
    [InlineData("/api/articles/a%23b%3Fc")]
    public async Task An_unknown_slug_is_a_404_problem(string path)
    {
        var answer = await _api.GetAsync(path);

        Assert.Equal(404, answer.Status);
        Assert.Equal(404, answer.Json.GetProperty("status").GetInt32());
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
    }

    [Fact]
    public async Task Answers_carry_a_strong_etag_and_cache_control_and_honour_if_none_match()
    {
        await PublishAsync("one", "2026-11-01");

        var first = await _api.GetAsync("/api/articles/one");
        var etag = first.Header("ETag")!;
        var again = await _api.GetAsync("/api/articles/one", ("If-None-Match", etag));
        var weak = await _api.GetAsync("/api/articles/one", ("If-None-Match", "W/" + etag));

        Assert.Matches("^\"[^\"]+\"$", etag);
        Assert.Equal("public, max-age=60, stale-while-revalidate=600", first.Header("Cache-Control"));
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(304, weak.Status);
        Assert.Equal(etag, (await _api.GetAsync("/api/articles/one")).Header("ETag"));

        await PublishAsync("one", "2026-11-01", body: "Changed body.");
        var changed = await _api.GetAsync("/api/articles/one", ("If-None-Match", etag));
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(etag, changed.Header("ETag"));
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        await PublishAsync("one", "2026-11-01");

        var get = await _api.GetAsync("/api/articles");
        var head = await _api.SendAsync("HEAD", "/api/articles");

        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(get.Header("ETag"), head.Header("ETag"));
        Assert.Equal(get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
    }

    [Fact]
    public async Task Cors_allows_the_configured_origins()
    {
        var any = await _api.GetAsync("/api/health", ("Origin", "https://front.example"));
        Assert.Equal("*", any.Header("Access-Control-Allow-Origin"));

        var api = new TestApi(_blog, ("Blog:AllowedOrigins:0", "https://front.example"));
        Assert.Equal("https://front.example", (await api.GetAsync("/api/health", ("Origin", "https://front.example"))).Header("Access-Control-Allow-Origin"));
        Assert.Null((await api.GetAsync("/api/health", ("Origin", "https://evil.example"))).Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Health_is_healthy_when_storage_answers()
    {
        var answer = await _api.GetAsync("/api/health");

        Assert.Equal(200, answer.Status);
        Assert.Equal("healthy", answer.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_alias_of_a_hidden_article_does_not_reveal_it()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(slug: "secret-launch", draft: true, aliases: ["teaser"]));

        Assert.Equal(404, (await _api.GetAsync("/api/articles/teaser")).Status);

        await _blog.PublishAsync("post.md", Post.Markdown(slug: "secret-launch", draft: false, aliases: ["teaser"]));

        Assert.Equal(301, (await _api.GetAsync("/api/articles/teaser")).Status);
    }

    [Fact]
    public async Task Paging_skips_nothing_when_an_article_expires_between_pages()
    {
        for (var day = 1; day <= 6; day++)
        {
            await PublishAsync($"p{day}", $"2026-11-0{day}T10:00:00Z", extra: day == 6 ? ["expiryDate: 2026-11-28T12:30:00Z"] : Array.Empty<string>());
        }

        var first = await _api.GetAsync("/api/articles?limit=3");
        Assert.Equal(["p6", "p5", "p4"], Slugs(first));
        _blog.Clock.Advance(TimeSpan.FromHours(1)); // p6, already read, expires

        var seen = new List<string>();
        var cursor = first.Json.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await _api.GetAsync("/api/articles?limit=3&cursor=" + Uri.EscapeDataString(cursor));
            seen.AddRange(Slugs(page));
            cursor = page.Json.GetProperty("nextCursor").GetString();
        }

        Assert.Equal(["p3", "p2", "p1"], seen);
    }

    [Theory]
    [InlineData("/api/articles/news%0A", 404)]
    [InlineData("/api/articles/news%0D%0A", 404)]
    [InlineData("/api/tags/news%0A", 404)]
    [InlineData("/api/categories/news%0A", 404)]
    [InlineData("/api/articles?tag=news%0A", 400)]
    [InlineData("/api/articles?category=news%0A", 400)]
    [InlineData("/api/articles?tag=%0Anews", 400)]
    public async Task A_slug_with_a_trailing_newline_is_no_slug_never_a_storage_error(string path, int status)
    {
        await PublishAsync("news", "2026-11-01", ["news"], "news");

        var answer = await _api.GetAsync(path);

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/articles")]
    [InlineData("/api/articles/nosniff")]
    [InlineData("/api/articles/no-such-article")]
    [InlineData("/api/articles?limit=0")]
    [InlineData("/api/tags")]
    [InlineData("/api/openapi.json")]
    [InlineData("/api/health")]
    public async Task Every_answer_tells_browsers_not_to_sniff_its_type(string path)
    {
        await PublishAsync("nosniff", "2026-11-01");

        var answer = await _api.GetAsync(path);

        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
    }
}
