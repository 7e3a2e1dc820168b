namespace Blog.Publishing;

/// <summary>What handling one file did.</summary>
public enum PublishOutcome
{
    /// <summary>The file's content is live now (new, changed or moved to a new slug).</summary>
    Published,

    /// <summary>The content was already live (or already refused, or taken down): nothing changed.</summary>
    Unchanged,

    /// <summary>The file cannot be published; an ingest error says why and the previous version stays live.</summary>
    Refused,

    /// <summary>The file is gone (or was taken down) and so is everything the index held for it.</summary>
    Removed,

    /// <summary>Not a Markdown file: nothing to do.</summary>
    Ignored,
}

/// <summary>The outcome of handling one file, with the slug it is published under and any refusal.</summary>
public sealed record PublishResult(PublishOutcome Outcome, string BlobName, string? Slug = null, Rejection? Rejection = null);

/// <summary>Another operation is working on the same file; try again later.</summary>
public sealed class PublishBusyException(string blobName)
    : Exception($"Another operation is publishing '{blobName}'; try again later.")
{
    public string BlobName { get; } = blobName;
}
