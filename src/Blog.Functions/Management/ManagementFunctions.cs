using System.Text.Json;
using Blog.Articles;
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
        return responder.Uncached(StatusCodes.Status200OK, ApiJson.WriteObject(writer =>
        {
            writer.WriteNumber("published", result.Published);
            writer.WriteNumber("unchanged", result.Unchanged);
            writer.WriteNumber("removed", result.Removed);
            writer.WriteNumber("failed", result.Failed);
        }));
    });

    [Function(nameof(ListIngestErrors))]
    public Task<IActionResult> ListIngestErrors(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/ingest-errors")] HttpRequest request,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        var errors = await admin.IngestErrorsAsync(cancellationToken);
        return responder.Uncached(StatusCodes.Status200OK, ApiJson.WriteObject(writer =>
        {
            writer.WriteStartArray("items");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                WriteIngestError(writer, error);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }));
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

        return responder.Uncached(StatusCodes.Status200OK, ApiJson.WriteObject(writer =>
        {
            writer.WriteString("blobName", status.BlobName);
            writer.WriteString("state", status.State);
            writer.WriteString("slug", status.Slug);
            writer.WriteString("blobETag", status.BlobETag);
            if (status.Error is { } error)
            {
                writer.WriteStartObject("error");
                WriteIngestError(writer, error);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("error");
            }
        }));
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
            ArticleLookup.Found found => responder.Uncached(StatusCodes.Status200OK, System.Text.Encoding.UTF8.GetBytes(found.Json)),
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

        return responder.Uncached(StatusCodes.Status200OK, ApiJson.WriteObject(writer =>
        {
            writer.WriteString("slug", slug);
            writer.WriteString("blobName", result.BlobName);
            writer.WriteString("status", "taken down");
        }));
    });

    private static void WriteIngestError(Utf8JsonWriter writer, IngestError error)
    {
        writer.WriteString("blobName", error.BlobName);
        writer.WriteString("error", error.Error);
        if (error.Line is { } line)
        {
            writer.WriteNumber("line", line);
        }
        else
        {
            writer.WriteNull("line");
        }

        writer.WritePropertyName("at");
        JsonSerializer.Serialize(writer, error.At, BlogJson.Context.DateTimeOffset);
    }
}
