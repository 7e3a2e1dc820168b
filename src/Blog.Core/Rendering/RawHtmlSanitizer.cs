using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Blog.Rendering;

/// <summary>
/// Lets the raw HTML an author wrote inside Markdown through an allow-list. Allowed tags are
/// re-written from what was parsed, keeping only allowed attributes with checked URLs, so no
/// attribute the list does not name (<c>on*</c>, <c>style</c>, ...) can reach the page. Elements
/// that run or embed code (<c>script</c>, <c>iframe</c>, <c>object</c>, <c>style</c>, ...) are
/// dropped with their content; any other tag is shown as text, as the author typed it.
/// </summary>
/// <remarks>
/// Reading is linear in the fragment: a tag is read once, and where it cannot be read (no
/// closing <c>&gt;</c>, a quote that never closes, a character no attribute may start with)
/// everything the attempt went over is written as text, its <c>&lt;</c> escaped, and reading
/// goes on from where the attempt stopped; no character is read by two attempts.
/// </remarks>
public sealed class RawHtmlSanitizer(string? siteHost = null)
{
    private static readonly FrozenSet<string> GlobalAttributes = FrozenSet.Create(StringComparer.Ordinal, "title", "lang", "dir");

    private static readonly FrozenDictionary<string, FrozenSet<string>> AllowedTags = new Dictionary<string, string[]>
    {
        ["a"] = ["href", "name"],
        ["abbr"] = [], ["b"] = [], ["bdi"] = [], ["bdo"] = [], ["blockquote"] = ["cite"], ["br"] = [],
        ["caption"] = [], ["center"] = [], ["cite"] = [], ["code"] = [], ["col"] = ["span"], ["colgroup"] = ["span"],
        ["dd"] = [], ["del"] = ["cite", "datetime"], ["details"] = ["open"], ["dfn"] = [], ["div"] = ["align"],
        ["dl"] = [], ["dt"] = [], ["em"] = [], ["figcaption"] = [], ["figure"] = [],
        ["h1"] = [], ["h2"] = [], ["h3"] = [], ["h4"] = [], ["h5"] = [], ["h6"] = [], ["hr"] = [],
        ["i"] = [], ["img"] = ["src", "alt", "width", "height"], ["ins"] = ["cite", "datetime"], ["kbd"] = [],
        ["li"] = ["value"], ["mark"] = [], ["ol"] = ["start", "type", "reversed"], ["p"] = ["align"], ["pre"] = [],
        ["q"] = ["cite"], ["rp"] = [], ["rt"] = [], ["ruby"] = [], ["s"] = [], ["samp"] = [], ["small"] = [],
        ["span"] = [], ["strike"] = [], ["strong"] = [], ["sub"] = [], ["summary"] = [], ["sup"] = [],
        ["table"] = [], ["tbody"] = [], ["td"] = ["colspan", "rowspan", "align"], ["tfoot"] = [],
        ["th"] = ["colspan", "rowspan", "align", "scope"], ["thead"] = [], ["time"] = ["datetime"], ["tr"] = [],
        ["tt"] = [], ["u"] = [], ["ul"] = [], ["var"] = [], ["wbr"] = [],
    }.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    // Removed together with everything up to their closing tag: their content is code or chrome, not prose.
    private static readonly FrozenSet<string> DroppedWithContent = FrozenSet.Create(
        StringComparer.Ordinal,
        "script", "style", "iframe", "object", "embed", "applet", "template", "noscript", "noembed", "noframes",
        "frameset", "frame", "svg", "math", "textarea", "title", "xmp", "plaintext", "select", "audio", "video", "canvas");

    // Removed alone; what they enclose stays.
    private static readonly FrozenSet<string> DroppedAlone = FrozenSet.Create(
        StringComparer.Ordinal,
        "form", "input", "button", "base", "link", "meta", "param", "source", "track", "html", "head", "body",
        "option", "optgroup", "label", "fieldset", "legend", "output", "dialog", "portal", "slot", "font");

