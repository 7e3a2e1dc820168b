using System.Text.Json;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Search;

/// <summary><c>GET /api/search</c> on articles published through the real publisher, on Azurite.</summary>
public sealed class SearchApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await _blog.PublishAsync("title.md", Post.Markdown(
            title: "Kubernetes at scale", slug: "title-match", date: "2026-10-01", body: "How we run clusters."));
        await _blog.PublishAsync("tag.md", Post.Markdown(
            title: "Running clusters", slug: "tag-match", date: "2026-10-02", tags: ["Kubernetes"], body: "Operations notes."));
        await _blog.PublishAsync("body.md", Post.Markdown(
            title: "Weekly notes", slug: "body-match", date: "2026-10-03", body: "We moved everything to Kubernetes last week. Crème brûlée followed."));
        await _blog.PublishAsync("chinese.md", Post.Markdown(
            title: "人才回流", slug: "chinese", date: "2026-10-04", body: "研究人员表示，人工智能的发展正在加速。"));
        await _blog.PublishAsync("draft.md", Post.Markdown(title: "Kubernetes draft", slug: "draft", draft: true));
        await _blog.PublishAsync("scheduled.md", Post.Markdown(title: "Kubernetes tomorrow", slug: "scheduled", date: "2027-01-01"));
        await _blog.PublishAsync("expired.md", Post.Markdown(
            title: "Kubernetes offer", slug: "expired", date: "2026-09-01", expires: "2026-11-01"));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task Title_matches_rank_above_tag_matches_above_body_matches_and_hidden_articles_are_absent()
    {
        var answer = await _api.GetAsync("/api/search?q=kubernetes");

        Assert.Equal(200, answer.Status);
        Assert.Equal(["title-match", "tag-match", "body-match"], Slugs(answer.Json));
        Assert.Equal(3, answer.Json.GetProperty("total").GetInt32());
        Assert.NotNull(answer.Header("ETag"));
    }

    [Theory]
    [InlineData("KUBERNETES scale", "title-match")]
    [InlineData("creme brulee", "body-match")]
    [InlineData("Crème Brûlée", "body-match")]
    [InlineData("operations", "tag-match")]
    [InlineData("人工智能", "chinese")]
    [InlineData("人才", "chinese")]
    [InlineData("智", "chinese")]
    [InlineData("加速", "chinese")]
    public async Task Finds_by_title_tag_body_and_chinese_text(string q, string slug)
    {
        var answer = await _api.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal([slug], Slugs(answer.Json));
    }

    [Theory]
    [InlineData("kubernetes chips")]
    [InlineData("人工智障")]
    [InlineData("障")]
    [InlineData("draft")]
    [InlineData("tomorrow")]
    [InlineData("offer")]
    public async Task Every_word_must_match_a_visible_article(string q)
    {
        var answer = await _api.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(200, answer.Status);
        Assert.Empty(Slugs(answer.Json));
        Assert.Equal(0, answer.Json.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_scheduled_article_becomes_findable_when_its_moment_comes_and_an_expired_one_stops()
    {
        _blog.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero));

        var answer = await _api.GetAsync("/api/search?q=kubernetes");

        Assert.Contains("scheduled", Slugs(answer.Json));
        Assert.DoesNotContain("expired", Slugs(answer.Json));
    }

    [Fact]
    public async Task Pages_follow_the_ranking_without_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var answer = await _api.GetAsync("/api/search?q=kubernetes&limit=1" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(200, answer.Status);
            seen.AddRange(Slugs(answer.Json));
            cursor = answer.Json.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);

        Assert.Equal(["title-match", "tag-match", "body-match"], seen);
    }

    [Fact]
    public async Task A_changed_article_is_found_by_its_new_words_only_and_a_removed_one_not_at_all()
    {
        await _blog.PublishAsync("body.md", Post.Markdown(
            title: "Weekly notes", slug: "body-match", date: "2026-10-03", body: "Now about Nomad."));

        Assert.DoesNotContain("body-match", Slugs((await _api.GetAsync("/api/search?q=kubernetes")).Json));
        Assert.Equal(["body-match"], Slugs((await _api.GetAsync("/api/search?q=nomad")).Json));

        await _blog.Posts.DeleteBlobAsync("body.md");
        await _blog.Publisher.RemoveAsync("body.md");

        Assert.Empty(Slugs((await _api.GetAsync("/api/search?q=nomad")).Json));
        Assert.Empty(await SearchRowsOfAsync("body-match"));
    }

    [Fact]
    public async Task A_draft_leaves_search_and_its_rows_go()
    {
        await _blog.PublishAsync("title.md", Post.Markdown(
            title: "Kubernetes at scale", slug: "title-match", date: "2026-10-01", draft: true, body: "How we run clusters."));

        Assert.DoesNotContain("title-match", Slugs((await _api.GetAsync("/api/search?q=kubernetes")).Json));
        Assert.Empty(await SearchRowsOfAsync("title-match"));
    }

    [Theory]
    [InlineData("/api/search", "q is required")]
    [InlineData("/api/search?q=", "q is required")]
    [InlineData("/api/search?q=%20%20", "q is required")]
    [InlineData("/api/search?q=!!!", "no word")]
    [InlineData("/api/search?q=a+b+c+d+e+f+g+h+i", "at most 8 words")]
    [InlineData("/api/search?q=a&q=b", "only once")]
    [InlineData("/api/search?q=a&limit=0", "limit")]
    [InlineData("/api/search?q=a&cursor=forged", "cursor")]
    public async Task Bad_queries_are_400_problems_that_say_what_to_change(string path, string detail)
    {
        var answer = await _api.GetAsync(path);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Contains(detail, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_over_200_characters_is_a_400()
    {
        var answer = await _api.GetAsync("/api/search?q=" + new string('a', 201));

        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task A_cursor_of_another_search_is_refused()
    {
        var first = await _api.GetAsync("/api/search?q=kubernetes&limit=1");
        var cursor = first.Json.GetProperty("nextCursor").GetString()!;

        var answer = await _api.GetAsync("/api/search?q=clusters&limit=1&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(400, answer.Status);
    }

    /// <summary>The search rows of an article.</summary>
    private async Task<List<string>> SearchRowsOfAsync(string slug) =>
        (await _blog.ReadAllRowsAsync()).Keys
            .Where(key => key.StartsWith("[search] ", StringComparison.Ordinal) && key.EndsWith(":" + slug, StringComparison.Ordinal))
            .ToList();

    private static List<string> Slugs(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();
}
