using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Blog.Articles;

namespace Blog.Storage;

/// <summary>
/// What the index last did with one Markdown file, and every row it may own. During a publish
/// the owned sets are widened to old ∪ new before any other write and narrowed to new after
/// the last one, so a publish cut off anywhere leaves a record from which a retry can finish it.
/// </summary>
public sealed class SourceEntity : ITableEntity
{
    public string PartitionKey { get; set; } = BlogKeys.SourcePartition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string BlobName { get; set; } = string.Empty;

    /// <summary>Hash of the content that is live; null when nothing of this file is published.</summary>
    public string? ContentHash { get; set; }

    /// <summary>ETag of the blob whose content was last handled; a reindex skips blobs that still have it.</summary>
    public string? BlobETag { get; set; }

    /// <summary>Hash of the last content refused as malformed; an upload of the same bytes changes nothing.</summary>
    public string? RefusedHash { get; set; }

    /// <summary>Hash of the content taken down by an administrator; it stays down until the content changes.</summary>
    public string? TakenDownHash { get; set; }

    /// <summary>The slug the file is published under.</summary>
    public string? Slug { get; set; }

    /// <summary>Slugs this file has been published under before, kept as redirects.</summary>
    public string FormerSlugs { get; set; } = "[]";

    /// <summary>Slugs whose claim row this file may hold.</summary>
    public string Claims { get; set; } = "[]";

    /// <summary>List placements (<c>{scope}|{slug}</c>) this file may hold.</summary>
    public string Placements { get; set; } = "[]";

    /// <summary>Slugs whose head row may be a redirect owned by this file.</summary>
    public string Redirects { get; set; } = "[]";

    /// <summary>Blobs of rendered HTML this file may own.</summary>
    public string HtmlBlobs { get; set; } = "[]";

    /// <summary>Slugs whose search rows this file may own.</summary>
    public string Searchable { get; set; } = "[]";

    /// <summary>
    /// What the author should hear about the live version without it being refused (a missing
    /// image beside it, say), as a JSON array of strings; null when nothing.
    /// </summary>
    public string? Warnings { get; set; }

    /// <summary>
    /// The change notification of the operation working on this file (<c>{kind} {id} {version}</c>),
    /// recorded with the lock, so a run that takes over after a crash sends the same event.
    /// </summary>
    public string? PendingChange { get; set; }

    /// <summary>Id of the operation working on this file, while it works.</summary>
    public string? LockId { get; set; }

    public DateTimeOffset? LockUntil { get; set; }

    public static SourceEntity Create(string blobName) => new() { RowKey = BlogKeys.SourceRow(blobName), BlobName = blobName };

    public List<string> ReadFormerSlugs() => ReadList(FormerSlugs);

    public List<string> ReadWarnings() => ReadList(Warnings);

    public void WriteWarnings(IReadOnlyCollection<string> warnings) => Warnings = warnings.Count == 0 ? null : WriteList(warnings);

    public void WriteFormerSlugs(IEnumerable<string> slugs) => FormerSlugs = WriteList(slugs);

    /// <summary>The rows this record says its file may own.</summary>
    public OwnedRows ReadOwned() => new(ReadList(Claims), ReadList(Placements), ReadList(Redirects), ReadList(HtmlBlobs), ReadList(Searchable));

    public void WriteOwned(OwnedRows owned)
    {
        Claims = WriteList(owned.Claims);
        Placements = WriteList(owned.Placements);
        Redirects = WriteList(owned.Redirects);
        HtmlBlobs = WriteList(owned.HtmlBlobs);
        Searchable = WriteList(owned.Searchable);
    }

    // The owned sets are stored as JSON arrays of strings, without repeats.
    private static List<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, BlogJson.Context.ListString) ?? [];

    private static string WriteList(IEnumerable<string> values) =>
        JsonSerializer.Serialize(values.Distinct(StringComparer.Ordinal).ToList(), BlogJson.Context.ListString);
}

/// <summary>
/// The rows a source record says its file may own: slugs whose claim (and head) row it may hold,
/// list placements (<c>{scope}|{slug}</c>), redirect slugs, rendered-HTML blobs and the slugs whose
/// search rows it may hold.
/// </summary>
public sealed record OwnedRows(
    IReadOnlyList<string> Claims,
    IReadOnlyList<string> Placements,
    IReadOnlyList<string> Redirects,
    IReadOnlyList<string> HtmlBlobs,
    IReadOnlyList<string> Searchable)
{
    public static readonly OwnedRows None = new([], [], [], [], []);

    /// <summary>These rows and those of another version: what a run may own while it replaces one with the other.</summary>
    public OwnedRows Union(OwnedRows other) => new(
        [.. Claims, .. other.Claims],
        [.. Placements, .. other.Placements],
        [.. Redirects, .. other.Redirects],
        [.. HtmlBlobs, .. other.HtmlBlobs],
        [.. Searchable, .. other.Searchable]);

    public static string Placement(Scope scope, string slug) => scope + "|" + slug;

    public static (Scope Scope, string Slug) ParsePlacement(string placement)
    {
        var bar = placement.LastIndexOf('|');
        return (Scope.Parse(placement[..bar]), placement[(bar + 1)..]);
    }
}
