using System.Globalization;
using System.Text.RegularExpressions;
using Blog.Queries;
using Microsoft.AspNetCore.Http;

namespace Blog.Functions.Http;

/// <summary>Reads and checks query-string parameters; a bad one throws <see cref="InvalidQueryException"/> saying what to change.</summary>
public static partial class QueryParameters
{
    // \A and \z, not ^ and $: $ also matches before a final newline, which would let "news\n" through.
    [GeneratedRegex(@"\A[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    /// <summary>Most tags one query may require (Table Storage allows 15 comparisons in a filter).</summary>
    public const int MaxTags = 5;

    public static bool IsSlug(string? value) => value is { Length: > 0 and <= 120 } && SlugPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> can name a blob: 1 to 1,024 characters, none of them a control character.</summary>
    public static bool IsBlobName(string? value) => value is { Length: > 0 and <= 1024 } && !value.Any(char.IsControl);

    public static ArticleListRequest ArticleList(IQueryCollection query) => new()
    {
        Limit = Limit(query),
        Cursor = Single(query, "cursor"),
        Tags = query["tag"].Count <= MaxTags
            ? query["tag"].Select(tag => Slug(tag, "tag", "ai-talent")).ToList()
            : throw new InvalidQueryException($"tag may be given at most {MaxTags} times."),
        Category = Single(query, "category") is { } category ? Slug(category, "category", "news") : null,
        Author = Single(query, "author") is { } author ? Slug(author, "author", "jane-doe") : null,
        Before = Instant(query, "before"),
        After = Instant(query, "after"),
    };

    public static SearchRequest Search(IQueryCollection query)
    {
        var q = Single(query, "q");
        SearchQueries.Terms(q); // says what is wrong with q before any storage is read
        return new SearchRequest(q!) { Limit = Limit(query), Cursor = Single(query, "cursor") };
    }

    /// <summary>A feed's narrowing: <c>tag</c> and <c>category</c>, each a slug given at most once.</summary>
    public static FeedRequest Feed(IQueryCollection query) => new(
        Single(query, "tag") is { } tag ? Slug(tag, "tag", "ai-talent") : null,
        Single(query, "category") is { } category ? Slug(category, "category", "news") : null);

    /// <summary>The sitemap part asked for (<c>part</c>, from 1), or null for the sitemap itself.</summary>
    public static int? SitemapPart(IQueryCollection query) =>
        Single(query, "part") is not { } text
            ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var part) && part >= 1
                ? part
                : throw new InvalidQueryException("part must be a whole number from 1, as the sitemap index lists them.");

    private static int Limit(IQueryCollection query)
    {
        var text = Single(query, "limit");
        if (text is null)
        {
            return ArticleListRequest.DefaultLimit;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= ArticleListRequest.MaxLimit
            ? limit
            : throw new InvalidQueryException($"limit must be an integer between 1 and {ArticleListRequest.MaxLimit}.");
    }

    private static string Slug(string? value, string name, string example) =>
        IsSlug(value)
            ? value!
            : throw new InvalidQueryException($"{name} must be a {name} slug of lowercase letters, digits and dashes, such as {example}.");

    private static DateTimeOffset? Instant(IQueryCollection query, string name)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return null;
        }

        return Blog.Publishing.TimestampParser.TryParse(text, out var value) && value.Year is > 1 and < 9999
            ? value
            : throw new InvalidQueryException($"{name} must be an ISO 8601 instant between the years 2 and 9998, such as 2026-11-28T09:30:00Z.");
    }

    private static string? Single(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            throw new InvalidQueryException($"{name} may be given only once.");
        }

        return values.Count == 1 ? values[0] : null;
    }
}
