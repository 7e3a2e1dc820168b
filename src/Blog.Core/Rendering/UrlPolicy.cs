namespace Blog.Rendering;

/// <summary>
/// Which URLs an article may link to or load. Links may use <c>http</c>, <c>https</c>,
/// <c>mailto</c> and <c>tel</c> or be relative; images <c>http</c>, <c>https</c> or relative.
/// Everything else (<c>javascript:</c>, <c>vbscript:</c>, <c>data:</c>, ...) is refused,
/// however it is disguised with case, entities, whitespace or control characters.
/// </summary>
/// <remarks>
/// A URL that names a host must name it plainly: <c>http://host</c>, <c>https://host</c> or
/// <c>//host</c>. Browsers also read <c>\\host</c>, <c>/\host</c>, <c>\/host</c>,
/// <c>https:\\host</c>, <c>https:host</c> and <c>///host</c>, with tabs or line breaks anywhere
/// among the slashes (they skip those), as naming a host; code that checks URLs rarely
/// does, and takes them for paths on the site. Every such spelling is refused, so that what a
/// URL points to never depends on who reads it.
/// </remarks>
public static class UrlPolicy
{
    private enum Kind
    {
        Refused,
        Relative,
        Mail,
        Web,
        SchemeRelative,
    }

    public static bool IsSafeLink(string? url) => Classify(url, allowMail: true, out _) != Kind.Refused;

    public static bool IsSafeImage(string? url) => Classify(url, allowMail: false, out _) != Kind.Refused;

    /// <summary>True for an absolute <c>http(s)://</c> URL written plainly.</summary>
    public static bool IsAbsoluteWebUrl(string? url) => !string.IsNullOrEmpty(url) && Classify(url, allowMail: false, out _) == Kind.Web;

    /// <summary>True for a reference that names no host and no scheme: a path (<c>/images/a.png</c>, <c>a.png</c>), a query or a fragment.</summary>
    public static bool IsRelative(string? url) => !string.IsNullOrEmpty(url) && Classify(url, allowMail: false, out _) == Kind.Relative;

    /// <summary>
    /// True when <paramref name="url"/> holds nothing that could end an HTML attribute or tag if a
    /// page wrote it unescaped: no whitespace or control character, quote, angle bracket,
    /// backtick or backslash.
    /// </summary>
    public static bool IsAttributeSafe(string url)
    {
        foreach (var c in url)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '<' or '>' or '`' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for URLs that name a host (<c>http(s)://host</c> or <c>//host</c>) other than
    /// <paramref name="siteHost"/>; with no site host, for every URL that names a host.
    /// </summary>
    public static bool IsExternal(string url, string? siteHost)
    {
        var kind = Classify(url, allowMail: true, out var host);
        if (kind is not (Kind.Web or Kind.SchemeRelative))
        {
            return false;
        }

        // Anything but the site's host exactly as written (percent-encoded, with a trailing dot,
        // a tab...) counts as another host: the safe side when in doubt.
        return siteHost is null || !url.AsSpan(host).Equals(siteHost, StringComparison.OrdinalIgnoreCase);
    }

    private static Kind Classify(string? url, bool allowMail, out Range host)
    {
        host = default;
        if (string.IsNullOrEmpty(url))
        {
            return Kind.Relative;
        }

        // Browsers drop leading spaces and control characters.
        var start = 0;
        while (start < url.Length && url[start] <= ' ')
        {
            start++;
        }

        switch (ReadScheme(url, start, out var colon))
        {
            case Scheme.None:
                // "//host" names a host; so do "\\host", "/\host", "/\t/host"..., refused below.
                var afterSlashes = SkipSlashes(url, start, out var slashes, out var plain);
                if (slashes < 2)
                {
                    return Kind.Relative;
                }

                if (!plain || slashes != 2)
                {
                    return Kind.Refused;
                }

                host = Host(url, afterSlashes);
                return Kind.SchemeRelative;
            case Scheme.Web:
                var authority = SkipSlashes(url, colon + 1, out slashes, out plain);
                if (!plain || slashes != 2)
                {
                    return Kind.Refused; // https:host, https:/host, https:\\host, https:///host
                }

                host = Host(url, authority);
                return Kind.Web;
            case Scheme.Mail:
                return allowMail ? Kind.Mail : Kind.Refused;
            default:
                return Kind.Refused;
        }
    }

    private enum Scheme
    {
        None,
        Web,
        Mail,
        Other,
    }

    /// <summary>
    /// The scheme of a URL as a browser reads it: letters, then letters, digits, <c>+</c>,
    /// <c>-</c> or <c>.</c>, up to a <c>:</c>. A <c>:</c> after anything else (<c>foo):</c>)
    /// ends no scheme: the URL is a relative reference, a path on the site.
    /// </summary>
    private static Scheme ReadScheme(string url, int start, out int colon)
    {
        // Browsers ignore tabs and line breaks inside a scheme ("java\tscript:"); other
        // whitespace and control characters are judged the same way, on the safe side.
        colon = -1;
        Span<char> scheme = stackalloc char[16];
        var length = 0;
        var valid = true;
        for (var i = start; i < url.Length; i++)
        {
            var c = url[i];
            if (c <= ' ' || c == '\u007f')
            {
                continue;
            }

            if (c == ':')
            {
                colon = i;
                if (!valid)
                {
                    return Scheme.None;
                }

                var name = scheme[..Math.Min(length, scheme.Length)];
                return length > scheme.Length ? Scheme.Other
                    : name.SequenceEqual("http") || name.SequenceEqual("https") ? Scheme.Web
                    : name.SequenceEqual("mailto") || name.SequenceEqual("tel") ? Scheme.Mail
                    : Scheme.Other;
            }

            if (c is '/' or '\\' or '?' or '#')
            {
                return Scheme.None; // relative reference: no scheme
            }

            valid &= length == 0 ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';
            if (length < scheme.Length)
            {
                scheme[length] = char.ToLowerInvariant(c);
            }

            length++;
        }

        return Scheme.None;
    }

    /// <summary>
    /// Skips what browsers read as the slashes before a host: '/', '\' and the tabs and line
    /// breaks they skip. <paramref name="plain"/> is false if anything but '/' was among them.
    /// </summary>
    private static int SkipSlashes(string url, int from, out int slashes, out bool plain)
    {
        slashes = 0;
        plain = true;
        var i = from;
        for (; i < url.Length && url[i] is '/' or '\\' or '\t' or '\n' or '\r'; i++)
        {
            if (url[i] == '/')
            {
                slashes++;
            }
            else
            {
                plain = false;
                slashes += url[i] == '\\' ? 1 : 0;
            }
        }

        return i;
    }

    /// <summary>The host of the authority that starts at <paramref name="from"/>, without user information or port.</summary>
    private static Range Host(string url, int from)
    {
        var end = url.AsSpan(from).IndexOfAny("/\\?#");
        end = end < 0 ? url.Length : from + end;
        var at = url.AsSpan(from, end - from).LastIndexOf('@');
        var start = at < 0 ? from : from + at + 1;
        var hostSpan = url.AsSpan(start, end - start);
        var portColon = hostSpan.StartsWith('[') ? hostSpan.IndexOf("]:", StringComparison.Ordinal) + 1 : hostSpan.IndexOf(':');
        return new Range(start, portColon > 0 ? start + portColon : end);
    }
}
