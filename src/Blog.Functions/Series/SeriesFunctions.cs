using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Series;

/// <summary><c>GET /api/series/{slug}</c>: a series and its visible parts, in series order.</summary>
public sealed class SeriesFunctions(ArticleQueries articles, ReadCache cache, ApiResponder responder)
{
    [Function(nameof(GetSeries))]
    public Task<IActionResult> GetSeries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "series/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            QueryParameters.IsSlug(slug) &&
            await cache.GetOrReadAsync("series/" + slug, async ct => await articles.SeriesAsync(slug, ct) is { } series ? ApiJson.Series(series) : null, cancellationToken) is { } body
                ? responder.Json(body)
                : responder.NotFound($"There is no series '{slug}' with published articles."));
}
