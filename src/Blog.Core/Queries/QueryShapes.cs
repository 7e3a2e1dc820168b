using Blog.Articles;
using Blog.Rendering;

namespace Blog.Queries;

/// <summary>A request for a page of articles, as validated by the caller.</summary>
public sealed record ArticleListRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public int Limit { get; init; } = DefaultLimit;

    public string? Cursor { get; init; }

    /// <summary>Tag slugs that must all match.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Category { get; init; }

    /// <summary>Only articles by this author (a slug).</summary>
    public string? Author { get; init; }

    /// <summary>Only articles published strictly before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Only articles published strictly after this instant.</summary>
    public DateTimeOffset? After { get; init; }
}

/// <summary>A page of articles, newest first, and where the next one starts.</summary>
/// <param name="Total">How many articles the filter matches, when it can be counted cheaply (all, one tag, one category).</param>
public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, string? NextCursor, long? Total);

/// <summary>One article as a reader sees it: its summary, its HTML and table of contents, related articles and its series.</summary>
public sealed record ArticleView(
    ArticleSummary Summary,
    string Html,
    IReadOnlyList<TocEntry> Toc,
    string? CanonicalUrl,
    IReadOnlyList<ArticleSummary> Related)
{
    public SeriesPosition? Series { get; init; }
}

/// <summary>Where an article stands in its series: its part among the visible parts, and its neighbours.</summary>
public sealed record SeriesPosition(string Slug, string Name, int Part, int Total, ArticleSummary? Previous, ArticleSummary? Next);

/// <summary>A series and its visible parts, in series order.</summary>
public sealed record SeriesPage(string Slug, string Name, IReadOnlyList<ArticleSummary> Items);

/// <summary>An author with a number of visible articles, and the profile an <c>authors/</c> file gives, if any.</summary>
public sealed record AuthorCount(string Slug, string Name, string? Bio, string? Avatar, long Count) : ICounted;

/// <summary>Something listed with its number of visible articles: a tag, a category, an author.</summary>
public interface ICounted
{
    string Slug { get; }

    string Name { get; }

    long Count { get; }
}

/// <summary>The order of every taxonomy list: most articles first, then by name (ignoring case), then by slug.</summary>
public static class MostArticlesFirst
{
    public static int Compare<T>(T a, T b)
        where T : ICounted =>
        b.Count != a.Count
            ? b.Count.CompareTo(a.Count)
            : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) is var byName and not 0
                ? byName
                : string.CompareOrdinal(a.Slug, b.Slug);
}

/// <summary>A tag or category with its number of visible articles.</summary>
public sealed record TaxonomyCount(string Slug, string Name, long Count) : ICounted;

/// <summary>The outcome of looking an article up by slug.</summary>
public abstract record ArticleLookup
{
    private ArticleLookup()
    {
    }

    /// <param name="Version">Changes whenever anything in the article does (its ETag).</param>
    public sealed record Found(ArticleView Article, string Version) : ArticleLookup;

    public sealed record Moved(string Slug) : ArticleLookup;

    public sealed record Missing : ArticleLookup;
}

/// <summary>A request a caller can fix: the message says how.</summary>
public sealed class InvalidQueryException(string detail) : Exception(detail);

/// <summary>Which articles a feed shows: those with this tag, in this category (validated slugs), or all.</summary>
public sealed record FeedRequest(string? Tag, string? Category);

/// <summary>An article in a feed: its summary and its full HTML.</summary>
public sealed record FeedItem(ArticleSummary Summary, string Html);

/// <summary>An article's page in the sitemap: its slug and when it last changed.</summary>
public sealed record SitemapArticle(string Slug, DateTimeOffset LastModified);

/// <summary>Every page of visible content: articles newest first, then tags and categories with visible articles, by slug.</summary>
public sealed record SitemapContent(IReadOnlyList<SitemapArticle> Articles, IReadOnlyList<string> Tags, IReadOnlyList<string> Categories)
{
    public int Count => Articles.Count + Tags.Count + Categories.Count;
}
