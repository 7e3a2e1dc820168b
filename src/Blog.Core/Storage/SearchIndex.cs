using System.Net;
using Azure;
using Azure.Data.Tables;
using Blog.Search;

namespace Blog.Storage;

/// <summary>
/// Keeps the search rows: one per term of each visible or scheduled article, in the bucket
/// partition of the term (<see cref="BlogKeys.SearchPartition"/>), each carrying the article's
/// summary so a page of results needs no other read. An article's rows are written in batch
/// transactions, one or more per bucket, in a fixed order. The article's <see cref="SearchTermsRow"/>
/// is widened before and narrowed after, so a run cut off anywhere leaves rows the next run
/// (of this version or a later one) finds and removes.
/// </summary>
public sealed class SearchIndex(TableClient table)
{
    private const int MaxBatchRows = 100;

    // A batch may carry 4 MiB; summaries are counted at two bytes a character, plus room for keys.
    private const int MaxBatchChars = 1024 * 1024;

    /// <summary>Writes the search rows of an article and removes those of terms it no longer has.</summary>
    public async Task WriteAsync(string slug, SearchDocument document, Moments moments, string summaryJson, CancellationToken cancellationToken)
    {
        var old = await ReadTermsAsync(slug, cancellationToken).ConfigureAwait(false);
        var terms = document.Terms.Keys.ToList();
        var lost = old.Except(terms, StringComparer.Ordinal).ToList();
        var added = terms.Except(old, StringComparer.Ordinal).Any();
        if (added)
        {
            await SaveTermsAsync(slug, old.Union(terms, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        }

        var rows = document.Terms.Select(t => SearchPostingRow.Create(t.Key, slug, t.Value, moments, summaryJson));
        await SubmitAsync(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken)
            .ConfigureAwait(false);
        await DeleteRowsAsync(slug, lost, cancellationToken).ConfigureAwait(false);
        if (lost.Count > 0)
        {
            await SaveTermsAsync(slug, terms, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every search row of an article, then the list of its terms.</summary>
    public async Task RemoveAsync(string slug, CancellationToken cancellationToken)
    {
        var terms = await ReadTermsAsync(slug, cancellationToken).ConfigureAwait(false);
        if (terms.Count == 0)
        {
            return;
        }

        await DeleteRowsAsync(slug, terms, cancellationToken).ConfigureAwait(false);
        await DeleteIfExistsAsync(new TableEntity(BlogKeys.ArticlePartition(slug), BlogKeys.SearchTermsRow), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> ReadTermsAsync(string slug, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.SearchTermsRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return SearchTermsRow.ReadTerms(row.HasValue ? row.Value : null);
    }

    private async Task SaveTermsAsync(string slug, IEnumerable<string> terms, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(SearchTermsRow.Create(slug, terms), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    private async Task DeleteRowsAsync(string slug, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var deletes = terms.Select(term => new TableTransactionAction(
            TableTransactionActionType.Delete, new TableEntity(BlogKeys.SearchPartition(term), BlogKeys.SearchRow(term, slug)), ETag.All));
        await SubmitAsync(deletes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits the actions in batches per partition, partitions in a fixed order.</summary>
    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>(MaxBatchRows);
            var chars = 0;
            foreach (var action in partition)
            {
                var size = Size(action.Entity);
                if (batch.Count == MaxBatchRows || (batch.Count > 0 && chars + size > MaxBatchChars))
                {
                    await SubmitBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new List<TableTransactionAction>(MaxBatchRows);
                    chars = 0;
                }

                batch.Add(action);
                chars += size;
            }

            if (batch.Count > 0)
            {
                await SubmitBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SubmitBatchAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // A delete found its row already gone (a run before this one removed it, then was cut
            // off): the batch is refused whole, so its deletes go one by one, each allowed to miss.
            foreach (var action in batch)
            {
                if (action.ActionType == TableTransactionActionType.Delete)
                {
                    await DeleteIfExistsAsync(action.Entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpsertEntityAsync((TableEntity)action.Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DeleteIfExistsAsync(ITableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // already gone
        }
    }

    private static int Size(ITableEntity row) =>
        row is TableEntity entity ? 256 + (SearchPostingRow.Summary.Get(entity)?.Length ?? 0) : 256;
}
