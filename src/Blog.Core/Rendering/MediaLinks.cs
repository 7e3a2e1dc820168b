using Blog.Media;

namespace Blog.Rendering;

/// <summary>A file an article refers to by a relative URL: the URL as written, the blob it names, and whether an image loads it.</summary>
public sealed record MediaTarget(string Url, string Path, bool IsImage)
{
    /// <summary>How a message names it: <c>image ./chart.png (2026/11/chart.png)</c>.</summary>
    public string Describe() => $"{(IsImage ? "image" : "link")} {Url} ({Path})";
}

/// <summary>
/// Rewrites the relative URLs of one article (images, links, raw HTML <c>src</c> and <c>href</c>,
/// the cover image) to the media route: a URL with no scheme that does not start with <c>/</c>,
/// <c>#</c> or <c>?</c> names a file beside the article, resolved against the folder of its blob
/// (<c>2026/11/post.md</c> + <c>./img/chart.png</c> → <c>2026/11/img/chart.png</c>), and
/// becomes <c>{media base}/{path}</c>, each segment percent-encoded, the query and fragment kept.
/// Decided by the URL and the blob name alone. Collects the targets and what an author should
/// hear about (a URL above the container's top, a file type the route does not serve). One
/// instance per article; not thread-safe.
/// </summary>
/// <remarks>
/// Links to other Markdown files (<c>.md</c>, <c>.markdown</c>) are left as written: the media
/// route never serves them, and the article they name has a slug, not a path.
/// </remarks>
public sealed class MediaLinks
{
    /// <summary>The media base when none is configured: the API's own media route.</summary>
    public const string DefaultBase = "/api/media";

    private readonly string _base;
    private readonly string _blobName;
    private readonly string[] _folder;
    private readonly List<MediaTarget> _targets = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    /// <param name="mediaBase">Where the media route is (<see cref="NormalizeBase"/>).</param>
    /// <param name="blobName">The article's blob name in the posts container.</param>
    public MediaLinks(string mediaBase, string blobName)
    {
        _base = mediaBase;
        _blobName = blobName;
        var segments = blobName.Split('/');
        _folder = segments[..^1];
    }

    /// <summary>Every distinct file the article refers to, in the order it first does.</summary>
    public IReadOnlyList<MediaTarget> Targets => _targets;

    /// <summary>What the author should hear about, in the order found, without repeats.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// The media base as configured (<c>Blog__MediaBaseUrl</c>), without a trailing slash: a path
    /// on the site (<c>/api/media</c>) or an absolute <c>http(s)</c> URL (a CDN or static site).
    /// </summary>
    /// <exception cref="InvalidOperationException">It is neither.</exception>
    public static string NormalizeBase(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DefaultBase;
        }

        var trimmed = configured.Trim().TrimEnd('/');
        var isPath = trimmed.StartsWith('/') && UrlPolicy.IsRelative(trimmed);
        if ((trimmed.Length > 0 && !isPath && !UrlPolicy.IsAbsoluteWebUrl(trimmed)) || !UrlPolicy.IsAttributeSafe(trimmed) || trimmed.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            throw new InvalidOperationException(
                $"The setting Blog__MediaBaseUrl is '{configured}': it must be a path on the site, such as /api/media, or an http(s) URL without query or fragment, such as https://cdn.example.com/posts.");
        }

        return trimmed;
    }

    /// <summary>
    /// <paramref name="url"/> rewritten to the media route when it names a file beside the
    /// article; otherwise (absolute, site path, fragment, query, a Markdown file, a folder, above
    /// the container's top) unchanged.
    /// </summary>
    /// <param name="url">The URL as written (for raw HTML, with its entities decoded).</param>
    /// <param name="isImage">Whether an image loads it (rather than a link pointing to it).</param>
    public string Rewrite(string url, bool isImage)
    {
        var trimmed = url.Trim();
        if (trimmed.Length == 0 || trimmed[0] is '/' or '\\' or '#' or '?' || !UrlPolicy.IsRelative(trimmed))
        {
            return url;
        }

        var cut = trimmed.AsSpan().IndexOfAny('?', '#');
        var (path, suffix) = cut < 0 ? (trimmed, string.Empty) : (trimmed[..cut], trimmed[cut..]);
        if (!isImage && Publishing.ArticleCompiler.IsMarkdown(path))
        {
            return url;
        }

        // Browsers read a backslash in a path as a slash; an encoded character is the character.
        var decoded = Uri.UnescapeDataString(path).Replace('\\', '/');
        var resolved = new List<string>(_folder);
        foreach (var segment in decoded.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (resolved.Count == 0)
                    {
                        Warn($"{Kind(isImage)} {url} points above the top of the posts container (from {_blobName}); it was left as written.");
                        return url;
                    }

                    resolved.RemoveAt(resolved.Count - 1);
                    continue;
                default:
                    resolved.Add(segment);
                    continue;
            }
        }

        // A folder (./, ../, img/) is not a file: nothing to serve.
        if (resolved.Count == 0 || decoded.EndsWith('/') || decoded.EndsWith("/.", StringComparison.Ordinal) || decoded.EndsWith("/..", StringComparison.Ordinal)
            || decoded is "." or "..")
        {
            return url;
        }

        var target = new MediaTarget(url.Trim(), string.Join('/', resolved), isImage);
        if (_seen.Add(target.Path + (isImage ? "|i" : "|l")))
        {
            _targets.Add(target);
            if (MediaPaths.ContentTypeOf(target.Path) is null)
            {
                Warn($"{target.Describe()} is not a file the media route serves (images named .{MediaPaths.Extensions.Replace(", ", ", .", StringComparison.Ordinal)}, without % or backslashes in the name): readers will not get it.");
            }
        }

        return _base + "/" + string.Join('/', resolved.Select(Uri.EscapeDataString)) + suffix;
    }

    /// <summary>Records a warning found after rendering (a target missing from the container, say).</summary>
    public void Warn(string warning)
    {
        if (_warned.Add(warning))
        {
            _warnings.Add(warning);
        }
    }

    private static string Kind(bool isImage) => isImage ? "image" : "link";
}
