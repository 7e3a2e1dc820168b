using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Storage;

namespace Blog.Tests.Storage;

/// <summary>Reads the index the way tests need to look at it, straight from the table.</summary>
public sealed class IndexReader(TableClient table)
{
    public async Task<TableEntity?> HeadAsync(string slug)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow);
        return row.HasValue ? row.Value : null;
    }

    public async Task<ArticleSummary?> SummaryAsync(string slug) =>
        await HeadAsync(slug) is { } head && HeadRow.Summary.Get(head) is { } json
            ? JsonSerializer.Deserialize(json, BlogJson.Context.ArticleSummary)
            : null;

    /// <summary>The slugs of a list's entries, newest first, whatever their visibility.</summary>
    public async Task<List<string>> EntriesAsync(Scope scope)
    {
        var slugs = new List<string>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {scope.PartitionKey} and RowKey ge {"0"} and RowKey lt {BlogKeys.EntryRangeEnd}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter))
        {
            slugs.Add(ListEntryRow.Slug.Get(row));
        }

        return slugs;
    }

    public async Task<long?> VisibleCountAsync(Scope scope, DateTimeOffset now)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(scope.PartitionKey, BlogKeys.CountRow);
        return row.HasValue ? ListCountRow.ReadTally(row.Value).VisibleAt(now) : null;
    }

    public async Task<(string Name, long Visible)?> TaxonomyAsync(string partition, string slug, DateTimeOffset now)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, slug);
        return row.HasValue ? (TaxonomyRow.Name.Get(row.Value!), TaxonomyRow.ReadTally(row.Value!).VisibleAt(now)) : null;
    }

    public async Task<IngestErrorEntity?> IngestErrorAsync(string blobName)
    {
        var row = await table.GetEntityIfExistsAsync<IngestErrorEntity>(BlogKeys.IngestErrorPartition, BlogKeys.IngestErrorRow(blobName));
        return row.HasValue ? row.Value : null;
    }
}
