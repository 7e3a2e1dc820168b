using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Blog.Functions.Http;

/// <summary>
/// The absolute addresses feeds and sitemaps link to: pages of the site from the configured
/// templates (<c>Blog:ArticleUrlTemplate</c>, <c>Blog:TagUrlTemplate</c>, <c>Blog:CategoryUrlTemplate</c>),
/// resolved against <c>Blog:SiteUrl</c> or, when it is not set, the scheme and host the request
/// came to; and the API's own addresses, from the request.
/// </summary>
public sealed class SiteLinks(BlogOptions options, HttpRequest request)
{
    /// <summary>The site's home page: <c>Blog:SiteUrl</c>, else the request's scheme and host.</summary>
    public string Site { get; } = (options.SiteUrl?.ToString() ?? $"{request.Scheme}://{request.Host.ToUriComponent()}/").TrimEnd('/') + "/";

    /// <summary>The address of this very answer (a feed's self link), query included.</summary>
    public string Self => Api(request.Path.ToUriComponent()) + request.QueryString.ToUriComponent();

    public string Article(string slug) => Page(options.ArticleUrlTemplate, slug);

    public string Tag(string slug) => Page(options.TagUrlTemplate, slug);

    public string Category(string slug) => Page(options.CategoryUrlTemplate, slug);

    /// <summary>An address of this API (<paramref name="path"/> under the request's path base), absolute.</summary>
    public string Api(string path) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{path}");

    private string Page(string template, string slug)
    {
        var path = template.Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal);
        return path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? path
            : Site + path.TrimStart('/');
    }
}
