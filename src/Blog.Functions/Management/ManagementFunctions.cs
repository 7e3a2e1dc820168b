using Blog.Functions.Http;
using Blog.Operations;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Management;

/// <summary>The operator's routes, behind a function key: reindex, ingest errors, one file's status, preview, takedown.</summary>
public sealed class ManagementFunctions(Reindexer reindexer, AdminQueries admin, ArticleQueries articles, ApiResponder responder)
{
    [Function(nameof(Reindex))]
    public Task<IActionResult> Reindex(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/reindex")] HttpRequest request,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        var result = await reindexer.ReindexAsync(cancellationToken);
        return responder.Uncached(StatusCodes.Status200OK, ApiJson.ReindexResult(result));
    });

    [Function(nameof(ListIngestErrors))]
    public Task<IActionResult> ListIngestErrors(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/ingest-errors")] HttpRequest request,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        var errors = await admin.IngestErrorsAsync(cancellationToken);
        return responder.Uncached(StatusCodes.Status200OK, ApiJson.IngestErrors(errors));
    });

    [Function(nameof(GetFileStatus))]
    public Task<IActionResult> GetFileStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/files/{*name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        if (!QueryParameters.IsBlobName(name) || await admin.FileStatusAsync(name, cancellationToken) is not { } status)
        {
            return responder.NotFound($"The index has not seen a file '{name}' in the posts container. Upload it, or check the path.");
        }

        return responder.Uncached(StatusCodes.Status200OK, ApiJson.FileStatus(status));
    });

    [Function(nameof(PreviewArticle))]
    public Task<IActionResult> PreviewArticle(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        if (!QueryParameters.IsSlug(slug))
        {
            return responder.NotFound($"There is no article '{slug}'.");
        }

        return await articles.GetAsync(slug, includeHidden: true, cancellationToken) switch
        {
            ArticleLookup.Found found => responder.Uncached(StatusCodes.Status200OK, ApiJson.Article(found.Article)),
            ArticleLookup.Moved moved => responder.MovedTo(request, moved.Slug, cacheable: false),
            _ => responder.NotFound($"There is no article '{slug}', published or not."),
        };
    });

    [Function(nameof(TakeDownArticle))]
    public Task<IActionResult> TakeDownArticle(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        if (!QueryParameters.IsSlug(slug) || await admin.TakeDownAsync(slug, cancellationToken) is not { } result)
        {
            return responder.NotFound($"There is no article '{slug}' to take down.");
        }

        return responder.Uncached(StatusCodes.Status200OK, ApiJson.TakenDown(slug, result.BlobName));
    });
}
