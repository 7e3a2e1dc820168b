using Blog.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Operations;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI document kept in the repository (<c>openapi.json</c>).</summary>
public sealed class OpenApiFunction(ApiResponder responder)
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream("Blog.Functions.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function(nameof(OpenApi))]
    public IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "openapi.json")] HttpRequest request) =>
        responder.Json(Document.Value);
}
