using System.Net;
using Azure;
using Azure.Data.Tables;
using Blog.Search;

namespace Blog.Storage;

/// <summary>
/// Keeps the search rows (<see cref="SearchRow"/>): <see cref="BlogKeys.SearchBuckets"/> rows per
/// visible or scheduled article, all in one partition of the search table, so an article's rows
/// are written, replaced or removed in one batch transaction: readers see its old terms or its
/// new ones, never a mix, and a run cut off leaves either. Every row is written, even an empty
/// one, so a replacement needs no read to drop the terms an update lost.
/// </summary>
public sealed class SearchIndex(BlogStore store)
{
    private readonly TableClient _table = store.SearchTable;

    /// <summary>Writes (or replaces) the search rows of an article.</summary>
    public async Task WriteAsync(string slug, SearchDocument document, Moments moments, string summaryJson, CancellationToken cancellationToken)
    {
        var byBucket = document.Terms.ToLookup(t => BlogKeys.SearchBucket(t.Key));
        var actions = Enumerable.Range(0, BlogKeys.SearchBuckets).Select(bucket => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            SearchRow.Create(bucket, slug, byBucket[bucket].ToList(), moments, summaryJson)));
        await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the search rows of an article, if it has any.</summary>
    public async Task RemoveAsync(string slug, CancellationToken cancellationToken)
    {
        var rows = Enumerable.Range(0, BlogKeys.SearchBuckets).Select(bucket => BlogKeys.SearchRow(bucket, slug)).ToList();
        try
        {
            await _table.SubmitTransactionAsync(
                rows.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(BlogKeys.SearchPartition, row), ETag.All)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Already gone (a run before this one removed them, or there never were any): a batch
            // with a missing row is refused whole, so the rows go one by one, each allowed to miss.
            foreach (var row in rows)
            {
                await _table.DeleteEntityAsync(BlogKeys.SearchPartition, row, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