    private static readonly FrozenSet<string> UrlAttributes = FrozenSet.Create(StringComparer.Ordinal, "href", "src", "cite");

    private static readonly FrozenSet<string> BooleanAttributes = FrozenSet.Create(StringComparer.Ordinal, "open", "reversed");

    private readonly string? _siteHost = siteHost;

    /// <summary>True when <paramref name="tag"/> opens an element dropped with its content (<c>&lt;script&gt;</c>, ...).</summary>
    public static bool OpensDroppedElement(string? tag, out string name)
    {
        name = string.Empty;
        if (tag is null || !TryReadTag(tag, 0, out var parsed, out _) || parsed.IsClosing || parsed.SelfClosing)
        {
            return false;
        }

        name = parsed.Name;
        return DroppedWithContent.Contains(parsed.Name);
    }

    /// <summary>True when <paramref name="tag"/> is the closing tag of element <paramref name="name"/>.</summary>
    public static bool ClosesElement(string? tag, string name) =>
        tag is not null && TryReadTag(tag, 0, out var parsed, out _) && parsed.IsClosing && parsed.Name == name;

    /// <summary>Returns the safe form of a fragment of raw HTML.</summary>
    /// <param name="html">The fragment.</param>
    /// <param name="media">When given, relative <c>img src</c> and <c>a href</c> URLs go to the media route (<see cref="MediaLinks"/>).</param>
    public string Sanitize(string html, MediaLinks? media = null)
    {
        var output = new StringBuilder(html.Length + 16);
        Sanitize(html, output, media);
        return output.ToString();
    }

    /// <summary>Appends the safe form of a fragment of raw HTML to <paramref name="output"/>.</summary>
    /// <param name="html">The fragment.</param>
    /// <param name="output">Where the safe form goes.</param>
    /// <param name="media">When given, relative <c>img src</c> and <c>a href</c> URLs go to the media route (<see cref="MediaLinks"/>).</param>
    public void Sanitize(string html, StringBuilder output, MediaLinks? media = null)
    {
        var position = 0;
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                output.Append(html, position, html.Length - position);
                return;
            }

