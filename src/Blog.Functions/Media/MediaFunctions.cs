using Blog.Functions.Http;
using Blog.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Media;

/// <summary>
/// <c>GET</c>/<c>HEAD /api/media/{*path}</c>: an image authors keep beside their posts in the posts
/// container (<see cref="MediaLibrary"/>), which relative URLs in articles are rewritten to. Anything
/// else, a Markdown file included, answers <c>404</c>.
/// </summary>
public sealed class MediaFunctions(MediaLibrary media, ApiResponder responder)
{
    [Function(nameof(GetMedia))]
    public Task<IActionResult> GetMedia(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "media/{*path}")] HttpRequest request,
        string? path,
        CancellationToken cancellationToken) => responder.GuardAsync(async () =>
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        var file = path is null ? null : await media.OpenAsync(
            path,
            withContent: !HttpMethods.IsHead(request.Method),
            ifNoneMatch.Count == 0 ? null : etag => ApiResponder.Matches(ifNoneMatch, etag),
            cancellationToken);
        return file is null
            ? responder.NotFound($"There is no image '{Shorten(path)}' in the posts container. The media route serves images ({MediaPaths.Extensions}) at their path in the container, such as 2026/11/chart.png.")
            : responder.Media(file);
    });

    private static string Shorten(string? path) => path is null ? string.Empty : path.Length <= 200 ? path : path[..200] + "…";
}
