using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blog.Rendering;

/// <summary>
/// Turns Markdown into safe HTML plus the fields computed from it, in one parse and one walk.
/// Safety is made in the syntax tree, before rendering: link and image URLs pass
/// <see cref="UrlPolicy"/>, raw HTML passes <see cref="RawHtmlSanitizer"/>, and the pipeline has
/// no extension that lets Markdown set arbitrary attributes. Thread-safe; build one and share it.
/// </summary>
public sealed class MarkdownRenderer
{
    private const int TocMinLevel = 2;
    private const int TocMaxLevel = 4;

    private readonly MarkdownDialect _dialect;
    private readonly RawHtmlSanitizer _sanitizer;
    private readonly string? _siteHost;
    private readonly HtmlLimit _htmlLimit;

    /// <param name="siteUrl">The site's address: links to other hosts get <c>rel="noopener noreferrer"</c>.</param>
    /// <param name="htmlLimit">How large the HTML may grow; <see cref="HtmlLimit.Default"/> when null.</param>
    public MarkdownRenderer(Uri? siteUrl = null, HtmlLimit? htmlLimit = null)
        : this(siteUrl, allExtensions: false, htmlLimit)
    {
    }

    /// <param name="siteUrl">The site's address: links to other hosts get <c>rel="noopener noreferrer"</c>.</param>
    /// <param name="allExtensions">Use every extension on every document (tests compare both ways).</param>
    /// <param name="htmlLimit">How large the HTML may grow; <see cref="HtmlLimit.Default"/> when null.</param>
    internal MarkdownRenderer(Uri? siteUrl, bool allExtensions, HtmlLimit? htmlLimit = null)
    {
        _htmlLimit = htmlLimit ?? HtmlLimit.Default;
        _siteHost = siteUrl?.Host;
        _sanitizer = new RawHtmlSanitizer(_siteHost);
        _dialect = new MarkdownDialect(alwaysAll: allExtensions);
    }

    /// <summary>The full dialect (see <see cref="MarkdownDialect"/>).</summary>
    public static MarkdownPipeline CreatePipeline() => MarkdownDialect.Build(Extensions.All);

    /// <param name="markdown">The Markdown body.</param>
    /// <param name="firstLine">The line of the file the body starts on, for the lines in refusals.</param>
    /// <exception cref="Publishing.ContentRejectedException">
    /// The Markdown would take too long to convert, or its HTML would exceed <see cref="HtmlLimit"/>.
    /// </exception>
    public RenderedMarkdown Render(string markdown, int firstLine = 1)
    {
        InlineWork.Check(markdown, firstLine);
        var pipeline = _dialect.For(markdown);
        var document = Markdown.Parse(markdown, pipeline);
        var more = MoreMarkerIndex(document);
        var walk = new Walk(this, excerptFromAllText: more >= 0, firstLine);
        for (var i = 0; i < document.Count; i++)
        {
            walk.CollectExcerpt = more < 0 || i < more;
            walk.Block(document[i]);
        }

        var html = ToHtml(document, pipeline, _htmlLimit.For(markdown.Length));
        return new RenderedMarkdown(
            html,
            walk.Toc,
            walk.Statistics.WordCount,
            walk.Statistics.ReadingTimeMinutes,
            walk.Excerpt.ToExcerpt());
    }

    // Building an HTML renderer costs a few dozen objects: keep one per thread and pipeline, as Markdig does.
    [ThreadStatic]
    private static Dictionary<MarkdownPipeline, HtmlRenderer>? t_renderers;

    private const int RetainedOutputCapacity = 1024 * 1024;

    private string ToHtml(MarkdownDocument document, MarkdownPipeline pipeline, int maxLength)
    {
        var renderers = t_renderers ??= new Dictionary<MarkdownPipeline, HtmlRenderer>(ReferenceEqualityComparer.Instance);
        if (!renderers.TryGetValue(pipeline, out var renderer))
        {
            renderer = new HtmlRenderer(new StringWriter());
            pipeline.Setup(renderer);
            SafeHtmlRendererSetup.Apply(renderer, _sanitizer);
            renderers[pipeline] = renderer;
        }

        var output = ((StringWriter)renderer.Writer).GetStringBuilder();
        output.Clear();

        // Checked as it grows, after every element, so an explosive file (one footnote referenced
        // a million times) stops early instead of filling memory first.
        void Check(IMarkdownRenderer _, MarkdownObject __)
        {
            if (output.Length > maxLength)
            {
                throw new Publishing.ContentRejectedException(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The article's HTML would be more than {maxLength:N0} characters ({_htmlLimit.Describe()}). ") +
                    "Something repeats far more than an article needs (footnote references, task list boxes, links): split the file or remove the repetition.");
            }
        }

        renderer.ObjectWriteAfter += Check;
        try
        {
            renderer.Render(document);
        }
        catch
        {
            // Markdig does not unwind a renderer that throws (its nesting count stays up, so
            // every later document would fail too): the next document gets a new one.
            renderers.Remove(pipeline);
            throw;
        }
        finally
        {
            renderer.ObjectWriteAfter -= Check;
        }

        renderer.Writer.Flush();
        var html = HtmlBalancer.Balance(output.ToString()); // raw HTML sits between Markdig's tags: balance the whole
        output.Clear();
        if (output.Capacity > RetainedOutputCapacity)
        {
            output.Capacity = RetainedOutputCapacity; // do not keep a huge buffer alive after a huge article
        }

        return html;
    }

