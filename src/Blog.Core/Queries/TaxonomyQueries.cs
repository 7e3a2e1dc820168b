using Azure.Data.Tables;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>The tags or the categories, each with its number of visible articles, from one partition.</summary>
public sealed class TaxonomyQueries(BlogStore store, TimeProvider time)
{
    private readonly TableClient _table = store.Table;

    /// <summary>Every tag (or category) with visible articles: most articles first, then by name.</summary>
    public async Task<IReadOnlyList<TaxonomyCount>> ListAsync(TaxonomyKind kind, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var items = new List<TaxonomyCount>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {Partition(kind)}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var count = TaxonomyRow.ReadTally(row).VisibleAt(now);
            if (count > 0)
            {
                items.Add(new TaxonomyCount(row.RowKey, TaxonomyRow.ReadName(row), count));
            }
        }

        items.Sort(MostArticlesFirst.Compare);
        return items;
    }

    /// <summary>One tag (or category); null when unknown or without visible articles.</summary>
    public async Task<TaxonomyCount?> GetAsync(TaxonomyKind kind, string slug, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(kind), slug, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }

        var count = TaxonomyRow.ReadTally(row.Value!).VisibleAt(time.GetUtcNow());
        return count > 0 ? new TaxonomyCount(slug, TaxonomyRow.ReadName(row.Value!), count) : null;
    }

    private static string Partition(TaxonomyKind kind) =>
        kind == TaxonomyKind.Tag ? BlogKeys.TagsPartition : BlogKeys.CategoriesPartition;
}

public enum TaxonomyKind
{
    Tag,
    Category,
}
