using System.Text;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blog.Rendering;

public sealed partial class MarkdownRenderer
{
    /// <summary>
    /// The walk of the parsed document that makes it safe and collects the computed fields. It is
    /// the first walk of the tree, and it counts how deep it goes: a tree deeper than
    /// <see cref="Nesting.MaxDepth"/> is refused here, before any recursion (this one, or the
    /// renderer's) could go deep enough to overflow the stack.
    /// </summary>
    private sealed class Walk(MarkdownRenderer owner, bool excerptFromAllText, int firstLine, MediaLinks? media)
    {
        public readonly List<TocEntry> Toc = [];
        public readonly ExcerptText Excerpt = new();
        public TextStatistics Statistics;

        /// <summary>
        /// Whether the HTML needs balancing: the document holds raw HTML (a block or an inline
        /// tag), which sits between Markdig's own tags, or a link inside a link's text, which
        /// Markdig writes as an <c>&lt;a&gt;</c> inside an <c>&lt;a&gt;</c> that no browser builds.
        /// </summary>
        public bool NeedsBalancing;

        private int _linkDepth;

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
                    NeedsBalancing = true;
                    // Readers see the text of the allowed elements (<details>, <kbd>...): count it.
                    CountRawHtmlText(owner._sanitizer.Sanitize(html.Lines.ToString(), media));
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
                    NeedsBalancing = true;
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
            if (media is not null && url is not null && media.Rewrite(url, link.IsImage) is var rewritten && !ReferenceEquals(rewritten, url))
            {
                link.GetDynamicUrl = null;
                link.Url = url = rewritten;
            }

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

            NeedsBalancing |= _linkDepth > 0;
            _linkDepth++;
            Inlines(link);
            _linkDepth--;
            return link.NextSibling;
        }

        private Inline? Autolink(AutolinkInline autolink)
        {
            NeedsBalancing |= _linkDepth > 0;
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
