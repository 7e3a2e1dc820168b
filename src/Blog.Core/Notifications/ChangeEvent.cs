using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blog.Articles;
using Blog.Storage;

namespace Blog.Notifications;

/// <summary>What a change notification says happened.</summary>
public static class ChangeKind
{
    /// <summary>The file had no live article before.</summary>
    public const string Published = "published";

    /// <summary>The file's live article changed.</summary>
    public const string Updated = "updated";

    /// <summary>The file's article is gone: the file was removed, taken down, or made a draft.</summary>
    public const string Removed = "removed";
}

/// <summary>
/// One change notification: which article changed how, and the API paths whose answers it may
/// have changed. The id is made from the file, the kind and the version it concerns, and recorded
/// on the file's source row before the publish writes anything, so a publish retried after a crash
/// sends the same id, and receivers can drop the duplicate.
/// </summary>
public sealed record ChangeEvent(string Id, DateTimeOffset OccurredAt, string Kind, IReadOnlyList<string> Slugs, IReadOnlyList<string> Paths)
{
    /// <summary>
    /// The event <paramref name="id"/> of a change of kind <paramref name="kind"/>; <paramref name="rows"/>
    /// are the rows the file owned before and after, the new version first.
    /// </summary>
    public static ChangeEvent Create(string id, string kind, IReadOnlyList<OwnedRows> rows, DateTimeOffset occurredAt)
    {
        var slugs = rows.SelectMany(r => r.Claims.Concat(r.Redirects)).Distinct(StringComparer.Ordinal).ToList();
        var paths = slugs.Select(ChangePaths.Article)
            .Concat(rows.SelectMany(r => r.Placements).SelectMany(ChangePaths.ForPlacement))
            .Concat(ChangePaths.Global)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ChangeEvent(id, occurredAt, kind, slugs, paths);
    }

    /// <summary>
    /// The id of a change to <paramref name="blobName"/>: made from the file, the kind and the
    /// <paramref name="version"/> it concerns (a content hash and blob ETag, or a removal marker).
    /// </summary>
    public static string MakeId(string blobName, string kind, string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + kind + "\n" + version)).AsSpan(0, 16));

    /// <summary>The body receivers get, as UTF-8 JSON: <c>id</c>, <c>occurredAt</c>, <c>kind</c>, <c>slugs</c>, <c>paths</c>.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, BlogJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            writer.WriteString("occurredAt", OccurredAt.UtcDateTime.ToString(UtcTimestampConverter.Format, System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("kind", Kind);
            WriteArray(writer, "slugs", Slugs);
            WriteArray(writer, "paths", Paths);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