    /// <summary>The index of the top-level <c>&lt;!--more--&gt;</c> line, or -1.</summary>
    private static int MoreMarkerIndex(MarkdownDocument document)
    {
        for (var i = 0; i < document.Count; i++)
        {
            if (document[i] is HtmlBlock html && IsMoreMarker(html.Lines.ToString()))
            {
                return i;
            }
        }

        return -1;
    }

    internal static bool IsMoreMarker(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (!text.StartsWith("<!--") || !text.EndsWith("-->"))
        {
            return false;
        }

        return text[4..^3].Trim().Equals("more", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The walk of the parsed document that makes it safe and collects the computed fields. It is
    /// the first walk of the tree, and it counts how deep it goes: a tree deeper than
    /// <see cref="Nesting.MaxDepth"/> is refused here, before any recursion (this one, or the
    /// renderer's) could go deep enough to overflow the stack.
    /// </summary>
    private sealed class Walk(MarkdownRenderer owner, bool excerptFromAllText, int firstLine)
    {
        public readonly List<TocEntry> Toc = [];
        public readonly ExcerptText Excerpt = new();
        public TextStatistics Statistics;

        /// <summary>Whether the text of the current top-level block may go into the excerpt.</summary>
        public bool CollectExcerpt;

        private StringBuilder? _heading;
        private bool _inExcerpt;

        /// <summary>The depth of the nodes being visited: the document's blocks are at 1.</summary>
        private int _depth = 1;

        public void Blocks(ContainerBlock container)
        {
            Descend(container);

            // Index loop: a sanitized block may be replaced in place.
            for (var i = 0; i < container.Count; i++)
            {
                Block(container[i]);
            }

            _depth--;
        }

        /// <summary>Goes one level down, into the children of <paramref name="node"/>.</summary>
        private void Descend(MarkdownObject node)
        {
            if (++_depth > Nesting.MaxDepth)
            {
                throw Nesting.TooDeep(node, firstLine);
            }
        }

        public void Block(Block block)
        {
            switch (block)
            {
                case HtmlBlock html:
                    // Readers see the text of the allowed elements (<details>, <kbd>...): count it.
                    CountRawHtmlText(owner._sanitizer.Sanitize(html.Lines.ToString()));
                    break;
                case ContainerBlock container:
                    Blocks(container);
                    break;
                case HeadingBlock heading:
                    Heading(heading);
                    break;
                case ParagraphBlock paragraph:
                    _inExcerpt = CollectExcerpt && !Excerpt.IsFull;
                    Leaf(paragraph);
                    _inExcerpt = false;
                    Excerpt.Break();
                    break;
                case CodeBlock code:
                    var lines = code.Lines;
                    for (var i = 0; i < lines.Count; i++)
                    {
                        Text(lines.Lines[i].Slice.AsSpan(), countOnly: true);
                        Statistics.EndBlock();
                    }

                    break;
                case LeafBlock leaf:
                    _inExcerpt = excerptFromAllText && CollectExcerpt && !Excerpt.IsFull;
                    Leaf(leaf);
                    _inExcerpt = false;
                    Excerpt.Break();
                    break;
            }

            Statistics.EndBlock();
        }

        private void CountRawHtmlText(string safeHtml)
        {
            var inTag = false;
            var start = 0;
            for (var i = 0; i < safeHtml.Length; i++)
            {
                if (safeHtml[i] == '<' && !inTag)
                {
                    Statistics.Add(safeHtml.AsSpan(start, i - start));
                    Statistics.EndBlock();
                    inTag = true;
                }
                else if (safeHtml[i] == '>' && inTag)
                {
                    inTag = false;
                    start = i + 1;
                }
            }

            if (!inTag)
            {
                Statistics.Add(safeHtml.AsSpan(start));
            }
        }

        private void Heading(HeadingBlock heading)
        {
            var inToc = heading.Level is >= TocMinLevel and <= TocMaxLevel;
            _heading = inToc ? new StringBuilder() : null;
            _inExcerpt = excerptFromAllText && CollectExcerpt && !Excerpt.IsFull;
            Leaf(heading);
            _inExcerpt = false;
            Excerpt.Break();
            if (_heading is not null)
            {
                var id = heading.GetAttributes().Id ?? string.Empty;
                Toc.Add(new TocEntry(heading.Level, id, _heading.ToString().Trim()));
                _heading = null;
            }
        }

        private void Leaf(LeafBlock leaf)
        {
            if (leaf.Inline is { } inline)
            {
                Descend(leaf);
                Inlines(inline);
                _depth--;
            }
        }

        private void Inlines(ContainerInline container)
        {
            Descend(container);
            var inline = container.FirstChild;
            while (inline is not null)
            {
                inline = Inline(inline);
            }

            _depth--;
        }

        /// <summary>Handles one inline; returns the one to handle next (it may have replaced or removed some).</summary>
        private Inline? Inline(Inline inline)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    Text(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    Text(code.ContentSpan);
                    break;
                case LineBreakInline:
                    Text(" ");
                    break;
                case LinkInline link:
                    return Link(link);
                case AutolinkInline autolink:
                    return Autolink(autolink);
                case HtmlInline html:
                    return RawHtmlInline(html);
                case ContainerInline container:
                    Inlines(container);
                    break;
            }

            return inline.NextSibling;
        }

        private Inline? Link(LinkInline link)
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            if (link.IsImage)
            {
                if (!UrlPolicy.IsSafeImage(url))
                {
                    // An image that may not load is shown as its description.
                    var alt = new StringBuilder();
                    AppendPlain(link, alt);
                    var replacement = new LiteralInline(alt.ToString());
                    link.ReplaceBy(replacement, copyChildren: false);
                    Text(replacement.Content.AsSpan());
                    return replacement.NextSibling;
                }

                link.GetAttributes().AddPropertyIfNotExist("loading", "lazy");
                Inlines(link);
                return link.NextSibling;
            }

            if (!UrlPolicy.IsSafeLink(url))
            {
                link.GetDynamicUrl = null;
                link.Url = "#";
            }
            else if (url is not null && UrlPolicy.IsExternal(url, owner._siteHost))
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer");
            }

            Inlines(link);
            return link.NextSibling;
        }

