using System.Collections.Frozen;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Reads rendered article HTML the way a page that inlines it does: with an HTML5 parser
/// (AngleSharp), inside a container element with more of the page after it, in standards and in
/// quirks mode. Then checks what every such page relies on: nothing in the article can run
/// script, style the page or load what it may not; every link to another host carries
/// <c>rel="noopener noreferrer"</c>; and the article stays inside its container, with nothing
/// of it before or after, and the page's next element right after the container.
/// </summary>
internal static partial class ArticleInPage
{
    /// <summary>The site's host: links to any other host are external.</summary>
    public const string SiteHost = "blog.example.com";

    private static readonly Url PageAddress = new("https://blog.example.com/posts/article");

    /// <summary>
    /// Pages that hold the article in different containers: the article may close none of them,
    /// nor any element around them. The page's own elements carry <c>data-page</c>; the ids are
    /// capitalised, which heading ids never are.
    /// </summary>
    private static readonly (string Name, string Before, string After, string Text)[] Pages =
    [
        ("div", "<div data-page>before</div><div id=\"Article\">", "</div><p data-page id=\"After\">after</p>", "beforeafter"),
        ("div in a div", "<main data-page><div data-page><div id=\"Article\">", "</div><p data-page id=\"After\">after</p></div></main>", "after"),
        ("list item", "<ul data-page><li data-page>before</li><li id=\"Article\">", "</li><li data-page id=\"After\">after</li></ul>", "beforeafter"),
        ("table cell", "<table data-page><tbody data-page><tr data-page><td data-page>before</td><td id=\"Article\">", "</td><td data-page id=\"After\">after</td></tr></tbody></table>", "beforeafter"),
        ("article", "<article id=\"Article\">", "</article><p data-page id=\"After\">after</p>", "after"),
        ("blockquote", "<blockquote id=\"Article\">", "</blockquote><p data-page id=\"After\">after</p>", "after"),
    ];

