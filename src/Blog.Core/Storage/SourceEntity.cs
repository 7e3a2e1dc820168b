using Azure;
using Azure.Data.Tables;

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

    /// <summary>Id of the operation working on this file, while it works.</summary>
    public string? LockId { get; set; }

    public DateTimeOffset? LockUntil { get; set; }
}