        private Inline? Autolink(AutolinkInline autolink)
        {
            Text(autolink.Url);
            if (!autolink.IsEmail && !UrlPolicy.IsSafeLink(autolink.Url))
            {
                var replacement = new LiteralInline(autolink.Url);
                autolink.ReplaceBy(replacement, copyChildren: false);
                return replacement.NextSibling;
            }

            if (!autolink.IsEmail && UrlPolicy.IsExternal(autolink.Url, owner._siteHost))
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer");
            }

            return autolink.NextSibling;
        }

        private static Inline? RawHtmlInline(HtmlInline html)
        {
            var tag = html.Tag ?? string.Empty;
            var next = html.NextSibling;
            if (IsMoreMarker(tag))
            {
                html.Remove();
                return next;
            }

            if (RawHtmlSanitizer.OpensDroppedElement(tag, out var element))
            {
                // <script>...</script> inside a paragraph: its content is code, not prose, so it goes too.
                while (next is not null)
                {
                    var following = next.NextSibling;
                    next.Remove();
                    if (next is HtmlInline closing && RawHtmlSanitizer.ClosesElement(closing.Tag, element))
                    {
                        next = following;
                        break;
                    }

                    next = following;
                }

                html.Remove();
                return next;
            }

            // Anything else is sanitized when written (SafeHtmlInlineRenderer).
            return next;
        }

        private void Text(ReadOnlySpan<char> text, bool countOnly = false)
        {
            Statistics.Add(text);
            if (countOnly)
            {
                return;
            }

            _heading?.Append(text);
            if (_inExcerpt)
            {
                Excerpt.Append(text);
            }
        }

        private static void AppendPlain(ContainerInline container, StringBuilder output)
        {
            for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case LiteralInline literal:
                        output.Append(literal.Content.AsSpan());
                        break;
                    case CodeInline code:
                        output.Append(code.ContentSpan);
                        break;
                    case ContainerInline nested:
                        AppendPlain(nested, output);
                        break;
                }
            }
        }
    }
}

/// <summary>What rendering a Markdown body yields.</summary>
public sealed record RenderedMarkdown(
    string Html,
    IReadOnlyList<TocEntry> Toc,
    int WordCount,
    int ReadingTimeMinutes,
    string Excerpt);

/// <summary>One heading of the table of contents, with the id it has in the HTML.</summary>
public sealed record TocEntry(int Level, string Id, string Text);
