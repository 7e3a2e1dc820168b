using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Blog.Articles;
using Blog.Queries;

namespace Blog.Functions.Http;

/// <summary>
/// The feed bodies: RSS 2.0 and Atom 1.0 written by <see cref="SyndicationFeed"/>, JSON Feed 1.1
/// by <see cref="Utf8JsonWriter"/>. Each item carries the article's link (also its id), title,
/// description, full HTML, dates, categories and tags, and author. Nothing in a feed depends on
/// the moment it is written, so its ETag changes only with its articles.
/// </summary>
public static class FeedWriter
{
    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";
    public const string JsonFeedContentType = "application/feed+json; charset=utf-8";

    /// <summary>The <c>content:encoded</c> namespace of RSS (full HTML of an item).</summary>
    public const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>The Dublin Core namespace: <c>dc:creator</c> names an RSS item's author (RSS's own <c>author</c> wants an email).</summary>
    public const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    public const string JsonFeedVersion = "https://jsonfeed.org/version/1.1";

    public static byte[] Rss(IReadOnlyList<FeedItem> items, SiteLinks links, string title)
    {
        var feed = Feed(items, links, title, rss: true);
        feed.AttributeExtensions.Add(new XmlQualifiedName("content", XNamespace.Xmlns.NamespaceName), ContentNamespace);
        feed.AttributeExtensions.Add(new XmlQualifiedName("dc", XNamespace.Xmlns.NamespaceName), DublinCoreNamespace);
        return Write(writer => feed.SaveAsRss20(writer));
    }

    public static byte[] Atom(IReadOnlyList<FeedItem> items, SiteLinks links, string title) =>
        Write(writer => Feed(items, links, title, rss: false).SaveAsAtom10(writer));

    public static byte[] Json(IReadOnlyList<FeedItem> items, SiteLinks links, string title) => ApiJson.WriteObject(writer =>
    {
        writer.WriteString("version", JsonFeedVersion);
        writer.WriteString("title", title);
        writer.WriteString("home_page_url", links.Site);
        writer.WriteString("feed_url", links.Self);
        writer.WriteStartArray("items");
        foreach (var (summary, html) in items)
        {
            var url = links.Article(summary.Slug);
            writer.WriteStartObject();
            writer.WriteString("id", url);
            writer.WriteString("url", url);
            writer.WriteString("title", summary.Title);
            writer.WriteString("content_html", html);
            writer.WriteString("summary", summary.Description);
            writer.WritePropertyName("date_published");
            JsonSerializer.Serialize(writer, summary.PublishedAt, BlogJson.Context.DateTimeOffset);
            writer.WritePropertyName("date_modified");
            JsonSerializer.Serialize(writer, summary.UpdatedAt ?? summary.PublishedAt, BlogJson.Context.DateTimeOffset);
            writer.WriteStartArray("tags");
            foreach (var name in summary.Categories.Concat(summary.Tags).Select(t => t.Name).Distinct(StringComparer.Ordinal))
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("authors");
            foreach (var author in AuthorNames(summary))
            {
                writer.WriteStartObject();
                writer.WriteString("name", author);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>The feed as <see cref="SyndicationFeed"/> holds it; <paramref name="rss"/> puts the HTML and author where RSS readers look.</summary>
    private static SyndicationFeed Feed(IReadOnlyList<FeedItem> items, SiteLinks links, string title, bool rss)
    {
        var feed = new SyndicationFeed(Safe(title), description: null, new Uri(links.Site), links.Self, Updated(items))
        {
            Items = items.Select(item => Item(item, links, rss)).ToList(),
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(links.Self)));
        if (rss)
        {
            feed.Description = new TextSyndicationContent(Safe(title));
        }

        return feed;
    }

    private static SyndicationItem Item(FeedItem item, SiteLinks links, bool rss)
    {
        var (summary, html) = item;
        var url = links.Article(summary.Slug);
        var entry = new SyndicationItem
        {
            Id = url,
            Title = new TextSyndicationContent(Safe(summary.Title)),
            Summary = new TextSyndicationContent(Safe(summary.Description)),
            PublishDate = summary.PublishedAt,
            LastUpdatedTime = summary.UpdatedAt ?? summary.PublishedAt,
        };
        entry.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(url)));
        foreach (var category in summary.Categories)
        {
            entry.Categories.Add(new SyndicationCategory(Safe(category.Name), links.Category(category.Slug), Safe(category.Name)));
        }

        foreach (var tag in summary.Tags)
        {
            entry.Categories.Add(new SyndicationCategory(Safe(tag.Name), links.Tag(tag.Slug), Safe(tag.Name)));
        }

        if (rss)
        {
            entry.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNamespace), Safe(html)));
            foreach (var creator in AuthorNames(summary))
            {
                entry.ElementExtensions.Add(new XElement(XName.Get("creator", DublinCoreNamespace), Safe(creator)));
            }
        }
        else
        {
            entry.Content = SyndicationContent.CreateHtmlContent(Safe(html));
            foreach (var author in AuthorNames(summary))
            {
                entry.Authors.Add(new SyndicationPerson { Name = Safe(author) });
            }
        }

        return entry;
    }

    /// <summary>When the feed last changed: its newest article's moment, or the epoch for an empty feed.</summary>
    private static DateTimeOffset Updated(IReadOnlyList<FeedItem> items) =>
        items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.Summary.UpdatedAt is { } updated && updated > i.Summary.PublishedAt ? updated : i.Summary.PublishedAt);

    private static byte[] Write(Action<XmlWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The text without the characters XML 1.0 cannot carry (most control characters, lone surrogates).</summary>
    public static string Safe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlCharAt(text, i, out var width))
            {
                return Strip(text);
            }

            i += width - 1;
        }

        return text;
    }

    private static string Strip(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsXmlCharAt(text, i, out var width))
            {
                kept.Append(text, i, width);
            }

            i += width - 1;
        }

        return kept.ToString();
    }

    private static bool IsXmlCharAt(string text, int i, out int width)
    {
        if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return true;
        }

        width = 1;
        return XmlConvert.IsXmlChar(text[i]);
    }

    /// <summary>Every author's name; a summary stored before authors were indexed has only <c>author</c>.</summary>
    private static IEnumerable<string> AuthorNames(Blog.Articles.ArticleSummary summary) =>
        summary.Authors.Count > 0 ? summary.Authors.Select(a => a.Name) : summary.Author is { } author ? [author] : [];
}
