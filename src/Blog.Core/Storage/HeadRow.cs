using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Rendering;

namespace Blog.Storage;

/// <summary>
/// The <c>article:{slug}</c> / <c>head</c> row: an article served in one point read (summary,
/// details, HTML split over properties or named blob), or a redirect carrying its target's
/// visibility. The only type that names its columns.
/// </summary>
public static class HeadRow
{
    public const string KindArticle = "article";
    public const string KindRedirect = "redirect";

    /// <summary>Characters of HTML per string property: a property holds 64 KiB of UTF-16.</summary>
    public const int HtmlChunkLength = 30 * 1024;

    /// <summary>
    /// Most HTML kept inside the head row. An entity holds 1 MiB of properties and the rest of
    /// the article needs room, so larger HTML goes to a blob and costs one more read.
    /// </summary>
    public const int MaxInlineHtmlLength = 14 * HtmlChunkLength;

    /// <summary>Characters a string property holds (64 KiB of UTF-16), less a margin.</summary>
    public const int MaxPropertyLength = 31 * 1024;

    public static readonly TextColumn Kind = new("Kind");
    public static readonly TextColumn Target = new("Target");
    public static readonly TextColumn Owner = new("Owner");
    public static readonly TextColumn Version = new("Version");
    public static readonly TextColumn Summary = new("Summary");
    public static readonly TextColumn Details = new("Details");
    public static readonly FlagColumn Draft = new("Draft");
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");
    public static readonly TextColumn HtmlBlob = new("HtmlBlob");
    public static readonly Int32Column HtmlChunks = new("HtmlChunks");
    public static readonly TextSeries Html = new("Html");

    /// <summary>A redirect to <paramref name="target"/>, carrying the target's visibility so readers need no second read.</summary>
    public static TableEntity Redirect(string slug, string target, string owner, bool draft, DateTimeOffset publishedAt, DateTimeOffset? expiresAt)
    {
        var row = new TableEntity(BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow);
        Kind.Set(row, KindRedirect);
        Target.Set(row, target);
        Owner.Set(row, owner);
        Draft.Set(row, draft);
        PublishedAt.Set(row, publishedAt);
        ExpiresAt.Set(row, expiresAt ?? IndexSchema.NoExpiry);
        return row;
    }

    public static TableEntity Article(ArticleHead head)
    {
        var row = new TableEntity(BlogKeys.ArticlePartition(head.Slug), BlogKeys.HeadRow);
        Kind.Set(row, KindArticle);
        Owner.Set(row, head.Owner);
        Version.Set(row, head.Version);
        Summary.Set(row, head.SummaryJson);
        Details.Set(row, head.DetailsJson);
        Draft.Set(row, head.Draft);
        PublishedAt.Set(row, head.PublishedAt);
        ExpiresAt.Set(row, head.ExpiresAt ?? IndexSchema.NoExpiry);
        if (head.HtmlBlob is not null)
        {
            HtmlBlob.Set(row, head.HtmlBlob);
            HtmlChunks.Set(row, 0);
            return row;
        }

        var chunks = 0;
        for (var start = 0; start < head.Html.Length; start += HtmlChunkLength)
        {
            row[Html.At(chunks++)] = head.Html.Substring(start, Math.Min(HtmlChunkLength, head.Html.Length - start));
        }

        HtmlChunks.Set(row, chunks);
        return row;
    }

    /// <summary>
    /// The stored details of an article. A table of contents too long for one property (hundreds
    /// of long headings) keeps its first entries, as many as fit; the headings and their ids stay
    /// in the HTML. Without this, such an article could never be stored, and every retry would fail alike.
    /// </summary>
    public static string DetailsJson(IReadOnlyList<TocEntry> toc, string? canonicalUrl, string? series = null, int? seriesOrder = null)
    {
        var count = toc.Count;
        while (true)
        {
            var details = new ArticleDetails { Toc = count == toc.Count ? toc : toc.Take(count).ToList(), CanonicalUrl = canonicalUrl, Series = series, SeriesOrder = seriesOrder };
            var json = JsonSerializer.Serialize(details, BlogJson.Context.ArticleDetails);
            if (json.Length <= MaxPropertyLength || count == 0)
            {
                return json;
            }

            // Shrink in proportion to the excess: a few rounds at most.
            count = Math.Min(count - 1, (int)((long)count * MaxPropertyLength / json.Length));
        }
    }

    public static bool IsRedirect(TableEntity row) => Kind.Get(row) == KindRedirect;

    public static bool IsArticle(TableEntity row) => Kind.Get(row) == KindArticle;

    /// <summary>Whether readers may see the row's article (a redirect's: its target's) at <paramref name="now"/>.</summary>
    public static bool IsVisibleAt(TableEntity row, DateTimeOffset now) =>
        Draft.Get(row) != true &&
        PublishedAt.Get(row) <= now &&
        (ExpiresAt.Get(row) ?? IndexSchema.NoExpiry) > now;

    /// <summary>The HTML kept in a head row, or null when it lives in a blob.</summary>
    public static string? InlineHtml(TableEntity row)
    {
        if (HtmlBlob.Get(row) is not null)
        {
            return null;
        }

        var chunks = HtmlChunks.Get(row) ?? 0;
        if (chunks == 1)
        {
            return row.GetString(Html.At(0)) ?? string.Empty;
        }

        var html = new StringBuilder(chunks * HtmlChunkLength);
        for (var i = 0; i < chunks; i++)
        {
            html.Append(row.GetString(Html.At(i)));
        }

        return html.ToString();
    }
}

/// <summary>The <c>article:{slug}</c> / <c>claim</c> row: which file owns the slug.</summary>
public static class ClaimRow
{
    public static readonly TextColumn Owner = new("Owner");

    public static TableEntity Create(string slug, string owner)
    {
        var row = new TableEntity(BlogKeys.ArticlePartition(slug), BlogKeys.ClaimRow);
        Owner.Set(row, owner);
        return row;
    }
}

/// <summary>What a head row holds for an article.</summary>
public sealed record ArticleHead(
    string Slug,
    string Owner,
    string Version,
    string SummaryJson,
    string DetailsJson,
    bool Draft,
    DateTimeOffset PublishedAt,
    DateTimeOffset? ExpiresAt,
    string Html,
    string? HtmlBlob);
