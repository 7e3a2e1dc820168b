using System.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.EmphasisExtras;
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

    // Enough plain text to cut an excerpt from; the rest is not collected.
    private const int ExcerptCollectLimit = Excerpt.MaxLength * 2;

    private readonly MarkdownPipeline _pipeline;
    private readonly RawHtmlSanitizer _sanitizer;
    private readonly string? _siteHost;

    public MarkdownRenderer(Uri? siteUrl = null)
    {
        _siteHost = siteUrl?.Host;
        _sanitizer = new RawHtmlSanitizer(_siteHost);
        _pipeline = CreatePipeline();
    }

    /// <summary>
    /// The Markdown dialect: CommonMark with GitHub's tables, task lists, strikethrough,
    /// autolinks and footnotes, and GitHub-style heading ids. Deliberately without
    /// generic attributes, media embeds or other extensions that emit author-chosen markup.
    /// </summary>
    public static MarkdownPipeline CreatePipeline() => new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks()
        .UseFootnotes()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    public RenderedMarkdown Render(string markdown)
    {
        var document = Markdown.Parse(markdown, _pipeline);
        var walk = new Walk(this);
        walk.Blocks(document);
        var html = ToHtml(document, markdown.Length);

        var excerptSource = walk.MoreMarkerFound ? walk.BeforeMore : walk.Paragraphs;
        return new RenderedMarkdown(
            html,
            walk.Toc,
            walk.Statistics.WordCount,
            walk.Statistics.ReadingTimeMinutes,
            Excerpt.Cut(excerptSource.ToString()));
    }

    [ThreadStatic]
    private static HtmlRenderer? t_renderer;

    [ThreadStatic]
    private static MarkdownRenderer? t_rendererOwner;

    private string ToHtml(MarkdownDocument document, int sizeHint)
    {
        // Building an HTML renderer costs a few dozen objects: keep one per thread, as Markdig does.
        var renderer = t_renderer;
        if (renderer is null || !ReferenceEquals(t_rendererOwner, this))
        {
            renderer = new HtmlRenderer(new StringWriter());
            _pipeline.Setup(renderer);
            SafeHtmlRendererSetup.Apply(renderer, _sanitizer);
            t_renderer = renderer;
            t_rendererOwner = this;
        }

        var output = ((StringWriter)renderer.Writer).GetStringBuilder();
        output.Clear();
        output.EnsureCapacity(sizeHint + (sizeHint / 4));
        renderer.Render(document);
        renderer.Writer.Flush();
        var html = output.ToString();
        output.Clear();
        if (output.Capacity > 1024 * 1024)
        {
            output.Capacity = 16 * 1024; // do not keep a huge buffer alive after a huge article
        }

        return html;
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

    private sealed class Walk(MarkdownRenderer owner)
    {
        public readonly List<TocEntry> Toc = [];
        public readonly StringBuilder BeforeMore = new();
        public readonly StringBuilder Paragraphs = new();
        public TextStatistics Statistics;
        public bool MoreMarkerFound;

        private StringBuilder? _heading;
        private bool _inParagraph;

        public void Blocks(ContainerBlock container)
        {
            // Index loop: a sanitized block may be replaced in place.
            for (var i = 0; i < container.Count; i++)
            {
                Block(container[i]);
            }
        }

        private void Block(Block block)
        {
            switch (block)
            {
                case HtmlBlock html:
                    RawHtmlBlock(html);
                    break;
                case ContainerBlock container:
                    Blocks(container);
                    break;
                case HeadingBlock heading:
                    Heading(heading);
                    break;
                case ParagraphBlock paragraph:
                    _inParagraph = Paragraphs.Length < ExcerptCollectLimit;
                    if (_inParagraph && Paragraphs.Length > 0)
                    {
                        Paragraphs.Append(' ');
                    }

                    Leaf(paragraph);
                    _inParagraph = false;
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
                    Leaf(leaf);
                    break;
            }

            Statistics.EndBlock();
            if (!MoreMarkerFound && BeforeMore.Length is > 0 and < ExcerptCollectLimit)
            {
                BeforeMore.Append(' ');
            }
        }

        private void Heading(HeadingBlock heading)
        {
            var inToc = heading.Level is >= TocMinLevel and <= TocMaxLevel;
            _heading = inToc ? new StringBuilder() : null;
            Leaf(heading);
            if (_heading is not null)
            {
                var id = heading.GetAttributes().Id ?? string.Empty;
                Toc.Add(new TocEntry(heading.Level, id, _heading.ToString().Trim()));
                _heading = null;
            }
        }

        private void RawHtmlBlock(HtmlBlock block)
        {
            var raw = block.Lines.ToString();
            if (block.Parent is MarkdownDocument && IsMoreMarker(raw))
            {
                MoreMarkerFound = true;
            }
        }

        private void Leaf(LeafBlock leaf)
        {
            if (leaf.Inline is { } inline)
            {
                Inlines(inline);
            }
        }

        private void Inlines(ContainerInline container)
        {
            // Handling an inline may replace or remove it and its followers: walk a snapshot.
            var children = new List<Inline>();
            for (var child = container.FirstChild; child is not null; child = child.NextSibling)
            {
                children.Add(child);
            }

            foreach (var inline in children)
            {
                if (inline.Parent is not null)
                {
                    Inline(inline);
                }
            }
        }

        private void Inline(Inline inline)
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
                    Link(link);
                    break;
                case AutolinkInline autolink:
                    Autolink(autolink);
                    break;
                case HtmlInline html:
                    RawHtmlInline(html);
                    break;
                case ContainerInline container:
                    Inlines(container);
                    break;
            }
        }

        private void Link(LinkInline link)
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
                    return;
                }

                link.GetAttributes().AddPropertyIfNotExist("loading", "lazy");
                Inlines(link);
                return;
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
        }

        private void Autolink(AutolinkInline autolink)
        {
            if (!autolink.IsEmail && !UrlPolicy.IsSafeLink(autolink.Url))
            {
                var replacement = new LiteralInline(autolink.Url);
                autolink.ReplaceBy(replacement, copyChildren: false);
            }
            else if (!autolink.IsEmail && UrlPolicy.IsExternal(autolink.Url, owner._siteHost))
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer");
            }

            Text(autolink.Url);
        }

        private static void RawHtmlInline(HtmlInline html)
        {
            var tag = html.Tag ?? string.Empty;
            if (IsMoreMarker(tag))
            {
                html.Remove();
                return;
            }

            if (RawHtmlSanitizer.OpensDroppedElement(tag, out var element))
            {
                // <script>...</script> inside a paragraph: its content is code, not prose, so it goes too.
                for (var next = html.NextSibling; next is not null; next = html.NextSibling)
                {
                    next.Remove();
                    if (next is HtmlInline closing && RawHtmlSanitizer.ClosesElement(closing.Tag, element))
                    {
                        break;
                    }
                }

                html.Remove();
                return;
            }

            // Sanitized when written (SafeHtmlInlineRenderer).
        }

        private void Text(ReadOnlySpan<char> text, bool countOnly = false)
        {
            Statistics.Add(text);
            if (countOnly)
            {
                return;
            }

            _heading?.Append(text);
            if (_inParagraph)
            {
                Paragraphs.Append(text);
            }

            if (!MoreMarkerFound && BeforeMore.Length < ExcerptCollectLimit)
            {
                BeforeMore.Append(text);
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
