using Azure.Data.Tables;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>
/// What the sitemap lists, from the index alone and without reading any article body or
/// summary: the entries of the list of all articles (slug and moments only) and the taxonomy
/// rows (slug and tally only), three queries sent together.
/// </summary>
public sealed class SitemapQueries(BlogStore store, TimeProvider time)
{
    private static readonly string[] EntryColumns =
        [ListEntryRow.Slug.Name, ListEntryRow.PublishedAt.Name, ListEntryRow.UpdatedAt.Name];

    private static readonly string[] TaxonomyColumns = [nameof(TableEntity.RowKey), TaxonomyRow.Tally.Name];

    private readonly TableClient _table = store.Table;

    public async Task<SitemapContent> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var articles = ArticlesAsync(now, cancellationToken);
        var tags = TaxonomyAsync(BlogKeys.TagsPartition, now, cancellationToken);
        var categories = TaxonomyAsync(BlogKeys.CategoriesPartition, now, cancellationToken);
        await Task.WhenAll(articles, tags, categories).ConfigureAwait(false);
        return new SitemapContent(await articles.ConfigureAwait(false), await tags.ConfigureAwait(false), await categories.ConfigureAwait(false));
    }

    private async Task<List<SitemapArticle>> ArticlesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = ArticleQueries.VisibleEntries(ListFilter.None, before: null, after: null, now).Filter;
        var articles = new List<SitemapArticle>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: EntryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var publishedAt = ListEntryRow.PublishedAt.Get(row) ?? DateTimeOffset.UnixEpoch;
            articles.Add(new SitemapArticle(ListEntryRow.Slug.Get(row), ListEntryRow.UpdatedAt.Get(row) ?? publishedAt));
        }

        return articles;
    }

    private async Task<List<string>> TaxonomyAsync(string partition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slugs = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: TaxonomyColumns, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            if (TaxonomyRow.ReadTally(row).VisibleAt(now) > 0)
            {
                slugs.Add(row.RowKey);
            }
        }

        slugs.Sort(StringComparer.Ordinal);
        return slugs;
    }
}
