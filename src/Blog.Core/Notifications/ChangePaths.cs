namespace Blog.Notifications;

/// <summary>
/// The API paths whose answers a change of one article may alter: its own, the lists it is or was
/// in, and the routes over every article. Paths carry the host's route prefix (<see cref="Prefix"/>,
/// the <c>extensions.http.routePrefix</c> of <c>host.json</c>).
/// </summary>
public static class ChangePaths
{
    /// <summary>The route prefix of every API path.</summary>
    public const string Prefix = "/api";

    /// <summary>Routes over every visible article: any change can alter their answers.</summary>
    public static readonly IReadOnlyList<string> Global =
    [
        Prefix + "/articles",
        Prefix + "/feeds/rss",
        Prefix + "/feeds/atom",
        Prefix + "/feeds/json",
        Prefix + "/sitemap.xml",
        Prefix + "/search",
    ];

    public static string Article(string slug) => Prefix + "/articles/" + slug;

    /// <summary>
    /// The list pages of one scope as the source row records it (<c>all</c>, <c>tag:{slug}</c>,
    /// <c>category:{slug}</c>, <c>author:{slug}</c>, <c>series:{slug}</c>); a kind this version
    /// does not know alters no path it knows of. The other parts of a series are not listed one by
    /// one (their <c>previous</c>/<c>next</c> may change): the series path stands for them.
    /// </summary>
    public static IReadOnlyList<string> ForScope(string scope)
    {
        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        var (kind, slug) = colon < 0 ? (scope, string.Empty) : (scope[..colon], scope[(colon + 1)..]);
        return kind switch
        {
            "all" => [Prefix + "/articles"],
            "tag" => [Prefix + "/tags", Prefix + "/tags/" + slug],
            "category" => [Prefix + "/categories", Prefix + "/categories/" + slug],
            "author" => [Prefix + "/authors", Prefix + "/authors/" + slug],
            "series" => [Prefix + "/series/" + slug],
            _ => [],
        };
    }

    /// <summary>The list pages of one placement (<c>{scope}|{slug}</c>).</summary>
    public static IReadOnlyList<string> ForPlacement(string placement)
    {
        var bar = placement.LastIndexOf('|');
        return ForScope(bar < 0 ? placement : placement[..bar]);
    }
}