    /// <summary>Elements that run script, embed other documents, submit data, or change the page (styles, base address, refresh).</summary>
    private static readonly FrozenSet<string> Forbidden = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "button", "textarea", "select",
        "option", "svg", "math", "style", "link", "meta", "base", "template", "noscript", "portal", "audio", "video",
        "source", "track", "canvas", "keygen", "isindex", "input", "dialog", "slot", "head", "title", "xmp", "plaintext");

    private static readonly FrozenSet<string> Void = FrozenSet.Create(
        StringComparer.Ordinal,
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen");

    /// <summary>Attributes that hold a URL.</summary>
    private static readonly FrozenSet<string> UrlAttributes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "href", "src", "action", "formaction", "poster", "xlink:href", "background", "cite", "data", "codebase",
        "longdesc", "lowsrc", "dynsrc", "ping", "srcset", "imagesrcset", "manifest", "icon", "profile", "usemap",
        "archive", "classid", "itemtype");

    /// <summary>URL attributes that hold several URLs or fetch on their own: none may appear at all.</summary>
    private static readonly FrozenSet<string> ListUrlAttributes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "srcset", "imagesrcset", "ping", "archive", "manifest", "codebase", "classid", "data");

    /// <summary>Asserts all of the above for <paramref name="html"/>, naming <paramref name="source"/> on failure.</summary>
    public static void AssertSafe(string html, string source)
    {
        var problems = Problems(html);
        if (problems.Count > 0)
        {
            Assert.Fail($"{source}:\n  {string.Join("\n  ", problems.Distinct())}\nHTML:\n{html}");
        }
    }

    /// <summary>The hosts that the URL attributes of <paramref name="html"/> lead to, read as a browser reads them.</summary>
    public static List<string> Hosts(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><head></head><body>" + html + "</body></html>");
        var hosts = new List<string>();
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                if (UrlAttributes.Contains(attribute.Name) && new Url(PageAddress, attribute.Value) is { IsInvalid: false } url)
                {
                    hosts.Add(url.HostName);
                }
            }
        }

        return hosts;
    }

    /// <summary>What is wrong with <paramref name="html"/> in any of the pages, in words.</summary>
    public static List<string> Problems(string html)
    {
        var problems = new List<string>();
        var parser = new HtmlParser();
        foreach (var (name, before, after, text) in Pages)
        {
            foreach (var doctype in new[] { "<!DOCTYPE html>", string.Empty })
            {
                var mode = doctype.Length > 0 ? "standards" : "quirks";
                var document = parser.ParseDocument(doctype + "<html><head></head><body>" + before + html + after + "</body></html>");
                Contained(document, text, $"{name}, {mode} mode", problems);
                Faithful(document, html, $"{name}, {mode} mode", problems);
                Harmless(document, problems);
            }
        }

        return problems;
    }

    private static void Contained(IDocument document, string pageText, string page, List<string> problems)
    {
        var article = document.GetElementById("Article");
        var after = document.GetElementById("After");
        if (article is null || after is null)
        {
            problems.Add($"{page}: the page lost its container or the element after it.");
            return;
        }

        if (article.NextElementSibling != after)
        {
            problems.Add($"{page}: the element after the container is <{article.NextElementSibling?.LocalName ?? "none"}>, not the page's.");
        }

        if (after.ChildElementCount > 0 || after.TextContent != "after")
        {
            problems.Add($"{page}: the page's element after the article holds {after.InnerHtml}.");
        }

        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            if (element != article && !article.Contains(element) && !element.HasAttribute("data-page") && element.Id != "After")
            {
                problems.Add($"{page}: <{element.LocalName}> of the article is outside its container.");
            }
        }

        var outside = new System.Text.StringBuilder();
        foreach (var node in document.Body.GetDescendants())
        {
            if (node is IText text && !article.Contains(text))
            {
                outside.Append(text.Data.Trim());
            }
        }

        if (outside.ToString() != pageText)
        {
            problems.Add($"{page}: text of the article is outside its container: '{outside}'.");
        }
    }

    /// <summary>
    /// The parser built exactly the elements the HTML spells out, in the same nesting: it closed
    /// nothing early, moved nothing, added nothing. Containment rests on this: every closing tag
    /// then ends the element the article opened, never one of the page.
    /// </summary>
    private static void Faithful(IDocument document, string html, string page, List<string> problems)
    {
        var article = document.GetElementById("Article");
        if (article is null)
        {
            return;
        }

        var written = new List<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups[2].Value.ToLowerInvariant();
            if (!Void.Contains(name))
            {
                written.Add(tag.Groups[1].Value + name);
            }
            else if (tag.Groups[1].Value.Length == 0)
            {
                written.Add(name);
            }
        }

        var built = new List<string>();
        Walk(article, built);
        var same = 0;
        while (same < written.Count && same < built.Count && written[same] == built[same])
        {
            same++;
        }

        if (same < written.Count || same < built.Count)
        {
            problems.Add(
                $"{page}: the parser built another tree than the HTML spells out: after {string.Join(' ', written.Take(same).TakeLast(6))} " +
                $"the HTML has {written.ElementAtOrDefault(same) ?? "nothing"}, the parser built {built.ElementAtOrDefault(same) ?? "nothing"}.");
        }

        static void Walk(IElement parent, List<string> tags)
        {
            foreach (var child in parent.Children)
            {
                tags.Add(child.LocalName);
                Walk(child, tags);
                if (!Void.Contains(child.LocalName))
                {
                    tags.Add("/" + child.LocalName);
                }
            }
        }
    }

    private static void Harmless(IDocument document, List<string> problems)
    {
        var article = document.GetElementById("Article");
        if (article is null)
        {
            return;
        }

        foreach (var element in article.QuerySelectorAll("*"))
        {
            var tag = element.LocalName;
            if (element.NamespaceUri != NamespaceNames.HtmlUri)
            {
                problems.Add($"<{tag}> in namespace {element.NamespaceUri}.");
            }

            if (Forbidden.Contains(tag) && !IsTaskListCheckbox(element))
            {
                problems.Add($"<{tag}> may not appear in an article.");
            }

            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name;
                if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"<{tag} {name}>: event handler.");
                }
                else if (name.Equals("style", StringComparison.OrdinalIgnoreCase) && !IsTableAlignment(element, attribute.Value))
                {
                    problems.Add($"<{tag} style=\"{attribute.Value}\"> may not appear in an article.");
                }
                else if (name.Equals("srcdoc", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"<{tag} {name}> may not appear in an article.");
                }
                else if (ListUrlAttributes.Contains(name))
                {
                    problems.Add($"<{tag} {name}> may not appear in an article.");
                }
                else if (UrlAttributes.Contains(name))
                {
                    CheckUrl(element, name, attribute.Value, problems);
                }
            }
        }
    }

    private static void CheckUrl(IElement element, string attribute, string value, List<string> problems)
    {
        var tag = element.LocalName;
        var url = new Url(PageAddress, value);
        if (url.IsInvalid)
        {
            return; // a browser cannot follow or load it
        }

        var scheme = url.Scheme.ToLowerInvariant();
        var image = attribute.Equals("src", StringComparison.OrdinalIgnoreCase);
        var allowed = scheme is "http" or "https" || (!image && scheme is "mailto" or "tel");
        if (!allowed)
        {
            problems.Add($"<{tag} {attribute}=\"{value}\">: scheme {scheme}.");
            return;
        }

        if (tag is "a" or "area" && attribute == "href" && scheme is "http" or "https" &&
            !string.Equals(url.HostName, SiteHost, StringComparison.OrdinalIgnoreCase))
        {
            var rel = (element.GetAttribute("rel") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!rel.Contains("noopener") || !rel.Contains("noreferrer"))
            {
                problems.Add($"<{tag} href=\"{value}\"> leads to {url.HostName} without rel=\"noopener noreferrer\".");
            }
        }
    }

    /// <summary>Markdig's task list item: a disabled checkbox, perhaps checked, and nothing else.</summary>
    [GeneratedRegex("<(/?)([A-Za-z][A-Za-z0-9-]*)")]
    private static partial Regex Tag();

    private static bool IsTaskListCheckbox(IElement element) =>
        element.LocalName == "input" && element.GetAttribute("type") == "checkbox" && element.HasAttribute("disabled") &&
        element.Attributes.All(attribute => attribute.Name is "type" or "disabled" or "checked");

    /// <summary>
    /// The one style an article holds: Markdig's alignment of a table column (from the
    /// delimiter row, <c>:--</c>, <c>:-:</c>, <c>--:</c>), one of three fixed values the author cannot change.
    /// </summary>
    private static bool IsTableAlignment(IElement element, string style) =>
        element.LocalName is "th" or "td" && style is "text-align: left;" or "text-align: center;" or "text-align: right;";
}
