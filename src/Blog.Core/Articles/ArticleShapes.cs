using System.Text.Json.Serialization;
using Blog.Rendering;

namespace Blog.Articles;

/// <summary>A tag or category reference inside an article.</summary>
public sealed record TaxonomyRef(string Slug, string Name);

/// <summary>The fields an article shows in every list (the API's <c>ArticleSummary</c>).</summary>
public sealed record ArticleSummary
{
    public required string Slug { get; init; }

    public required string Title { get; init; }

    /// <summary>The front matter description, else the excerpt.</summary>
    public required string Description { get; init; }

    public required string Excerpt { get; init; }

    public required TaxonomyRef? Category { get; init; }

    public required IReadOnlyList<TaxonomyRef> Categories { get; init; }

    public required IReadOnlyList<TaxonomyRef> Tags { get; init; }

    /// <summary>The first author's name, or null.</summary>
    public required string? Author { get; init; }

    /// <summary>Every author (summaries stored before authors were indexed read as none).</summary>
    public IReadOnlyList<TaxonomyRef> Authors { get; init; } = [];

    public required string? CoverImage { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    public required DateTimeOffset? UpdatedAt { get; init; }

    public required int ReadingTimeMinutes { get; init; }

    public required int WordCount { get; init; }

    public required bool Featured { get; init; }
}

/// <summary>What the index keeps of an article beyond its summary.</summary>
public sealed record ArticleDetails
{
    public required IReadOnlyList<TocEntry> Toc { get; init; }

    public required string? CanonicalUrl { get; init; }

    /// <summary>The slug of the series the article is part of, or null.</summary>
    public string? Series { get; init; }

    /// <summary>The article's place in its series, when the front matter gives one.</summary>
    public int? SeriesOrder { get; init; }
}

/// <summary>System.Text.Json metadata for the shapes the index stores and the API returns.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ArticleSummary))]
[JsonSerializable(typeof(ArticleDetails))]
[JsonSerializable(typeof(List<TocEntry>))]
[JsonSerializable(typeof(Storage.VisibilityTally))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(DateTimeOffset))]
public sealed partial class BlogJsonContext : JsonSerializerContext;
