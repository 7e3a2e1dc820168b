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
/// of the blog; publishing writes an article's search rows in one batch, whatever its length.
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
        var (alpha, beta, gamma, rare) = (Words[0], Words[1], Words[2], Words[3]);
        await SeedAsync(blog, articles);

        foreach (var q in new[] { alpha, $"{alpha} {beta}", $"{alpha} {beta} {gamma}", $"{gamma} {rare}" })
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
        var page = await api.GetAsync($"/api/search?q={alpha}+{beta}+{gamma}&limit=100");
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

        var columns = (await blog.ReadAllRowsAsync())
            .Where(row => row.Key.StartsWith("[search] ", StringComparison.Ordinal) && row.Key.EndsWith(":many", StringComparison.Ordinal))
            .Sum(row => row.Value.Keys.Count(key => key.StartsWith('w')));
        Assert.True(columns > 1_000, $"only {columns} terms were written");
        Assert.Equal(few, many); // every article's rows are one batch, whatever its number of words
    }

    /// <summary>
    /// Four words of one bucket, so that the queries above read one range of rows: the range a
    /// blog of that many articles holds, one row per article.
    /// </summary>
    private static readonly string[] Words = Enumerable.Range(0, 10_000)
        .Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Where(word => BlogKeys.SearchBucket(word) == 0)
        .Take(4)
        .ToArray();

    /// <summary>
    /// Writes the bucket-0 search row publishing would write for each of <paramref name="count"/>
    /// articles: every fifth holds the first word, every sixth the second, every ninth the third,
    /// every fiftieth the fourth; every row holds a word of its own too.
    /// </summary>
    private static async Task SeedAsync(TestBlog blog, int count)
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var own = Enumerable.Range(10_000, 100_000).Select(i => "own" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Where(word => BlogKeys.SearchBucket(word) == 0).Take(count).ToList();
        var rows = new List<TableEntity>(count);
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
            var terms = new List<string> { own[i] };
            terms.AddRange(new[] { (5, 0), (6, 1), (9, 2), (50, 3) }.Where(t => i % t.Item1 == 0).Select(t => Words[t.Item2]));
            rows.Add(SearchRow.Create(0, slug, terms.Select(t => KeyValuePair.Create(t, TermFields.Body)).ToList(), moments, summary));
        }

        await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
            await blog.Store.SearchTable.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), ct));
    }
}
