using System.Text.Json;
using Blog.Queries;

namespace Blog.Functions.Http;

/// <summary>The JSON bodies of the API, written straight from what the index stores.</summary>
public static class ApiJson
{
    public static byte[] Page(ArticlePage page) => WriteObject(writer =>
    {
        writer.WriteStartArray("items");
        foreach (var item in page.ItemsJson)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
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

    public static byte[] Health(bool healthy) => WriteObject(writer => writer.WriteString("status", healthy ? "healthy" : "unhealthy"));

    private static void Taxonomy(Utf8JsonWriter writer, TaxonomyCount item)
    {
        writer.WriteString("slug", item.Slug);
        writer.WriteString("name", item.Name);
        writer.WriteNumber("count", item.Count);
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
