using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Search;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Search;

/// <summary>
/// What search costs in storage, counted in HTTP attempts by the SDK pipeline policy: a query of
/// up to three words reads once per word plus once for the page's summaries, whatever the size
/// of the blog; publishing writes an article's search rows in batches, not one request a row.
/// </summary>
public sealed class SearchBudgetTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(100)]
    [InlineData(5_000)]
    public async Task A_query_of_up_to_three_words_costs_one_read_per_word_plus_one(int articles)
    {
        await using var blog = await TestBlog.CreateAsync(azurite);
        var api = new TestApi(blog);
        await SeedAsync(blog, articles);

        foreach (var q in new[] { "alpha", "alpha beta", "alpha beta gamma", "alpha filler10" })
        {
            var words = q.Split(' ').Length;
            var before = blog.Attempts.Count;
            var answer = await api.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));
            var cost = blog.Attempts.Count - before;

            Assert.Equal(200, answer.Status);
            Assert.True(answer.Json.GetProperty("total").GetInt32() > 0, $"'{q}' found nothing at {articles} articles");
            Assert.True(cost <= words + 1, $"'{q}' at {articles} articles cost {cost} requests; the budget is {words + 1}.");
        }

        // The matches are exact: every article of the page holds all three words.
        var page = await api.GetAsync("/api/search?q=alpha+beta+gamma&limit=100");
        var expected = Enumerable.Range(0, articles).Count(i => i % 5 == 0 && i % 6 == 0 && i % 9 == 0);
        Assert.Equal(expected, page.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Publishing_writes_an_article_s_search_rows_in_batches()
    {
        await using var blog = await TestBlog.CreateAsync(azurite);
        var words = string.Join(' ', Enumerable.Range(0, 1_000).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var before = blog.Attempts.Count;
        await blog.PublishAsync("few.md", Post.Markdown(title: "Few", slug: "few", tags: ["t"], body: "Three words here."));
        var few = blog.Attempts.Count - before;

        before = blog.Attempts.Count;
        await blog.PublishAsync("many.md", Post.Markdown(title: "Many", slug: "many", tags: ["t"], body: words));
        var many = blog.Attempts.Count - before;

        var rows = (await blog.ReadAllRowsAsync()).Keys.Count(k => k.StartsWith("search:", StringComparison.Ordinal) && k.EndsWith(" many", StringComparison.Ordinal));
        Assert.True(rows > 1_000, $"only {rows} search rows were written");
        Assert.True(many - few <= 2 * BlogKeys.SearchBuckets, $"1,000 more words cost {many - few} more requests");
    }

    /// <summary>
    /// Writes the search rows publishing would write for <paramref name="count"/> articles: every
    /// fifth holds "alpha", every sixth "beta", every ninth "gamma", and each one "filler{i % 50}".
    /// </summary>
    private static async Task SeedAsync(TestBlog blog, int count)
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<TableEntity>();
        for (var i = 0; i < count; i++)
        {
            var slug = $"article-{i:00000}";
            var moments = new Moments(start.AddHours(i), null);
            var summary = JsonSerializer.Serialize(
                new ArticleSummary
                {
                    Slug = slug, Title = $"Article {i}", Description = "d", Excerpt = "e", Category = null, Categories = [], Tags = [],
                    Author = null, CoverImage = null, PublishedAt = moments.PublishedAt, UpdatedAt = null, ReadingTimeMinutes = 1,
                    WordCount = 100, Featured = false,
                },
                BlogJson.Context.ArticleSummary);
            var terms = new List<string> { "filler" + (i % 50).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            terms.AddRange(new[] { (5, "alpha"), (6, "beta"), (9, "gamma") }.Where(t => i % t.Item1 == 0).Select(t => t.Item2));
            rows.AddRange(terms.Select(term => SearchPostingRow.Create(term, slug, TermFields.Body, moments, summary)));
        }

        var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
            await blog.Table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), ct));
    }
}
