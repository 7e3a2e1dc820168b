using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Taxonomy;

/// <summary>
/// <c>GET /api/tags</c>, <c>GET /api/tags/{slug}</c>, <c>GET /api/categories</c> and
/// <c>GET /api/categories/{slug}</c>: each route its own function, one way of answering for both kinds.
/// </summary>
public sealed class TaxonomyFunctions(TaxonomyQueries taxonomies, ReadCache cache, ApiResponder responder)
{
    [Function(nameof(ListTags))]
    public Task<IActionResult> ListTags(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "tags")] HttpRequest request,
        CancellationToken cancellationToken) => ListAsync(TaxonomyKind.Tag, cancellationToken);

    [Function(nameof(GetTag))]
    public Task<IActionResult> GetTag(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "tags/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) => GetAsync(TaxonomyKind.Tag, slug, "tag", cancellationToken);

    [Function(nameof(ListCategories))]
    public Task<IActionResult> ListCategories(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "categories")] HttpRequest request,
        CancellationToken cancellationToken) => ListAsync(TaxonomyKind.Category, cancellationToken);

    [Function(nameof(GetCategory))]
    public Task<IActionResult> GetCategory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "categories/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) => GetAsync(TaxonomyKind.Category, slug, "category", cancellationToken);

    private Task<IActionResult> ListAsync(TaxonomyKind kind, CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => responder.Json(
            await cache.GetOrReadAsync("taxonomies/" + kind, async ct => ApiJson.Taxonomies(await taxonomies.ListAsync(kind, ct)), cancellationToken)));

    private Task<IActionResult> GetAsync(TaxonomyKind kind, string slug, string noun, CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) &&
            await cache.GetOrReadAsync($"taxonomy/{kind}/{slug}", async ct => await taxonomies.GetAsync(kind, slug, ct) is { } item ? ApiJson.Taxonomy(item) : null, cancellationToken) is { } body
                ? responder.Json(body)
                : responder.NotFound($"There is no {noun} '{slug}' with published articles."));
}
