using System.Text.Json;
using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

public sealed class SeriesApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        // Published out of order; part 4 is scheduled for next week, "extra" has no place in the series.
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await _blog.PublishAsync("two.md", Post.Markdown(title: "Two", slug: "two", date: "2026-11-01", extra: ["series: Building RAG", "seriesOrder: 2"]));
        await _blog.PublishAsync("one.md", Post.Markdown(title: "One", slug: "one", date: "2026-11-05", extra: ["series: Building RAG", "seriesOrder: 1"]));
        await _blog.PublishAsync("three.md", Post.Markdown(title: "Three", slug: "three", date: "2026-11-03", extra: ["series: building rag", "series_order: 3"]));
        await _blog.PublishAsync("four.md", Post.Markdown(title: "Four", slug: "four", date: "2026-12-05", extra: ["series: Building RAG", "seriesOrder: 4"]));
        await _blog.PublishAsync("extra.md", Post.Markdown(title: "Extra", slug: "extra", date: "2026-11-02", extra: ["series: [Building RAG]"]));
        await _blog.PublishAsync("alone.md", Post.Markdown(title: "Alone", slug: "alone", date: "2026-11-02"));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task A_series_lists_its_visible_parts_in_series_order_under_the_first_spelling()
    {
        var answer = await _api.GetAsync("/api/series/building-rag");

        Assert.Equal(200, answer.Status);
        Assert.Equal("building-rag", answer.Json.GetProperty("slug").GetString());
        Assert.Equal("Building RAG", answer.Json.GetProperty("name").GetString());
        Assert.Equal(["one", "two", "three", "extra"], Slugs(answer.Json.GetProperty("items")));
    }

    [Fact]
    public async Task An_article_knows_its_part_and_its_visible_neighbours()
    {
        var two = (await _api.GetAsync("/api/articles/two")).Json.GetProperty("series");
        var one = (await _api.GetAsync("/api/articles/one")).Json.GetProperty("series");
        var extra = (await _api.GetAsync("/api/articles/extra")).Json.GetProperty("series");

        Assert.Equal(("building-rag", "Building RAG", 2, 4), (two.GetProperty("slug").GetString(), two.GetProperty("name").GetString(),
            two.GetProperty("part").GetInt32(), two.GetProperty("total").GetInt32()));
        Assert.Equal("one", two.GetProperty("previous").GetProperty("slug").GetString());
        Assert.Equal("three", two.GetProperty("next").GetProperty("slug").GetString());
        Assert.Equal(JsonValueKind.Null, one.GetProperty("previous").ValueKind);
        Assert.Equal(4, extra.GetProperty("part").GetInt32());
        Assert.Equal(JsonValueKind.Null, extra.GetProperty("next").ValueKind); // part four is not visible yet
    }

    [Fact]
    public async Task A_scheduled_part_joins_the_series_when_its_moment_comes()
    {
        _blog.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

        var series = await _api.GetAsync("/api/series/building-rag");
        var three = (await _api.GetAsync("/api/articles/three")).Json.GetProperty("series");

        Assert.Equal(["one", "two", "three", "four", "extra"], Slugs(series.Json.GetProperty("items")));
        Assert.Equal("four", three.GetProperty("next").GetProperty("slug").GetString());
        Assert.Equal(5, three.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_draft_preview_shows_where_the_part_would_stand()
    {
        await _blog.PublishAsync("draft.md", Post.Markdown(title: "Zero", slug: "zero", date: "2026-11-04", draft: true, extra: ["series: Building RAG", "seriesOrder: 0"]));

        var preview = await _api.GetAsync("/api/manage/articles/zero");
        var series = await _api.GetAsync("/api/series/building-rag");

        Assert.Equal(200, preview.Status);
        var position = preview.Json.GetProperty("series");
        Assert.Equal((1, 5), (position.GetProperty("part").GetInt32(), position.GetProperty("total").GetInt32()));
        Assert.Equal("one", position.GetProperty("next").GetProperty("slug").GetString());
        Assert.DoesNotContain("zero", Slugs(series.Json.GetProperty("items")));
    }

    [Fact]
    public async Task An_article_outside_any_series_has_null_and_an_unknown_series_is_404()
    {
        var alone = await _api.GetAsync("/api/articles/alone");
        var unknown = await _api.GetAsync("/api/series/nothing-here");

        Assert.Equal(JsonValueKind.Null, alone.Json.GetProperty("series").ValueKind);
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_a_series_takes_the_part_out_of_it()
    {
        await _blog.PublishAsync("two.md", Post.Markdown(title: "Two", slug: "two", date: "2026-11-01"));

        var series = await _api.GetAsync("/api/series/building-rag");

        Assert.Equal(["one", "three", "extra"], Slugs(series.Json.GetProperty("items")));
        Assert.Equal(JsonValueKind.Null, (await _api.GetAsync("/api/articles/two")).Json.GetProperty("series").ValueKind);
    }

    [Theory]
    [InlineData("seriesOrder: second", "seriesOrder: 'second' should be the article's place in its series")]
    [InlineData("seriesOrder: -1", "seriesOrder: '-1' should be")]
    [InlineData("seriesOrder: 1000001", "seriesOrder: '1000001' should be")]
    public async Task A_place_that_is_not_a_whole_number_is_refused_on_its_line(string line, string message)
    {
        var result = await _blog.PublishAsync("bad.md", Post.Markdown(slug: "bad", extra: ["series: Building RAG", line]));

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Contains(message, result.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal(6, result.Rejection.Line);
    }

    private static List<string?> Slugs(JsonElement items) => items.EnumerateArray().Select(i => i.GetProperty("slug").GetString()).ToList();
}
