using System.Text;
using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>
/// The rows of the <c>article:{slug}</c> partitions: the head row that serves an article (or a
/// redirect) in one point read, and the claim row that says which file owns the slug.
/// </summary>
public static class ArticleRows
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

    /// <summary>
    /// The stored details of an article. A table of contents too long for one property (hundreds
    /// of long headings) keeps its first entries, as many as fit; the headings and their ids stay
    /// in the HTML. Without this, such an article could never be stored, and every retry would fail alike.
    /// </summary>
    public static string DetailsJson(IReadOnlyList<Rendering.TocEntry> toc, string? canonicalUrl)
    {
        var count = toc.Count;
        while (true)
        {
            var details = new Articles.ArticleDetails { Toc = count == toc.Count ? toc : toc.Take(count).ToList(), CanonicalUrl = canonicalUrl };
            var json = System.Text.Json.JsonSerializer.Serialize(details, Articles.BlogJson.Context.ArticleDetails);
            if (json.Length <= MaxPropertyLength || count == 0)
            {
                return json;
            }

            // Shrink in proportion to the excess: a few rounds at most.
            count = Math.Min(count - 1, (int)((long)count * MaxPropertyLength / json.Length));
        }
    }

    public static TableEntity Claim(string slug, string owner) =>
        new(BlogKeys.ArticlePartition(slug), BlogKeys.ClaimRow) { ["Owner"] = owner };

    /// <summary>A redirect to <paramref name="target"/>, carrying the target's visibility so readers need no second read.</summary>
    public static TableEntity Redirect(string slug, string target, string owner, bool draft, DateTimeOffset publishedAt, DateTimeOffset? expiresAt) =>
        new(BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow)
        {
            ["Kind"] = KindRedirect,
            ["Target"] = target,
            ["Owner"] = owner,
            ["Draft"] = draft,
            ["PublishedAt"] = publishedAt,
            ["ExpiresAt"] = expiresAt ?? ListIndex.NoExpiry,
        };

    public static TableEntity Head(ArticleHead head)
    {
        var row = new TableEntity(BlogKeys.ArticlePartition(head.Slug), BlogKeys.HeadRow)
        {
            ["Kind"] = KindArticle,
            ["Owner"] = head.Owner,
            ["Version"] = head.Version,
            ["Summary"] = head.SummaryJson,
            ["Details"] = head.DetailsJson,
            ["Draft"] = head.Draft,
            ["PublishedAt"] = head.PublishedAt,
            ["ExpiresAt"] = head.ExpiresAt ?? ListIndex.NoExpiry,
        };

        if (head.HtmlBlob is not null)
        {
            row["HtmlBlob"] = head.HtmlBlob;
            row["HtmlChunks"] = 0;
            return row;
        }

        var chunks = 0;
        for (var start = 0; start < head.Html.Length; start += HtmlChunkLength)
        {
            row["Html" + chunks++] = head.Html.Substring(start, Math.Min(HtmlChunkLength, head.Html.Length - start));
        }

        row["HtmlChunks"] = chunks;
        return row;
    }

    /// <summary>The HTML kept in a head row, or null when it lives in a blob.</summary>
    public static string? InlineHtml(TableEntity head)
    {
        if (head.GetString("HtmlBlob") is not null)
        {
            return null;
        }

        var chunks = head.GetInt32("HtmlChunks") ?? 0;
        if (chunks == 1)
        {
            return head.GetString("Html0") ?? string.Empty;
        }

        var html = new StringBuilder(chunks * HtmlChunkLength);
        for (var i = 0; i < chunks; i++)
        {
            html.Append(head.GetString("Html" + i));
        }

        return html.ToString();
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
