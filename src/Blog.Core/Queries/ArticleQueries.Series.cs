using Azure.Data.Tables;
using Blog.Articles;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>
/// Series: the visible parts of a series in series order, read as one range of the series' list
/// with its tally row (which carries the series' name), for the series route and for the
/// previous and next parts of an article.
/// </summary>
public sealed partial class ArticleQueries
{
    /// <summary>Most parts a series answer lists.</summary>
    public const int MaxSeriesParts = 500;

    private static readonly string[] SeriesColumns =
        [nameof(TableEntity.RowKey), ListEntryRow.Slug.Name, ListEntryRow.Summary.Name, ListEntryRow.SeriesOrder.Name, ListCountRow.Name.Name];

    /// <summary>The series and its visible parts in order; null when it has none.</summary>
    public async Task<SeriesPage?> SeriesAsync(string slug, CancellationToken cancellationToken = default)
    {
        var (name, parts) = await SeriesPartsAsync(slug, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return parts.Count == 0 ? null : new SeriesPage(slug, name ?? slug, parts.Select(p => p.Summary).ToList());
    }

    /// <summary>
    /// Where <paramref name="article"/> stands among the visible parts of its series. An article
    /// not visible itself (a draft preview) is placed where it would stand.
    /// </summary>
    private async Task<SeriesPosition?> PositionAsync(
        string seriesSlug, ArticleSummary article, int? order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (name, parts) = await SeriesPartsAsync(seriesSlug, now, cancellationToken).ConfigureAwait(false);
        if (parts.FindIndex(p => p.Summary.Slug == article.Slug) < 0)
        {
            parts.Add(new SeriesPart(article, order));
            parts.Sort(SeriesPart.InSeriesOrder);
        }

        var index = parts.FindIndex(p => p.Summary.Slug == article.Slug);
        return new SeriesPosition(
            seriesSlug,
            name ?? seriesSlug,
            index + 1,
            parts.Count,
            index > 0 ? parts[index - 1].Summary : null,
            index < parts.Count - 1 ? parts[index + 1].Summary : null);
    }

    private async Task<(string? Name, List<SeriesPart> Parts)> SeriesPartsAsync(string slug, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var range = new EntryRange(Scope.Series(slug), BlogKeys.EntryRangeStart(now), BlogKeys.EntryRangeEnd, ListEntryRow.NotExpiredAt(now), KnowsTotal: true);
        var filter = range.FilterFrom(BlogKeys.CountRow, inclusive: true) + " and " + ListEntryRow.PublishedAtOrBefore(now);
        string? name = null;
        var parts = new List<SeriesPart>();
        foreach (var row in await QueryAsync(filter, MaxSeriesParts + 1, SeriesColumns, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == BlogKeys.CountRow)
            {
                name = ListCountRow.Name.Get(row);
            }
            else
            {
                parts.Add(new SeriesPart(ReadSummary(ListEntryRow.Summary.Get(row)), ListEntryRow.SeriesOrder.Get(row)));
            }
        }

        parts.Sort(SeriesPart.InSeriesOrder);
        return (name, parts.Take(MaxSeriesParts).ToList());
    }

    /// <summary>A part of a series: parts with an order come first, by order; then the others; each by publish date, then slug.</summary>
    private sealed record SeriesPart(ArticleSummary Summary, int? Order)
    {
        public static int InSeriesOrder(SeriesPart a, SeriesPart b) =>
            (a.Order ?? int.MaxValue).CompareTo(b.Order ?? int.MaxValue) is var byOrder and not 0 ? byOrder
            : a.Summary.PublishedAt.CompareTo(b.Summary.PublishedAt) is var byDate and not 0 ? byDate
            : string.CompareOrdinal(a.Summary.Slug, b.Summary.Slug);
    }
}
