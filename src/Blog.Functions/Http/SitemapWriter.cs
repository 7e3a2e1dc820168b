using System.Globalization;
using System.Text;
using System.Xml;

namespace Blog.Functions.Http;

/// <summary>sitemaps.org bodies: a <c>urlset</c> of pages, or a <c>sitemapindex</c> of sitemap parts.</summary>
public static class SitemapWriter
{
    public const string ContentType = "application/xml; charset=utf-8";

    public const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>Most URLs sitemaps.org allows in one sitemap.</summary>
    public const int MaxUrls = 50_000;

    /// <summary>One page of the site: where it is and, for an article, when it last changed.</summary>
    public readonly record struct Url(string Location, DateTimeOffset? LastModified);

    public static byte[] UrlSet(IEnumerable<Url> urls) => Write("urlset", writer =>
    {
        foreach (var url in urls)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, url.Location);
            if (url.LastModified is { } lastModified)
            {
                writer.WriteElementString("lastmod", Namespace, W3CDateTime(lastModified));
            }

            writer.WriteEndElement();
        }
    });

    public static byte[] Index(IEnumerable<string> parts) => Write("sitemapindex", writer =>
    {
        foreach (var part in parts)
        {
            writer.WriteStartElement("sitemap", Namespace);
            writer.WriteElementString("loc", Namespace, part);
            writer.WriteEndElement();
        }
    });

    /// <summary>A W3C datetime in UTC, to the second: <c>2026-11-28T09:30:00Z</c>.</summary>
    public static string W3CDateTime(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(string root, Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root, Namespace);
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
