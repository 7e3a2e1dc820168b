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
        responder.GuardAsync(async () => responder.Json(
            await cache.GetOrReadAsync("authors", async ct => ApiJson.Authors(await authors.ListAsync(ct)), cancellationToken)));

    [Function(nameof(GetAuthor))]
    public Task<IActionResult> GetAuthor(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "authors/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) &&
            await cache.GetOrReadAsync("author/" + slug, async ct => await authors.GetAsync(slug, ct) is { } author ? ApiJson.Author(author) : null, cancellationToken) is { } body
                ? responder.Json(body)
                : responder.NotFound($"There is no author '{slug}' with published articles."));

}
