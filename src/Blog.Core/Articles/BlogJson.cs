using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Blog.Articles;

/// <summary>
/// The JSON settings of everything the index stores and the API returns: camelCase, instants as
/// <c>2026-11-28T09:30:00Z</c>, and text of every script written as itself (only the characters
/// that matter to HTML are escaped).
/// </summary>
public static class BlogJson
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    public static readonly BlogJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = Encoder,
        Converters = { new UtcTimestampConverter() },
    });
}
