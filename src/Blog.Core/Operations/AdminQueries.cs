using Azure.Data.Tables;
using Blog.Publishing;
using Blog.Storage;

namespace Blog.Operations;

/// <summary>An upload that was refused: which file, why, where, when.</summary>
public sealed record IngestError(string BlobName, string Error, int? Line, DateTimeOffset At);

/// <summary>What administrators read and do beyond the public API.</summary>
public sealed class AdminQueries(BlogStore store, ArticlePublisher publisher)
{
    /// <summary>Every file whose last upload was refused, oldest first.</summary>
    public async Task<IReadOnlyList<IngestError>> IngestErrorsAsync(CancellationToken cancellationToken = default)
    {
        var errors = new List<IngestError>();
        await foreach (var row in store.Table.QueryAsync<IngestErrorEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {BlogKeys.IngestErrorPartition}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            errors.Add(new IngestError(row.BlobName, row.Error, row.Line, row.At));
        }

        return errors.OrderBy(e => e.At).ThenBy(e => e.BlobName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Takes the article with this slug down: every index row goes, the file stays, and it stays
    /// down until the file's content changes. Null when no article has the slug.
    /// </summary>
    public async Task<PublishResult?> TakeDownAsync(string slug, CancellationToken cancellationToken = default)
    {
        var head = await store.Table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!head.HasValue || head.Value!.GetString("Kind") != ArticleRows.KindArticle || head.Value.GetString("Owner") is not { } owner)
        {
            return null;
        }

        return await publisher.TakeDownAsync(owner, cancellationToken).ConfigureAwait(false);
    }
}
