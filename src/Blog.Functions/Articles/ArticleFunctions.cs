using Azure;
using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Articles;

/// <summary><c>GET /api/articles</c> and <c>GET /api/articles/{slug}</c>.</summary>
public sealed class ArticleFunctions(ArticleQueries articles, ApiResponder responder)
{
    [Function(nameof(ListArticles))]
    public async Task<IActionResult> ListArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var page = await articles.ListAsync(QueryParameters.ArticleList(request.Query), cancellationToken);
            return responder.Json(ApiJson.Page(page));
        }
        catch (InvalidQueryException ex)
        {
            return responder.BadRequest(ex.Message);
        }
        catch (RequestFailedException)
        {
            return responder.Problem(StatusCodes.Status503ServiceUnavailable, "The article index is not reachable right now; try again shortly.");
        }
    }

    [Function(nameof(GetArticle))]
    public async Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.IsSlug(slug))
        {
            return responder.NotFound($"There is no article '{slug}'. Article slugs are lowercase letters, digits and dashes.");
        }

        try
        {
            return await articles.GetAsync(slug, cancellationToken: cancellationToken) switch
            {
                ArticleLookup.Found found => responder.Json(found.Json),
                ArticleLookup.Moved moved => responder.MovedTo(request, moved.Slug),
                _ => responder.NotFound($"There is no published article '{slug}'."),
            };
        }
        catch (RequestFailedException)
        {
            return responder.Problem(StatusCodes.Status503ServiceUnavailable, "The article index is not reachable right now; try again shortly.");
        }
    }
}
