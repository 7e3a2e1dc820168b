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
            responder.Json(await cache.GetOrReadAsync(
                "articles" + request.QueryString, async ct => ApiJson.Page(await articles.ListAsync(QueryParameters.ArticleList(request.Query), ct)), cancellationToken)));

    [Function(nameof(GetArticle))]
    public Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => !QueryParameters.IsSlug(slug)
            ? responder.NotFound($"There is no article '{slug}'. Article slugs are lowercase letters, digits and dashes.")
            : await cache.GetOrReadAsync("article/" + slug, async ct => Answer.Of(await articles.GetAsync(slug, cancellationToken: ct)), cancellationToken) switch
            {
                { Body: { } body } => responder.Json(body),
                { MovedTo: { } target } => responder.MovedTo(request, target),
                _ => responder.NotFound($"There is no published article '{slug}'."),
            });

    /// <summary>What the article route answers, as the cache keeps it: the written body, a redirect, or neither (404).</summary>
    private sealed record Answer(byte[]? Body, string? MovedTo)
    {
        public static Answer Of(ArticleLookup lookup) => lookup switch
        {
            ArticleLookup.Found found => new Answer(ApiJson.Article(found.Article), null),
            ArticleLookup.Moved moved => new Answer(null, moved.Slug),
            _ => new Answer(null, null),
        };
    }
}
