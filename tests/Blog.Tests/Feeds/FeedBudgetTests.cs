using System.ServiceModel.Syndication;
using System.Web;
using System.Xml;
using Azure.Data.Tables;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Feeds;

/// <summary>
/// What feeds and the sitemap cost in storage: one range query per feed (list entries carry the
/// HTML of articles up to two chunks long), one more request for each longer article in it, and
/// a sitemap that selects slugs and moments only, never a summary or HTML. The article list keeps
/// selecting only its own columns.
/// </summary>
public sealed class FeedBudgetTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string Paragraph = "A paragraph of plain words that renders to about its own length in HTML. ";

    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await FeedCorpus.PublishAsync(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private async Task<(HttpAnswer Answer, int Requests, IReadOnlyList<Uri> Uris)> MeasureAsync(string path)
    {
        var before = _blog.Requests.Uris.Count;
        var attempts = _blog.Attempts.Count;
        var answer = await _api.GetAsync(path);
        Assert.True(answer.Status == 200, $"{path}: {answer.Status} {answer.Text}");
        return (answer, _blog.Attempts.Count - attempts, _blog.Requests.Uris.Skip(before).ToList());
    }

    /// <summary>The <c>$select</c> of a table query, or null for a request without one (a point read, a blob).</summary>
    private static string[]? Selected(Uri uri) =>
        HttpUtility.ParseQueryString(uri.Query)["$select"]?.Split(',');

    private async Task<TableEntity> EntryAsync(string slug)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Scope.All.PartitionKey} and RowKey ge {"0"} and RowKey lt {BlogKeys.EntryRangeEnd} and Slug eq {slug}");
        return await _blog.Table.QueryAsync<TableEntity>(filter).SingleAsync();
    }

    [Theory]
    [InlineData("/api/feeds/rss")]
    [InlineData("/api/feeds/atom")]
    [InlineData("/api/feeds/json")]
    [InlineData("/api/feeds/rss?tag=even")]
    [InlineData("/api/feeds/atom?category=news")]
    [InlineData("/api/feeds/json?tag=odd&category=third")]
    public async Task A_feed_costs_one_storage_request(string path)
    {
        var (_, requests, uris) = await MeasureAsync(path);

        Assert.Equal(1, requests);
        Assert.Contains("Html0", Selected(uris.Single())!);
    }

    [Fact]
    public async Task Longer_articles_cost_one_more_request_each_from_their_head_row_or_html_blob()
    {
        var longBody = string.Join("\n\n", Enumerable.Repeat(Paragraph, 1_000)); // about 77,000 characters: three chunks, in the head row
        var hugeBody = string.Join("\n\n", Enumerable.Repeat(Paragraph, 7_000)); // about 525,000 characters: in a blob
        await _blog.PublishAsync("long.md", Post.Markdown(title: "Long", slug: "long", date: "2026-11-21T08:00:00Z", body: longBody));
        await _blog.PublishAsync("huge.md", Post.Markdown(title: "Huge", slug: "huge", date: "2026-11-22T08:00:00Z", body: hugeBody));

        var special = await EntryAsync(FeedCorpus.SpecialSlug);
        var longEntry = await EntryAsync("long");
        var hugeEntry = await EntryAsync("huge");
        Assert.Equal(1, ListEntryRow.HtmlChunks.Get(special));
        Assert.Null(ListEntryRow.HtmlChunks.Get(longEntry));
        Assert.Null(ListEntryRow.HtmlBlob.Get(longEntry));
        Assert.Null(longEntry.GetString(ListEntryRow.Html.At(0)));
        Assert.Null(ListEntryRow.HtmlChunks.Get(hugeEntry));
        Assert.NotNull(ListEntryRow.HtmlBlob.Get(hugeEntry));

        var (answer, requests, _) = await MeasureAsync("/api/feeds/rss");
        Assert.Equal(1 + 2, requests); // the list, the head row of "long", the HTML blob of "huge"

        using var reader = XmlReader.Create(new MemoryStream(answer.Body));
        var items = SyndicationFeed.Load(reader).Items.ToList();
        foreach (var (slug, item) in new[] { ("huge", items[0]), ("long", items[1]), (FeedCorpus.SpecialSlug, items[2]) })
        {
            var html = (await _api.GetAsync("/api/articles/" + slug)).Json.GetProperty("html").GetString()!;
            Assert.Equal(html, item.ElementExtensions.ReadElementExtensions<XmlElement>("encoded", Blog.Functions.Http.FeedWriter.ContentNamespace).Single().InnerText);
        }

        Assert.True(items[0].ElementExtensions.ReadElementExtensions<XmlElement>("encoded", Blog.Functions.Http.FeedWriter.ContentNamespace).Single().InnerText.Length > HeadRow.MaxInlineHtmlLength);
        Assert.True(items[1].ElementExtensions.ReadElementExtensions<XmlElement>("encoded", Blog.Functions.Http.FeedWriter.ContentNamespace).Single().InnerText.Length > 2 * HeadRow.HtmlChunkLength);
    }

    [Theory]
    [InlineData("/api/articles?limit=5")]
    [InlineData("/api/articles?tag=even&category=news")]
    [InlineData("/api/articles/p02")]
    public async Task Article_pages_and_related_lists_never_select_the_html_of_list_entries(string path)
    {
        var (_, _, uris) = await MeasureAsync(path);

        var queries = uris.Where(u => u.Query.Contains("$filter", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, uri =>
        {
            var selected = Selected(uri);
            Assert.NotNull(selected);
            Assert.DoesNotContain(selected, column => column.StartsWith("Html", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_sitemap_selects_slugs_moments_and_tallies_only()
    {
        var (_, requests, uris) = await MeasureAsync("/api/sitemap.xml");

        Assert.Equal(3, requests); // all articles, tags, categories
        Assert.All(uris, uri =>
        {
            var selected = Selected(uri);
            Assert.NotNull(selected);
            Assert.DoesNotContain(selected, column => column.StartsWith("Html", StringComparison.Ordinal) || column == "Summary" || column == "Details");
        });
    }
}
