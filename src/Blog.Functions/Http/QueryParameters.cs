using System.Globalization;
using System.Text.RegularExpressions;
using Blog.Queries;
using Microsoft.AspNetCore.Http;

namespace Blog.Functions.Http;

/// <summary>Reads and checks query-string parameters; a bad one throws <see cref="InvalidQueryException"/> saying what to change.</summary>
public static partial class QueryParameters
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    public static bool IsSlug(string? value) => value is { Length: > 0 and <= 120 } && SlugPattern().IsMatch(value);

    public static ArticleListRequest ArticleList(IQueryCollection query) => new()
    {
        Limit = Limit(query),
        Cursor = Single(query, "cursor"),
        Tags = query["tag"].Select(tag => Slug(tag, "tag", "ai-talent")).ToList(),
        Category = Single(query, "category") is { } category ? Slug(category, "category", "news") : null,
        Before = Instant(query, "before"),
        After = Instant(query, "after"),
    };

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

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) &&
               text.Length >= 10 && char.IsAsciiDigit(text[0])
            ? value
            : throw new InvalidQueryException($"{name} must be an ISO 8601 instant, such as 2026-11-28T09:30:00Z.");
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
