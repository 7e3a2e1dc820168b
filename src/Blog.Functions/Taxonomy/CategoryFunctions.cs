using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Taxonomy;

/// <summary><c>GET /api/categories</c> and <c>GET /api/categories/{slug}</c>.</summary>
public sealed class CategoryFunctions(TaxonomyQueries taxonomies, ApiResponder responder)
{
    [Function(nameof(ListCategories))]
    public Task<IActionResult> ListCategories(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "categories")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => responder.Json(ApiJson.Taxonomies(await taxonomies.ListAsync(TaxonomyKind.Category, cancellationToken))));

    [Function(nameof(GetCategory))]
    public Task<IActionResult> GetCategory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "categories/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) && await taxonomies.GetAsync(TaxonomyKind.Category, slug, cancellationToken) is { } category
                ? responder.Json(ApiJson.Taxonomy(category))
                : responder.NotFound($"There is no category '{slug}' with published articles."));
}
