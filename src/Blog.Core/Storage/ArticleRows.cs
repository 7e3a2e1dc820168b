using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>
/// Reads and writes the <c>article:{slug}</c> partitions (<see cref="ClaimRow"/>, <see cref="HeadRow"/>)
/// and the rendered-HTML blobs a head row may name. Every write that could take another file's
/// row is conditional: a claim is insert-if-absent, a redirect replaces only what it read, a
/// delete removes only a row that is still the same file's.
/// </summary>
public sealed class ArticleRows(BlogStore store)
{
    private readonly TableClient _table = store.Table;

    /// <summary>The head row of <paramref name="slug"/> (an article or a redirect), if any.</summary>
    public async Task<TableEntity?> ReadHeadAsync(string slug, CancellationToken cancellationToken)
    {
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue ? head.Value : null;
    }

    /// <summary>Claims a slug for a file; returns the file that owns it afterwards.</summary>
    public async Task<string> ClaimAsync(string slug, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(ClaimRow.Create(slug, blobName), cancellationToken).ConfigureAwait(false);
            return blobName;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var claim = await ReadClaimAsync(slug, cancellationToken).ConfigureAwait(false);
            return claim is not null ? ClaimRow.Owner.Get(claim) ?? string.Empty : await ClaimAsync(slug, blobName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the head row that serves an article, its HTML blob first when it has one.</summary>
    public async Task WriteArticleAsync(ArticleHead head, CancellationToken cancellationToken)
    {
        if (head.HtmlBlob is not null)
        {
            await store.Rendered.GetBlobClient(head.HtmlBlob)
                .UploadAsync(BinaryData.FromString(head.Html), overwrite: true, cancellationToken)
                .ConfigureAwait(false);
        }

        await _table.UpsertEntityAsync(HeadRow.Article(head), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points an alias at an article, unless the alias is another file's slug or redirect.</summary>
    public async Task<bool> TryRedirectAsync(string alias, ArticleHead target, CancellationToken cancellationToken)
    {
        var owner = target.Owner;
        var headRead = ReadHeadAsync(alias, cancellationToken);
        var claimRead = ReadClaimAsync(alias, cancellationToken);
        var (head, claim) = (await headRead.ConfigureAwait(false), await claimRead.ConfigureAwait(false));

        if ((claim is not null && ClaimRow.Owner.Get(claim) != owner) ||
            (head is not null && HeadRow.Owner.Get(head) != owner))
        {
            return false;
        }

        var redirect = HeadRow.Redirect(alias, target.Slug, owner, target.Draft, target.PublishedAt, target.ExpiresAt);
        try
        {
            if (head is null)
            {
                await _table.AddEntityAsync(redirect, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.UpdateEntityAsync(redirect, head.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false; // another file took the slug meanwhile
        }
    }

    /// <summary>Deletes the head row of <paramref name="slug"/> if the file owns it (and it is of <paramref name="kind"/>, when given).</summary>
    public async Task DeleteHeadIfOwnedAsync(string slug, string blobName, string? kind, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(slug, cancellationToken).ConfigureAwait(false);
        if (head is not null && HeadRow.Owner.Get(head) == blobName && (kind is null || HeadRow.Kind.Get(head) == kind))
        {
            await DeleteIfUnchangedAsync(head, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteClaimIfOwnedAsync(string slug, string blobName, CancellationToken cancellationToken)
    {
        var claim = await ReadClaimAsync(slug, cancellationToken).ConfigureAwait(false);
        if (claim is not null && ClaimRow.Owner.Get(claim) == blobName)
        {
            await DeleteIfUnchangedAsync(claim, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteHtmlBlobsAsync(IEnumerable<string> blobs, CancellationToken cancellationToken)
    {
        foreach (var blob in blobs)
        {
            await store.Rendered.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TableEntity?> ReadClaimAsync(string slug, CancellationToken cancellationToken)
    {
        var claim = await _table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.ClaimRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return claim.HasValue ? claim.Value : null;
    }

    private async Task DeleteIfUnchangedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Someone else's now, or already gone: either way not ours to delete.
        }
    }
}
