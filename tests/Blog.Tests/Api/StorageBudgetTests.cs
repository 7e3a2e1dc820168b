using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

/// <summary>
/// What each HTTP request costs in storage, counted by a policy in the SDK pipeline: requests
/// sent and entities returned. The budget: one request for a page or a taxonomy list, one point
/// read for an article plus one small query per tag for its related list, and never more
/// entities than the page plus one.
/// </summary>
public sealed class StorageBudgetTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        for (var i = 1; i <= 6; i++)
        {
            await _blog.PublishAsync($"p{i}.md", Post.Markdown(
                title: $"Post {i}", slug: $"p{i}", date: $"2026-11-0{i}", tags: i % 2 == 0 ? ["even", "all"] : ["odd", "all"], category: "news",
                extra: [i % 2 == 0 ? "authors: [Ada Lovelace, Alan Turing]" : "author: Ada Lovelace", .. i <= 3 ? new[] { "series: Basics", $"seriesOrder: {4 - i}" } : []]));
        }

        await _blog.PublishAsync("authors/ada-lovelace.yml", "name: Ada King\nbio: Wrote the first program.\n");
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private async Task<(HttpAnswer Answer, int Requests, int Entities)> MeasureAsync(string path)
    {
        var requests = _blog.Requests.Count;
        var attempts = _blog.Attempts.Count;
        var entities = _blog.Requests.EntitiesRead;
        var answer = await _api.GetAsync(path);

        // The budget is what goes over the wire: a call the SDK retried would count each attempt.
        var sent = _blog.Attempts.Count - attempts;
        Assert.True(sent >= _blog.Requests.Count - requests, $"{path}: {sent} HTTP attempts for {_blog.Requests.Count - requests} calls");
        return (answer, sent, _blog.Requests.EntitiesRead - entities);
    }

    [Theory]
    [InlineData("/api/articles?limit=2", 2)]
    [InlineData("/api/articles?limit=100", 6)]
    [InlineData("/api/articles?tag=all&limit=3", 3)]
    [InlineData("/api/articles?category=news&limit=4", 4)]
    [InlineData("/api/articles?tag=all&tag=even&limit=2", 2)]
    [InlineData("/api/articles?tag=odd&category=news", 3)]
    [InlineData("/api/articles?before=2026-11-05T00:00:00Z&limit=2", 2)]
    [InlineData("/api/articles?author=alan-turing&limit=2", 2)]
    [InlineData("/api/articles?author=ada-lovelace&tag=odd", 3)]
    public async Task A_page_costs_one_request_and_at_most_one_entity_more_than_it_returns(string path, int expectedItems)
    {
        var (answer, requests, entities) = await MeasureAsync(path);

        Assert.Equal(200, answer.Status);
        Assert.Equal(expectedItems, answer.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(1, requests);
        Assert.InRange(entities, expectedItems, expectedItems + 1);
    }

    [Fact]
    public async Task A_following_page_costs_the_same()
    {
        var first = await _api.GetAsync("/api/articles?limit=2");
        var cursor = first.Json.GetProperty("nextCursor").GetString()!;

        var (answer, requests, entities) = await MeasureAsync("/api/articles?limit=2&cursor=" + Uri.EscapeDataString(cursor));

        Assert.Equal(2, answer.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(1, requests);
        Assert.InRange(entities, 2, 3);
    }

    [Theory]
    [InlineData("/api/tags")]
    [InlineData("/api/categories")]
    [InlineData("/api/tags/even")]
    [InlineData("/api/categories/news")]
    [InlineData("/api/authors")]
    [InlineData("/api/authors/ada-lovelace")]
    [InlineData("/api/series/basics")]
    public async Task Taxonomy_lists_and_items_cost_one_request(string path)
    {
        var (answer, requests, _) = await MeasureAsync(path);

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task An_article_costs_one_point_read_plus_one_small_query_per_tag()
    {
        var (answer, requests, entities) = await MeasureAsync("/api/articles/p4");

        Assert.Equal(200, answer.Status);
        Assert.Equal(1 + 2, requests); // head row + one query for each of its two tags
        Assert.InRange(entities, 1, 1 + (2 * Blog.Queries.ArticleQueries.RelatedCandidatesPerTag));
    }

    [Fact]
    public async Task An_article_in_a_series_costs_one_query_more_for_the_series()
    {
        var (answer, requests, entities) = await MeasureAsync("/api/articles/p1");

        Assert.Equal(200, answer.Status);
        Assert.Equal(3, answer.Json.GetProperty("series").GetProperty("part").GetInt32());
        Assert.Equal(1 + 2 + 1, requests); // head row, one query per tag, the series with its tally row
        Assert.InRange(entities, 1, 1 + (2 * Blog.Queries.ArticleQueries.RelatedCandidatesPerTag) + 1 + 3);
    }

    [Fact]
    public async Task A_redirect_or_a_miss_costs_one_request()
    {
        Assert.Equal(1, (await MeasureAsync("/api/articles/unknown")).Requests);
        await _blog.PublishAsync("p1.md", Post.Markdown(title: "Post 1", slug: "p1-moved", date: "2026-11-01", tags: ["odd", "all"], category: "news"));
        var (answer, requests, _) = await MeasureAsync("/api/articles/p1");
        Assert.Equal(301, answer.Status);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_retried_request_counts_against_the_budget_for_every_attempt()
    {
        _blog.Attempts.FailNext(1);

        var (answer, requests, _) = await MeasureAsync("/api/tags");

        Assert.Equal(200, answer.Status);
        Assert.Equal(1, _blog.Attempts.Failed);
        Assert.Equal(2, requests); // one logical call, sent twice
    }
}

/// <summary>
/// Tests that run with no other test of the suite beside them, so they neither slow nor are
/// slowed by the others: the budget at scale (it writes 20,000 rows) and the wall-clock bounds of
/// <see cref="Rendering.WorkBoundTests"/> (well under a second each alone, over ten seconds once
/// while the browser and host tests shared the two cores).
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(nameof(RunsAlone))]
public sealed class StorageBudgetAtScaleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_page_costs_the_same_at_ten_thousand_articles_as_at_a_hundred()
    {
        await using var small = await TestBlog.CreateAsync(azurite);
        await using var large = await TestBlog.CreateAsync(azurite);
        await SeedAsync(small, 100);
        await SeedAsync(large, 10_000);

        foreach (var path in new[] { "/api/articles?limit=20", "/api/articles?tag=common&limit=20", "/api/articles?limit=50" })
        {
            var limit = int.Parse(path[(path.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var smallCost = await CostOfPagesAsync(new TestApi(small), small, path);
            var largeCost = await CostOfPagesAsync(new TestApi(large), large, path);

            // One request a page at either size, the tally (first page) or a look-ahead entry
            // (later pages) the only entity beyond the page: a last page reads no look-ahead.
            Assert.Equal((1, limit + 1, 1, limit + 1), largeCost);
            Assert.Equal(largeCost.Item1, smallCost.Item1);
            Assert.Equal(largeCost.Item2, smallCost.Item2);
            Assert.Equal(largeCost.Item3, smallCost.Item3);
            Assert.InRange(smallCost.Item4, 1, limit + 1);
        }

        var total = (await new TestApi(large).GetAsync("/api/articles?limit=1")).Json.GetProperty("total").GetInt32();
        Assert.Equal(10_000, total);
    }

    /// <summary>Requests and entities of the first page and the page after it.</summary>
    private static async Task<(int, int, int, int)> CostOfPagesAsync(TestApi api, TestBlog blog, string path)
    {
        var requests = blog.Attempts.Count;
        var entities = blog.Requests.EntitiesRead;
        var first = await api.GetAsync(path);
        var firstCost = (blog.Attempts.Count - requests, blog.Requests.EntitiesRead - entities);
        var cursor = first.Json.GetProperty("nextCursor").GetString()!;

        requests = blog.Attempts.Count;
        entities = blog.Requests.EntitiesRead;
        await api.GetAsync(path + "&cursor=" + Uri.EscapeDataString(cursor));
        return (firstCost.Item1, firstCost.Item2, blog.Attempts.Count - requests, blog.Requests.EntitiesRead - entities);
    }

    /// <summary>Writes the list rows publishing would write for <paramref name="count"/> articles, in batches.</summary>
    private static async Task SeedAsync(TestBlog blog, int count)
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var scope in new[] { Scope.All, Scope.Tag("common") })
        {
            var rows = Enumerable.Range(0, count).Select(i =>
            {
                var slug = $"article-{i:00000}";
                var publishedAt = start.AddHours(i);
                var summary = new ArticleSummary
                {
                    Slug = slug, Title = $"Article {i}", Description = "d", Excerpt = "e", Category = null, Categories = [],
                    Tags = [new TaxonomyRef("common", "common")], Author = null, CoverImage = null, PublishedAt = publishedAt,
                    UpdatedAt = null, ReadingTimeMinutes = 1, WordCount = 100, Featured = false,
                };
                var entry = new ListEntry(slug, "v", JsonSerializer.Serialize(summary, BlogJson.Context.ArticleSummary),
                    new Moments(publishedAt, null), ["common"], [], null);
                return ListEntryRow.Create(scope, BlogKeys.EntryRow(publishedAt, slug), entry);
            }).ToList();
            rows.Add(ListCountRow.Create(scope, new VisibilityTally { Settled = count }, name: null, version: 1L));

            await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
                await blog.Table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), ct));
        }
    }
}
