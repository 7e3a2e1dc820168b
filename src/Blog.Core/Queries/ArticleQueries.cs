using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>
/// Answers the article reads from the index: a page of a list in one range query (its total
/// from the list's tally row, read in the same query), and an article in one point read.
/// Visibility is decided at request time: future articles lie outside the key range (or, on a
/// first page read with its tally, are filtered by the service), expired ones are filtered by
/// the service, drafts are never listed.
/// </summary>
public sealed partial class ArticleQueries(BlogStore store, CursorProtector cursors, TimeProvider time, ReadCache? cache = null)
{
    /// <summary>Newest entries read per tag when looking for related articles.</summary>
    public const int RelatedCandidatesPerTag = 10;

    public const int MaxRelated = 3;

    private static readonly string[] PageColumns = [nameof(TableEntity.RowKey), ListEntryRow.Summary.Name, ListCountRow.Tally.Name];

    private readonly TableClient _table = store.Table;
    private readonly ArticleRows _articles = new(store);

    public async Task<ArticlePage> ListAsync(ArticleListRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var tags = request.Tags.Distinct(StringComparer.Ordinal).ToList();
        var signature = Signature(tags, request);
        var position = new CursorPosition(string.Empty, 0);
        if (request.Cursor is { } cursor && !cursors.TryUnprotect(cursor, signature, out position))
        {
            throw new InvalidQueryException(
                "cursor is not valid for this query: pass the nextCursor of the previous page unchanged, with the same tag, category, before and after.");
        }

        var entries = VisibleEntries(new ListFilter(tags, request.Category, request.Author), request.Before, request.After, now);

        // Every query is a range seek in one partition. The first page of a list whose tally
        // counts exactly its entries reads the tally row in the same range: it sorts before every
        // entry and carries moments that always pass the visibility filter (future entries between
        // it and the first visible one are scanned and filtered by the service). Later pages
        // start after the previous page's last entry, carry the first page's total in the cursor,
        // and read one entry more than the page to know whether another follows.
        var firstPage = position.AfterRowKey.Length == 0;
        var withTally = firstPage && entries.KnowsTotal;
        var filter = withTally
            ? entries.FilterFrom(BlogKeys.CountRow, inclusive: true) + " and " + ListEntryRow.PublishedAtOrBefore(now)
            : firstPage ? entries.Filter : entries.FilterFrom(position.AfterRowKey, inclusive: false);
        var rows = await QueryAsync(filter, request.Limit + 1, PageColumns, cancellationToken).ConfigureAwait(false);

        long? total = entries.KnowsTotal ? position.Total ?? 0 : null;
        var found = new List<TableEntity>(rows.Count);
        foreach (var row in rows)
        {
            if (row.RowKey == BlogKeys.CountRow)
            {
                total = ListCountRow.ReadTally(row).VisibleAt(now);
            }
            else
            {
                found.Add(row);
            }
        }

        var items = found.Take(request.Limit).ToList();
        var hasMore = found.Count > request.Limit || (withTally && items.Count == request.Limit && items.Count < total);
        var next = hasMore
            ? cursors.Protect(signature, new CursorPosition(items[^1].RowKey, position.Offset + items.Count, total))
            : null;
        return new ArticlePage(items.Select(e => ReadSummary(ListEntryRow.Summary.Get(e))).ToList(), next, total);
    }

