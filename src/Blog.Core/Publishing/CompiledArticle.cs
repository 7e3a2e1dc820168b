using Blog.Rendering;

namespace Blog.Publishing;

/// <summary>A tag or category as an article names it: its slug and its display name.</summary>
public sealed record TaxonomyName(string Slug, string Name);

/// <summary>The series an article is part of, and its place in it when the front matter gives one.</summary>
public sealed record SeriesName(string Slug, string Name, int? Order);

/// <summary>Everything publishing computes from one Markdown file, before any storage is touched.</summary>
public sealed record CompiledArticle
{
    public required string BlobName { get; init; }

    /// <summary>Hash of the file's bytes and of the rendering rules; equal hashes publish equal articles.</summary>
    public required string ContentHash { get; init; }

    public required string Slug { get; init; }

    public required string Title { get; init; }

    /// <summary>The front matter description, or null.</summary>
    public string? Description { get; init; }

    public required string Excerpt { get; init; }

    public required IReadOnlyList<TaxonomyName> Categories { get; init; }

    public required IReadOnlyList<TaxonomyName> Tags { get; init; }

    /// <summary>Every author, in the order the front matter names them.</summary>
    public IReadOnlyList<TaxonomyName> Authors { get; init; } = [];

    /// <summary>The first author's name as written, or null.</summary>
    public string? Author => Authors.Count > 0 ? Authors[0].Name : null;

    public SeriesName? Series { get; init; }

    public string? CoverImage { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool Draft { get; init; }

    public bool Featured { get; init; }

    /// <summary>Old slugs that answer with a redirect to this article.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public string? CanonicalUrl { get; init; }

    public required string Html { get; init; }

    public required IReadOnlyList<TocEntry> Toc { get; init; }

    public required int WordCount { get; init; }

    public required int ReadingTimeMinutes { get; init; }

    /// <summary>The files beside the article its relative URLs name, rewritten to the media route (<see cref="MediaLinks"/>).</summary>
    public IReadOnlyList<MediaTarget> MediaTargets { get; init; } = [];

    /// <summary>What the author should hear about without the file being refused (an image URL above the container's top, say).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
