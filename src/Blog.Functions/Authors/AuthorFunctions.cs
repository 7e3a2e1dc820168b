using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Authors;

/// <summary><c>GET /api/authors</c> and <c>GET /api/authors/{slug}</c>.</summary>
public sealed class AuthorFunctions(AuthorQueries authors, ReadCache cache, ApiResponder responder)
{
    [Function(nameof(ListAuthors))]
    public Task<IActionResult> ListAuthors(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "authors")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => responder.Json(ApiJson.Authors(
            await cache.GetOrReadAsync("authors", authors.ListAsync, cancellationToken))));

    [Function(nameof(GetAuthor))]
    public Task<IActionResult> GetAuthor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "authors/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) &&
            await cache.GetOrReadAsync("author/" + slug, ct => authors.GetAsync(slug, ct), cancellationToken) is { } author
                ? responder.Json(ApiJson.Author(author))
                : responder.NotFound($"There is no author '{slug}' with published articles."));

}