    /// <summary>
    /// The visible articles that match <paramref name="filter"/>, published before
    /// <paramref name="before"/> and after <paramref name="after"/> at <paramref name="now"/>: a key
    /// range of the list of the first tag (else the category, else the author, else all), newest
    /// first, narrowed by the flags of the other conditions and by expiry.
    /// </summary>
    internal static EntryRange VisibleEntries(ListFilter filter, DateTimeOffset? before, DateTimeOffset? after, DateTimeOffset now)
    {
        var (tags, category, author) = filter;
        var scope = tags.Count > 0 ? Scope.Tag(tags[0])
            : category is { } only ? Scope.Category(only)
            : author is { } byAuthor ? Scope.Author(byAuthor)
            : Scope.All;
        var flags = tags.Skip(1).Select(ListEntryRow.TagFlag.For).ToList();
        if (tags.Count > 0 && category is { } alsoCategory)
        {
            flags.Add(ListEntryRow.CategoryFlag.For(alsoCategory));
        }

        if (scope.Kind != ScopeKind.Author && author is { } alsoAuthor)
        {
            flags.Add(ListEntryRow.AuthorFlag.For(alsoAuthor));
        }

        var newest = before is { } end && end > DateTimeOffset.MinValue && end.AddTicks(-1) < now ? end.AddTicks(-1) : now;
        var conditions = ListEntryRow.NotExpiredAt(now);
        foreach (var flag in flags)
        {
            conditions += $" and {flag} eq true"; // flag names are built from validated slugs only
        }

        return new EntryRange(
            scope,
            BlogKeys.EntryRangeStart(newest),
            after is { } start ? BlogKeys.EntryRangeStart(start) : BlogKeys.EntryRangeEnd,
            conditions,
            KnowsTotal: flags.Count == 0 && before is null && after is null);
    }

    /// <summary>Looks an article up by slug; <paramref name="includeHidden"/> also finds drafts, scheduled and expired ones.</summary>
    public async Task<ArticleLookup> GetAsync(string slug, bool includeHidden = false, CancellationToken cancellationToken = default)
    {
        if (await _articles.ReadHeadAsync(slug, cancellationToken).ConfigureAwait(false) is not { } head)
        {
            return new ArticleLookup.Missing();
        }

        var now = time.GetUtcNow();
        var visible = HeadRow.IsVisibleAt(head, now);
        if (HeadRow.IsRedirect(head))
        {
            // A redirect row carries its target's visibility, so a hidden target's slug never leaks.
            return visible || includeHidden ? new ArticleLookup.Moved(HeadRow.Target.Get(head)) : new ArticleLookup.Missing();
        }

        if (!visible && !includeHidden)
        {
            return new ArticleLookup.Missing();
        }

        var html = HeadRow.InlineHtml(head);
        if (html is null)
        {
            var blob = await store.Rendered.GetBlobClient(HeadRow.HtmlBlob.Get(head))
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            html = blob.Value.Content.ToString();
        }

        var summary = ReadSummary(HeadRow.Summary.Get(head));
        var details = HeadRow.Details.Get(head) is { } detailsJson
            ? JsonSerializer.Deserialize(detailsJson, BlogJson.Context.ArticleDetails)
            : null;
        var related = RelatedAsync(summary, now, cancellationToken);
        var series = details?.Series is { } seriesSlug
            ? PositionAsync(seriesSlug, summary, details.SeriesOrder, now, cancellationToken)
            : Task.FromResult<SeriesPosition?>(null);
        return new ArticleLookup.Found(
            new ArticleView(summary, html, details?.Toc ?? [], details?.CanonicalUrl, await related.ConfigureAwait(false))
            {
                Series = await series.ConfigureAwait(false),
            },
            HeadRow.Version.Get(head) ?? string.Empty);
    }

    /// <summary>
    /// Up to three visible articles sharing the most tags with <paramref name="article"/>, newest
    /// first among equals: the newest entries of each of its tags, one small query per tag. A
    /// tag's candidates are the same for every article that has the tag, so they are kept in the
    /// read cache by tag: an article read on a cold entry costs its head row and only the tags
    /// no other article has just read.
    /// </summary>
    private async Task<List<ArticleSummary>> RelatedAsync(ArticleSummary article, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (article.Tags.Count == 0)
        {
            return [];
        }

        var tags = article.Tags.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var candidates = new Dictionary<string, (string RowKey, ArticleSummary Summary, int Shared)>(StringComparer.Ordinal);
        var reads = article.Tags.Select(tag => cache is null
            ? TagCandidatesAsync(tag.Slug, now, cancellationToken)
            : cache.GetOrReadAsync("related/" + tag.Slug, ct => TagCandidatesAsync(tag.Slug, now, ct), cancellationToken));
        foreach (var entries in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var (rowKey, summary) in entries)
            {
                if (summary.Slug == article.Slug || candidates.ContainsKey(summary.Slug))
                {
                    continue;
                }

                candidates[summary.Slug] = (rowKey, summary, summary.Tags.Count(t => tags.Contains(t.Slug)));
            }
        }

