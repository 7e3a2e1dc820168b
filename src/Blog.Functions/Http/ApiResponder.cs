using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Blog.Functions.Http;

/// <summary>
/// Builds the API's answers: JSON (or any other body: feeds, sitemaps) with a strong ETag and the configured Cache-Control (and
/// <c>304</c> when the caller already has it), RFC 7807 problems, redirects; CORS on all of them.
/// </summary>
public sealed class ApiResponder(IOptions<BlogOptions> options)
{
    private readonly BlogOptions _options = options.Value;

    public IActionResult Json(byte[] body) => Ok(body, "application/json; charset=utf-8");

    /// <summary>A cacheable <c>200</c> with a body of <paramref name="contentType"/>, under the same ETag, CORS and caching rules as JSON.</summary>
    public IActionResult Ok(byte[] body, string contentType) => new ApiResult(_options, StatusCodes.Status200OK, body, contentType, _options.CacheControl);

    public IActionResult Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    /// <summary>Runs a route's work; a storage failure becomes a <c>503</c> problem rather than the host's bare <c>500</c>.</summary>
    public async Task<IActionResult> GuardAsync(Func<Task<IActionResult>> work)
    {
        try
        {
            return await work();
        }
        catch (Blog.Queries.InvalidQueryException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (Azure.RequestFailedException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "The blog's storage is not reachable right now; try again shortly.");
        }
    }

    /// <summary>JSON that must not be cached (health, for instance).</summary>
    public IActionResult Uncached(int status, byte[] body) =>
        new ApiResult(_options, status, body, "application/json; charset=utf-8", "no-store");

    public IActionResult Problem(int status, string detail) =>
        new ApiResult(_options, status, ProblemJson.Write(status, detail), "application/problem+json; charset=utf-8", "no-store");

    public IActionResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, detail);

    public IActionResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    /// <summary>
    /// An image of the posts container, streamed from storage: its own content type, its blob's ETag
    /// (<c>304</c> when the caller holds it), <see cref="BlogOptions.MediaCacheControl"/>, CORS, and
    /// for SVG a Content-Security-Policy under which no script in it runs.
    /// </summary>
    public IActionResult Media(Blog.Media.MediaFile file) => new MediaResult(_options, file);

    /// <summary>Whether an <c>If-None-Match</c> header names <paramref name="etag"/> (weak comparison; <c>*</c> names any).</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) => ApiResult.Matches(ifNoneMatch, etag);

    /// <summary>
    /// What SVG images are served with: nothing loads or runs (<c>default-src 'none'</c>, a
    /// sandbox without <c>allow-scripts</c>), inline styles still apply.
    /// </summary>
    public const string SvgContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    /// <summary>A permanent redirect to the same route with its last segment replaced by <paramref name="slug"/>.</summary>
    public IActionResult MovedTo(HttpRequest request, string slug, bool cacheable = true)
    {
        var path = request.Path.Value ?? "/";
        var location = request.PathBase + path[..(path.LastIndexOf('/') + 1)] + Uri.EscapeDataString(slug) + request.QueryString;
        return new ApiResult(_options, StatusCodes.Status301MovedPermanently, [], null, cacheable ? _options.CacheControl : "no-store", location);
    }

    private sealed class ApiResult(
        BlogOptions options, int status, byte[] body, string? contentType, string cacheControl, string? location = null) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var request = context.HttpContext.Request;
            var response = context.HttpContext.Response;
            Cors(options, request, response);
            response.Headers.CacheControl = cacheControl;
            response.Headers.XContentTypeOptions = "nosniff"; // a browser takes the declared type, never a guess
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (status == StatusCodes.Status200OK)
            {
                var etag = ETag(body);
                response.Headers.ETag = etag;
                if (Matches(request.Headers.IfNoneMatch, etag))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
            }

            response.StatusCode = status;
            if (contentType is null)
            {
                return;
            }

            response.ContentType = contentType;
            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(request.Method))
            {
                await response.Body.WriteAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
        }

        /// <summary>If-None-Match uses the weak comparison: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches anything.</summary>
        internal static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
        {
            foreach (var value in ifNoneMatch)
            {
                foreach (var candidate in (value ?? string.Empty).Split(','))
                {
                    var tag = candidate.Trim();
                    if (tag == "*" || tag == etag || (tag.StartsWith("W/", StringComparison.Ordinal) && tag[2..] == etag))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        internal static void Cors(BlogOptions options, HttpRequest request, HttpResponse response)
        {
            var origin = request.Headers.Origin.ToString();
            if (options.AllowedOrigins.Length == 0 || options.AllowedOrigins.Contains("*"))
            {
                response.Headers.AccessControlAllowOrigin = "*";
            }
            else if (origin.Length > 0 && options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            {
                response.Headers.AccessControlAllowOrigin = origin;
                response.Headers.Vary = HeaderNames.Origin;
            }

            response.Headers.AccessControlExposeHeaders = "ETag, Location";
        }

        /// <summary>A strong validator derived from the body bytes: it changes exactly when they do.</summary>
        /// <summary>
        /// Tags of bodies served from the read cache, which hands out the same array each time:
        /// a large cached body (a sitemap) is hashed once, not per request. Keyed by the array
        /// itself, so an entry goes when the cache lets the body go.
        /// </summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], string> KnownTags = new();

        /// <summary>Bodies at least this long have their tag remembered; smaller ones hash faster than a lookup pays.</summary>
        private const int RememberedFrom = 16 * 1024;

        private static string ETag(byte[] body) =>
            body.Length < RememberedFrom ? Hash(body) : KnownTags.GetValue(body, Hash);

        private static string Hash(byte[] body)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(body, hash);
            return "\"" + Convert.ToBase64String(hash[..18]).Replace('+', '-').Replace('/', '_') + "\"";
        }
    }

    private sealed class MediaResult(BlogOptions options, Blog.Media.MediaFile file) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            await using var _ = file;
            var request = context.HttpContext.Request;
            var response = context.HttpContext.Response;
            ApiResult.Cors(options, request, response);
            response.Headers.CacheControl = options.MediaCacheControl;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.ETag = file.ETag;
            if (file.ContentType == Blog.Media.MediaPaths.SvgContentType)
            {
                response.Headers.ContentSecurityPolicy = SvgContentSecurityPolicy;
            }

            if (file.NotModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = file.ContentType;
            response.ContentLength = file.Length;
            if (file.Content is not null && !HttpMethods.IsHead(request.Method))
            {
                await file.Content.CopyToAsync(response.Body, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
