using Azure.Data.Tables;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>
/// The feeds' read: the newest visible articles of a list with their HTML, in one range query
/// over the same entries (and the same visibility) as a page. An entry carries the HTML of an
/// article up to <see cref="ListEntryRow.MaxInlineHtmlChunks"/> chunks long; a longer one costs
/// one more request (its head row, or its HTML blob), all of them sent together.
/// </summary>
public sealed partial class ArticleQueries
{
    /// <summary>Articles in a feed.</summary>
    public const int FeedLength = 20;

    private static readonly string[] FeedColumns =
        [nameof(TableEntity.RowKey), ListEntryRow.Slug.Name, ListEntryRow.Summary.Name, .. ListEntryRow.HtmlColumns];

    /// <summary>The newest <see cref="FeedLength"/> visible articles with <paramref name="request"/>'s tag and category, newest first.</summary>
    public async Task<IReadOnlyList<FeedItem>> FeedAsync(FeedRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var filter = VisibleEntries(new ListFilter(request.Tag is { } tag ? [tag] : [], request.Category), before: null, after: null, now).Filter;
        var rows = await QueryAsync(filter, FeedLength, FeedColumns, cancellationToken).ConfigureAwait(false);
        var html = await Task.WhenAll(rows.Select(row => HtmlAsync(row, cancellationToken))).ConfigureAwait(false);
        return rows.Select((row, i) => new FeedItem(ReadSummary(ListEntryRow.Summary.Get(row)), html[i])).ToList();
    }

    /// <summary>The entry's HTML: carried by the entry, else from the article's HTML blob, else from its head row.</summary>
    private async Task<string> HtmlAsync(TableEntity entry, CancellationToken cancellationToken)
    {
        if (ListEntryRow.InlineHtml(entry) is { } inline)
        {
            return inline;
        }

        var blobName = ListEntryRow.HtmlBlob.Get(entry);
        if (blobName is null)
        {
            if (await _articles.ReadHeadAsync(ListEntryRow.Slug.Get(entry), cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return string.Empty; // taken down since the list was read
            }

            if (HeadRow.InlineHtml(head) is { } fromHead)
            {
                return fromHead;
            }

            blobName = HeadRow.HtmlBlob.Get(head);
        }

        var blob = await store.Rendered.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return blob.Value.Content.ToString();
    }
}
