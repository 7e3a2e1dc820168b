namespace Blog.Rendering;

/// <summary>
/// Which URLs an article may link to or load. Links may use <c>http</c>, <c>https</c>,
/// <c>mailto</c> and <c>tel</c> or be relative; images <c>http</c>, <c>https</c> or relative.
/// Everything else (<c>javascript:</c>, <c>vbscript:</c>, <c>data:</c>, ...) is refused,
/// however it is disguised with case, entities, whitespace or control characters.
/// </summary>
public static class UrlPolicy
{
    public static bool IsSafeLink(string? url) => Check(url, allowMail: true);

    public static bool IsSafeImage(string? url) => Check(url, allowMail: false);

    /// <summary>True for absolute web URLs (<c>http(s)://</c> or <c>//host</c>) whose host is not <paramref name="siteHost"/>.</summary>
    public static bool IsExternal(string url, string? siteHost)
    {
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) &&
            !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) &&
            !url.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        if (siteHost is null)
        {
            return true;
        }

        var absolute = url.StartsWith("//", StringComparison.Ordinal) ? "https:" + url : url;
        return !Uri.TryCreate(absolute, UriKind.Absolute, out var uri) ||
               !string.Equals(uri.Host, siteHost, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Check(string? url, bool allowMail)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        // Browsers ignore ASCII whitespace and control characters inside a scheme
        // ("java\tscript:"), so the scheme is judged without them.
        Span<char> scheme = stackalloc char[16];
        var length = 0;
        foreach (var c in url)
        {
            if (c <= ' ' || c == '\u007f')
            {
                continue;
            }

            if (c == ':')
            {
                var name = scheme[..length];
                return name.SequenceEqual("http") || name.SequenceEqual("https") ||
                       (allowMail && (name.SequenceEqual("mailto") || name.SequenceEqual("tel")));
            }

            if (c is '/' or '?' or '#')
            {
                return true; // relative reference: no scheme
            }

            if (length == scheme.Length)
            {
                // Too long for an allowed scheme; it is relative only if no ':' follows before a path character.
                return !HasSchemeSeparator(url);
            }

            scheme[length++] = char.ToLowerInvariant(c);
        }

        return true;
    }

    private static bool HasSchemeSeparator(string url)
    {
        foreach (var c in url)
        {
            if (c == ':')
            {
                return true;
            }

            if (c is '/' or '?' or '#')
            {
                return false;
            }
        }

        return false;
    }
}
