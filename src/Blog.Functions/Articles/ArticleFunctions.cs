using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Articles;

/// <summary><c>GET /api/articles</c> and <c>GET /api/articles/{slug}</c>.</summary>
public sealed class ArticleFunctions(ArticleQueries articles, ReadCache cache, ApiResponder responder)
{
    [Function(nameof(ListArticles))]
    public Task<IActionResult> ListArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            responder.Json(ApiJson.Page(await cache.GetOrReadAsync(
                "articles" + request.QueryString, ct => articles.ListAsync(QueryParameters.ArticleList(request.Query), ct), cancellationToken))));

    [Function(nameof(GetArticle))]
    public Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => !QueryParameters.IsSlug(slug)
            ? responder.NotFound($"There is no article '{slug}'. Article slugs are lowercase letters, digits and dashes.")
            : await cache.GetOrReadAsync("article/" + slug, ct => articles.GetAsync(slug, cancellationToken: ct), cancellationToken) switch
            {
                ArticleLookup.Found found => responder.Json(ApiJson.Article(found.Article)),
                ArticleLookup.Moved moved => responder.MovedTo(request, moved.Slug),
                _ => responder.NotFound($"There is no published article '{slug}'."),
            });
}
