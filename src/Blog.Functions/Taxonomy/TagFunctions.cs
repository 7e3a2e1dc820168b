using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Taxonomy;

/// <summary><c>GET /api/tags</c> and <c>GET /api/tags/{slug}</c>.</summary>
public sealed class TagFunctions(TaxonomyQueries taxonomies, ApiResponder responder)
{
    [Function(nameof(ListTags))]
    public Task<IActionResult> ListTags(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "tags")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () => responder.Json(ApiJson.Taxonomies(await taxonomies.ListAsync(TaxonomyKind.Tag, cancellationToken))));

    [Function(nameof(GetTag))]
    public Task<IActionResult> GetTag(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "tags/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) && await taxonomies.GetAsync(TaxonomyKind.Tag, slug, cancellationToken) is { } tag
                ? responder.Json(ApiJson.Taxonomy(tag))
                : responder.NotFound($"There is no tag '{slug}' with published articles."));
}
