using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Search;

/// <summary><c>GET /api/search?q=</c>.</summary>
public sealed class SearchFunctions(SearchQueries search, ReadCache cache, ApiResponder responder)
{
    [Function(nameof(Search))]
    public Task<IActionResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "search")] HttpRequest request,
        CancellationToken cancellationToken) =>
        responder.GuardAsync(async () =>
            responder.Json(await cache.GetOrReadAsync(
                "search" + request.QueryString, async ct => ApiJson.Page(await search.SearchAsync(QueryParameters.Search(request.Query), ct)), cancellationToken)));
}
