using System.Globalization;
using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Blog.Functions.Feeds;

/// <summary>
/// <c>GET /api/feeds/rss</c>, <c>/api/feeds/atom</c>, <c>/api/feeds/json</c> (the newest visible
/// articles, optionally of one tag and one category) and <c>GET /api/sitemap.xml</c> (every visible
/// article, tag and category; above the part size an index of parts, <c>?part=1</c>, <c>?part=2</c>, …).
/// </summary>
public sealed class FeedFunctions(
    ArticleQueries articles, SitemapQueries sitemap, ReadCache cache, ApiResponder responder, IOptions<BlogOptions> options)
{
    private readonly BlogOptions _options = options.Value;

    [Function(nameof(RssFeed))]
    public Task<IActionResult> RssFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "feeds/rss")] HttpRequest request,
        CancellationToken cancellationToken) =>
        FeedAsync(request, FeedWriter.Rss, FeedWriter.RssContentType, cancellationToken);

    [Function(nameof(AtomFeed))]
    public Task<IActionResult> AtomFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "feeds/atom")] HttpRequest request,
        CancellationToken cancellationToken) =>
        FeedAsync(request, FeedWriter.Atom, FeedWriter.AtomContentType, cancellationToken);

    [Function(nameof(JsonFeed))]
    public Task<IActionResult> JsonFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "feeds/json")] HttpRequest request,
        CancellationToken cancellationToken) =>
        FeedAsync(request, FeedWriter.Json, FeedWriter.JsonFeedContentType, cancellationToken);

    [Function(nameof(Sitemap))]
    public Task<IActionResult> Sitemap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "sitemap.xml")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
        {
            var part = QueryParameters.SitemapPart(request.Query);
            var content = await cache.GetOrReadAsync("sitemap", sitemap.ReadAsync, cancellationToken);
            var links = new SiteLinks(_options, request);
            var size = Math.Clamp(_options.SitemapPartSize, 1, SitemapWriter.MaxUrls);
            var parts = Math.Max(1, (content.Count + size - 1) / size);
            if (part > parts)
            {
                return responder.NotFound(string.Create(CultureInfo.InvariantCulture,
                    $"The sitemap has {parts} part(s); part {part} does not exist. The sitemap index at /api/sitemap.xml lists them."));
            }

            // The XML is kept with the content it was written from: the same entry lifetime.
            var body = await cache.GetOrReadAsync($"sitemap.xml?part={part}@{BaseOf(request)}", _ =>
            {
                if (part is null && content.Count > size)
                {
                    var self = links.Api(request.Path.ToUriComponent());
                    return Task.FromResult(SitemapWriter.Index(
                        Enumerable.Range(1, parts).Select(p => string.Create(CultureInfo.InvariantCulture, $"{self}?part={p}"))));
                }

                var urls = content.Articles.Select(a => new SitemapWriter.Url(links.Article(a.Slug), a.LastModified))
                    .Concat(content.Tags.Select(slug => new SitemapWriter.Url(links.Tag(slug), null)))
                    .Concat(content.Categories.Select(slug => new SitemapWriter.Url(links.Category(slug), null)));
                return Task.FromResult(SitemapWriter.UrlSet(urls.Skip(((part ?? 1) - 1) * size).Take(size)));
            }, cancellationToken);
            return responder.Ok(body, SitemapWriter.ContentType);
        });

    private Task<IActionResult> FeedAsync(
        HttpRequest request, Func<IReadOnlyList<FeedItem>, SiteLinks, string, byte[]> write, string contentType, CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
        {
            var feed = QueryParameters.Feed(request.Query);
            var body = await cache.GetOrReadAsync($"{request.Path}?tag={feed.Tag}&category={feed.Category}@{BaseOf(request)}", async ct =>
                write(await articles.FeedAsync(feed, ct), new SiteLinks(_options, request), _options.FeedTitle), cancellationToken);
            return responder.Ok(body, contentType);
        });

    /// <summary>What links in a feed or sitemap are built on when no site URL is configured: the request's own origin.</summary>
    private static string BaseOf(HttpRequest request) => request.Scheme + "://" + request.Host + request.PathBase;
}