            output.Append(html, position, lt - position);
            position = lt;

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                // Comments carry nothing a reader sees; drop them whole.
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                position = close < 0 ? html.Length : close + 3;
                continue;
            }

            if (!TryReadTag(html, lt, out var tag, out var stop))
            {
                // Not a tag: what the attempt went over is text. Any '<' in it (in an attribute
                // value, say) is text too, so no later attempt reads these characters again.
                output.Append("&lt;");
                for (var i = lt + 1; i < stop; i++)
                {
                    if (html[i] == '<')
                    {
                        output.Append("&lt;");
                    }
                    else
                    {
                        output.Append(html[i]);
                    }
                }

                position = stop;
                continue;
            }

            position = tag.End;
            if (AllowedTags.TryGetValue(tag.Name, out var attributes))
            {
                WriteTag(tag, attributes, output, media);
            }
            else if (DroppedWithContent.Contains(tag.Name))
            {
                if (!tag.IsClosing && !tag.SelfClosing)
                {
                    position = SkipPast(html, position, tag.Name);
                }
            }
            else if (!DroppedAlone.Contains(tag.Name))
            {
                output.Append(WebUtility.HtmlEncode(html[lt..tag.End]));
            }
        }
    }

    private void WriteTag(in Tag tag, FrozenSet<string> allowed, StringBuilder output, MediaLinks? media)
    {
        if (tag.IsClosing)
        {
            output.Append("</").Append(tag.Name).Append('>');
            return;
        }

        output.Append('<').Append(tag.Name);
        var external = false;
        foreach (var (name, rawValue) in tag.Attributes)
        {
            if (!allowed.Contains(name) && !GlobalAttributes.Contains(name))
            {
                continue;
            }

            if (BooleanAttributes.Contains(name))
            {
                output.Append(' ').Append(name);
                continue;
            }

            var value = WebUtility.HtmlDecode(rawValue ?? string.Empty);
            if (media is not null && ((tag.Name == "img" && name == "src") || (tag.Name == "a" && name == "href")))
            {
                value = media.Rewrite(value, isImage: tag.Name == "img");
            }

            if (UrlAttributes.Contains(name))
            {
                var safe = tag.Name == "img" ? UrlPolicy.IsSafeImage(value) : UrlPolicy.IsSafeLink(value);
                if (!safe)
                {
                    continue;
                }

                external |= name == "href" && UrlPolicy.IsExternal(value, _siteHost);
            }

            output.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
        }

        if (tag.Name == "img")
        {
            output.Append(" loading=\"lazy\"");
        }
        else if (external)
        {
            output.Append(" rel=\"noopener noreferrer\"");
        }

        output.Append(tag.SelfClosing ? " />" : ">");
    }

    private static int SkipPast(string html, int from, string name)
    {
        var position = from;
        while (true)
        {
            var close = html.IndexOf("</", position, StringComparison.Ordinal);
            if (close < 0)
            {
                return html.Length;
            }

            if (string.Compare(html, close + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var end = html.IndexOf('>', close + 2 + name.Length);
                return end < 0 ? html.Length : end + 1;
            }

            position = close + 2;
        }
    }

    /// <summary>
    /// Reads the tag that starts at <paramref name="start"/>. When there is none, <paramref name="stop"/>
    /// is where reading stopped: the end of the fragment, or the first character that cannot
    /// continue the tag (when that is a <c>&lt;</c>, it may start the next tag). Always past <paramref name="start"/>.
    /// </summary>
    private static bool TryReadTag(string html, int start, out Tag tag, out int stop)
    {
        tag = default;
        stop = start + 1;
        var i = start + 1;
        var closing = i < html.Length && html[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        if (i >= html.Length || !char.IsAsciiLetter(html[i]))
        {
            return false;
        }

        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-'))
        {
            i++;
        }

        var name = html[nameStart..i].ToLowerInvariant();
        var attributes = new List<(string, string?)>();
        var selfClosing = false;
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length)
            {
                stop = html.Length;
                return false;
            }

            if (html[i] == '>')
            {
                i++;
                break;
            }

            if (html[i] == '/' && i + 1 < html.Length && html[i + 1] == '>')
            {
                selfClosing = true;
                i += 2;
                break;
            }

            var attributeStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '"' or '\'' or '<') &&
                   !(html[i] == '/' && i + 1 < html.Length && html[i + 1] == '>'))
            {
                i++;
            }

            if (i == attributeStart)
            {
                if (html[i] == '/')
                {
                    i++;
                    continue;
                }

                stop = i;
                return false;
            }

            var attributeName = html[attributeStart..i].ToLowerInvariant();
            string? value = null;
            var j = i;
            while (j < html.Length && char.IsWhiteSpace(html[j]))
            {
                j++;
            }

            if (j < html.Length && html[j] == '=')
            {
                j++;
                while (j < html.Length && char.IsWhiteSpace(html[j]))
                {
                    j++;
                }

                if (j >= html.Length)
                {
                    stop = html.Length;
                    return false;
                }

                if (html[j] is '"' or '\'')
                {
                    var quote = html[j];
                    var close = html.IndexOf(quote, j + 1);
                    if (close < 0)
                    {
                        stop = html.Length;
                        return false;
                    }

                    value = html[(j + 1)..close];
                    i = close + 1;
                }
                else
                {
                    var valueStart = j;
                    while (j < html.Length && !char.IsWhiteSpace(html[j]) && html[j] != '>')
                    {
                        j++;
                    }

                    value = html[valueStart..j];
                    i = j;
                }
            }

            attributes.Add((attributeName, value));
        }

        tag = new Tag(name, closing, selfClosing, attributes, i);
        return true;
    }

    private readonly record struct Tag(string Name, bool IsClosing, bool SelfClosing, List<(string Name, string? Value)> Attributes, int End);
}