        return candidates.Values
            .OrderByDescending(c => c.Shared)
            .ThenBy(c => c.RowKey, StringComparer.Ordinal)
            .Take(MaxRelated)
            .Select(c => c.Summary)
            .ToList();
    }

    /// <summary>The newest <see cref="RelatedCandidatesPerTag"/> visible entries of a tag's list.</summary>
    private async Task<IReadOnlyList<(string RowKey, ArticleSummary Summary)>> TagCandidatesAsync(string tag, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            TableClient.CreateQueryFilter(
                $"PartitionKey eq {Scope.Tag(tag).PartitionKey} and RowKey ge {BlogKeys.EntryRangeStart(now)} and RowKey lt {BlogKeys.EntryRangeEnd}") +
                " and " + ListEntryRow.NotExpiredAt(now),
            RelatedCandidatesPerTag,
            [nameof(TableEntity.RowKey), ListEntryRow.Summary.Name],
            cancellationToken).ConfigureAwait(false);
        return rows.Select(row => (row.RowKey, ReadSummary(ListEntryRow.Summary.Get(row)))).ToList();
    }

    /// <summary>Reads up to <paramref name="limit"/> rows, following continuations the service may hand out early.</summary>
    private async Task<List<TableEntity>> QueryAsync(string filter, int limit, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>(limit);
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: select, cancellationToken: cancellationToken)
                           .AsPages(pageSizeHint: limit).ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                rows.Add(row);
                if (rows.Count == limit)
                {
                    return rows;
                }
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return rows;
    }

    private static string Signature(List<string> tags, ArticleListRequest request) =>
        $"articles|t={string.Join(',', tags)}|c={request.Category}|b={request.Before?.UtcTicks}|a={request.After?.UtcTicks}" +
        (request.Author is null ? string.Empty : "|w=" + request.Author);

    internal static ArticleSummary ReadSummary(string json) =>
        JsonSerializer.Deserialize(json, BlogJson.Context.ArticleSummary)
        ?? throw new InvalidDataException("A stored article summary is empty.");
}

/// <summary>What a list is narrowed to: all of <paramref name="Tags"/>, a category, an author (validated slugs).</summary>
internal sealed record ListFilter(IReadOnlyList<string> Tags, string? Category = null, string? Author = null)
{
    public static readonly ListFilter None = new([]);
}

/// <summary>
/// A key range of one list's entries and the conditions on their other columns: the only shape
/// of list query the app sends, so that the service seeks to the range instead of scanning the
/// partition (an <c>or</c> across RowKey conditions would make it scan).
/// </summary>
/// <param name="From">Smallest entry key (inclusive): the newest visible moment.</param>
/// <param name="To">Entry key bound (exclusive).</param>
/// <param name="Conditions">Conditions on other columns (expiry, flags), joined by <c>and</c>.</param>
/// <param name="KnowsTotal">The list's own tally counts exactly these entries.</param>
internal sealed record EntryRange(Scope Scope, string From, string To, string Conditions, bool KnowsTotal)
{
    /// <summary>The whole range.</summary>
    public string Filter => FilterFrom(From, inclusive: true);

    /// <summary>The range from <paramref name="from"/> on (after it, unless <paramref name="inclusive"/>).</summary>
    public string FilterFrom(string from, bool inclusive) =>
        (inclusive
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Scope.PartitionKey} and RowKey ge {from} and RowKey lt {To}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Scope.PartitionKey} and RowKey gt {from} and RowKey lt {To}")) +
        " and " + Conditions;
}
