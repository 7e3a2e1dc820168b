using Azure.Data.Tables;
using Blog.Publishing;
using Blog.Storage;

namespace Blog.Operations;

/// <summary>An upload that was refused: which file, why, where, when.</summary>
public sealed record IngestError(string BlobName, string Error, int? Line, DateTimeOffset At);

/// <summary>What the index did with one file, as of the last upload it handled.</summary>
/// <param name="BlobName">The file's name in the posts container.</param>
/// <param name="State">Where the file stands (see <see cref="FileStates"/>).</param>
/// <param name="Slug">The slug it is (or was last) published under; null when never published.</param>
/// <param name="BlobETag">The ETag of the blob version last handled: equal to the blob's own once its latest upload is done.</param>
/// <param name="Error">Why its last upload was refused, when it was.</param>
/// <param name="Warnings">
/// What its author should hear about the version published last, which did not stop it (an image
/// beside it missing from the container, say); empty when nothing. Looked for at publishing: an
/// image uploaded later clears its warning at the file's next publish or reindex.
/// </param>
public sealed record FileStatus(string BlobName, string State, string? Slug, string? BlobETag, IngestError? Error, IReadOnlyList<string> Warnings);

/// <summary>The states of <see cref="FileStatus"/>.</summary>
public static class FileStates
{
    /// <summary>Its content is live (visible, a draft or scheduled: the article says which).</summary>
    public const string Published = "published";

    /// <summary>Its last upload was refused; an earlier version may still be live under <see cref="FileStatus.Slug"/>.</summary>
    public const string Refused = "refused";

    /// <summary>Taken down by an operator; it stays down until its content changes.</summary>
    public const string TakenDown = "takenDown";

    /// <summary>Known to the index, with nothing of it published.</summary>
    public const string Unpublished = "unpublished";
}

/// <summary>What administrators read and do beyond the public API.</summary>
public sealed class AdminQueries(BlogStore store, ArticlePublisher publisher)
{
    private readonly IngestErrors _errors = new(store.Table);
    private readonly ArticleRows _articles = new(store);

    /// <summary>Every file whose last upload was refused, oldest first.</summary>
    public async Task<IReadOnlyList<IngestError>> IngestErrorsAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _errors.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToIngestError).OrderBy(e => e.At).ThenBy(e => e.BlobName, StringComparer.Ordinal).ToList();
    }

    /// <summary>What the index did with an author profile file: its profile row says which file it came from.</summary>
    private async Task<FileStatus?> ProfileStatusAsync(string blobName, CancellationToken cancellationToken)
    {
        var slug = AuthorProfiles.SlugOf(blobName);
        var profileRead = store.Table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.AuthorsPartition, BlogKeys.AuthorProfileRow(slug), cancellationToken: cancellationToken);
        var refusalRead = _errors.ReadAsync(blobName, cancellationToken);
        var (profile, refusal) = (await profileRead.ConfigureAwait(false), await refusalRead.ConfigureAwait(false));
        var row = profile.HasValue && AuthorProfileRow.BlobName.Get(profile.Value!) == blobName ? profile.Value : null;
        return (row, refusal) switch
        {
            (_, not null) => new FileStatus(blobName, FileStates.Refused, slug, null, ToIngestError(refusal), []),
            (not null, null) => new FileStatus(blobName, FileStates.Published, slug, $"\"{AuthorProfileRow.BlobETag.Get(row)}\"", null, []),
            _ => null,
        };
    }

    /// <summary>What the index did with the file <paramref name="blobName"/>; null when it never saw it.</summary>
    public async Task<FileStatus?> FileStatusAsync(string blobName, CancellationToken cancellationToken = default)
    {
        if (AuthorProfiles.IsProfile(blobName))
        {
            return await ProfileStatusAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        var sourceRead = store.Table.GetEntityIfExistsAsync<SourceEntity>(
            BlogKeys.SourcePartition, BlogKeys.SourceRow(blobName), cancellationToken: cancellationToken);
        var refusalRead = _errors.ReadAsync(blobName, cancellationToken);
        var (source, refusal) = (await sourceRead.ConfigureAwait(false), await refusalRead.ConfigureAwait(false));
        if (!source.HasValue)
        {
            return null;
        }

        var row = source.Value!;
        var error = refusal is null ? null : ToIngestError(refusal);
        var state = (row.ContentHash, error, row.TakenDownHash) switch
        {
            (_, not null, _) => FileStates.Refused,
            (not null, null, _) => FileStates.Published,
            (null, null, not null) => FileStates.TakenDown,
            _ => FileStates.Unpublished,
        };
        // Stored bare; shown as storage clients show a blob's ETag, in quotes.
        return new FileStatus(row.BlobName, state, row.Slug, row.BlobETag is null ? null : $"\"{row.BlobETag}\"", error, row.ReadWarnings());
    }

    /// <summary>
    /// Takes the article with this slug down: every index row goes, the file stays, and it stays
    /// down until the file's content changes. Null when no article has the slug.
    /// </summary>
    public async Task<PublishResult?> TakeDownAsync(string slug, CancellationToken cancellationToken = default)
    {
        var head = await _articles.ReadHeadAsync(slug, cancellationToken).ConfigureAwait(false);
        if (head is null || !HeadRow.IsArticle(head) || HeadRow.Owner.Get(head) is not { } owner)
        {
            return null;
        }

        return await publisher.TakeDownAsync(owner, cancellationToken).ConfigureAwait(false);
    }

    private static IngestError ToIngestError(IngestErrorEntity row) => new(row.BlobName, row.Error, row.Line, row.At);
}
