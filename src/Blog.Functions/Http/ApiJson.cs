using System.Text.Json;
using Blog.Articles;
using Blog.Operations;
using Blog.Queries;
using Blog.Rendering;

namespace Blog.Functions.Http;

/// <summary>
/// Every JSON body the API answers with (problem details aside, which <see cref="ApiResponder"/>
/// writes), in the shapes of <c>openapi.json</c>, from the typed results of the queries.
/// </summary>
public static class ApiJson
{
    public static byte[] Page(ArticlePage page) => WriteObject(writer =>
    {
        WriteSummaries(writer, "items", page.Items);
        writer.WriteString("nextCursor", page.NextCursor);
        if (page.Total is { } total)
        {
            writer.WriteNumber("total", total);
        }
        else
        {
            writer.WriteNull("total");
        }
    });

    public static byte[] Taxonomies(IReadOnlyList<TaxonomyCount> items) => WriteObject(writer =>
    {
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            writer.WriteStartObject();
            Taxonomy(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static byte[] Taxonomy(TaxonomyCount item) => WriteObject(writer => Taxonomy(writer, item));

    /// <summary>An <c>Article</c>: the summary's properties, then <c>html</c>, <c>toc</c>, <c>canonicalUrl</c> and <c>related</c>.</summary>
    public static byte[] Article(ArticleView article) => WriteObject(writer =>
    {
        using (var summary = JsonSerializer.SerializeToDocument(article.Summary, BlogJson.Context.ArticleSummary))
        {
            foreach (var property in summary.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteString("html", article.Html);
        writer.WritePropertyName("toc");
        JsonSerializer.Serialize(writer, article.Toc as List<TocEntry> ?? [.. article.Toc], BlogJson.Context.ListTocEntry);
        writer.WriteString("canonicalUrl", article.CanonicalUrl);
        WriteSummaries(writer, "related", article.Related);
        if (article.Series is { } series)
        {
            writer.WriteStartObject("series");
            writer.WriteString("slug", series.Slug);
            writer.WriteString("name", series.Name);
            writer.WriteNumber("part", series.Part);
            writer.WriteNumber("total", series.Total);
            WriteSummary(writer, "previous", series.Previous);
            WriteSummary(writer, "next", series.Next);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("series");
        }
    });

    public static byte[] Authors(IReadOnlyList<AuthorCount> items) => WriteObject(writer =>
    {
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            writer.WriteStartObject();
            Author(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static byte[] Author(AuthorCount item) => WriteObject(writer => Author(writer, item));

    /// <summary>A series: <c>slug</c>, <c>name</c> and its visible parts in order as <c>items</c>.</summary>
    public static byte[] Series(SeriesPage series) => WriteObject(writer =>
    {
        writer.WriteString("slug", series.Slug);
        writer.WriteString("name", series.Name);
        WriteSummaries(writer, "items", series.Items);
    });

    public static byte[] ReindexResult(ReindexResult result) => WriteObject(writer =>
    {
        writer.WriteNumber("published", result.Published);
        writer.WriteNumber("unchanged", result.Unchanged);
        writer.WriteNumber("removed", result.Removed);
        writer.WriteNumber("failed", result.Failed);
    });

    public static byte[] IngestErrors(IReadOnlyList<IngestError> errors) => WriteObject(writer =>
    {
        writer.WriteStartArray("items");
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            IngestError(writer, error);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static byte[] FileStatus(FileStatus status) => WriteObject(writer =>
    {
        writer.WriteString("blobName", status.BlobName);
        writer.WriteString("state", status.State);
        writer.WriteString("slug", status.Slug);
        writer.WriteString("blobETag", status.BlobETag);
        if (status.Error is { } error)
        {
            writer.WriteStartObject("error");
            IngestError(writer, error);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("error");
        }

        writer.WriteStartArray("warnings");
        foreach (var warning in status.Warnings)
        {
            writer.WriteStringValue(warning);
        }

        writer.WriteEndArray();
    });

    public static byte[] TakenDown(string slug, string blobName) => WriteObject(writer =>
    {
        writer.WriteString("slug", slug);
        writer.WriteString("blobName", blobName);
        writer.WriteString("status", "taken down");
    });

    public static byte[] Health(bool healthy) => WriteObject(writer => writer.WriteString("status", healthy ? "healthy" : "unhealthy"));

    private static void Taxonomy(Utf8JsonWriter writer, TaxonomyCount item)
    {
        writer.WriteString("slug", item.Slug);
        writer.WriteString("name", item.Name);
        writer.WriteNumber("count", item.Count);
    }

    private static void Author(Utf8JsonWriter writer, AuthorCount item)
    {
        writer.WriteString("slug", item.Slug);
        writer.WriteString("name", item.Name);
        writer.WriteString("bio", item.Bio);
        writer.WriteString("avatar", item.Avatar);
        writer.WriteNumber("count", item.Count);
    }

    private static void WriteSummary(Utf8JsonWriter writer, string name, ArticleSummary? summary)
    {
        writer.WritePropertyName(name);
        if (summary is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, summary, BlogJson.Context.ArticleSummary);
        }
    }

    private static void WriteSummaries(Utf8JsonWriter writer, string name, IReadOnlyList<ArticleSummary> summaries)
    {
        writer.WriteStartArray(name);
        foreach (var summary in summaries)
        {
            JsonSerializer.Serialize(writer, summary, BlogJson.Context.ArticleSummary);
        }

        writer.WriteEndArray();
    }

    private static void IngestError(Utf8JsonWriter writer, IngestError error)
    {
        writer.WriteString("blobName", error.BlobName);
        writer.WriteString("error", error.Error);
        if (error.Line is { } line)
        {
            writer.WriteNumber("line", line);
        }
        else
        {
            writer.WriteNull("line");
        }

        writer.WritePropertyName("at");
        JsonSerializer.Serialize(writer, error.At, BlogJson.Context.DateTimeOffset);
    }

    /// <summary>A JSON object whose properties <paramref name="body"/> writes.</summary>
    public static byte[] WriteObject(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Blog.Articles.BlogJson.WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
