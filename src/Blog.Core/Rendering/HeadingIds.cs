using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blog.Rendering;

/// <summary>
/// GitHub-style heading ids (<c>## Why now?</c> → <c>why-now</c>; repeats get <c>-1</c>, <c>-2</c>,
/// ...), the same ids as Markdig's auto-identifier extension with its GitHub option, found in
/// linear time: Markdig tries <c>-1</c>, <c>-2</c>, ... from the start for every repeat, so a
/// file of thousands of identical headings took minutes. Here each base id remembers the next
/// suffix to try; since ids are only ever added, the first free suffix is never below it.
/// </summary>
internal sealed class HeadingIds : IMarkdownExtension
{
    private static readonly object StateKey = new();

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        // ATX headings close in the heading parser, setext headings in the paragraph parser.
        if (pipeline.BlockParsers.Find<HeadingBlockParser>() is { } headings)
        {
            headings.Closed -= OnClosed;
            headings.Closed += OnClosed;
        }

        if (pipeline.BlockParsers.FindExact<ParagraphBlockParser>() is { } paragraphs)
        {
            paragraphs.Closed -= OnClosed;
            paragraphs.Closed += OnClosed;
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }

    private static void OnClosed(BlockProcessor processor, Block block)
    {
        if (block is HeadingBlock heading)
        {
            heading.ProcessInlinesEnd += AssignId;
        }
    }

    private static void AssignId(InlineProcessor processor, Inline? inline)
    {
        var heading = (HeadingBlock)processor.Block!;
        heading.ProcessInlinesEnd -= AssignId;
        var attributes = heading.GetAttributes();
        if (heading.Inline is null || attributes.Id is not null)
        {
            return;
        }

        if (processor.Document.GetData(StateKey) is not State state)
        {
            state = new State();
            processor.Document.SetData(StateKey, state);
        }

        attributes.Id = state.Unique(BaseId(heading.Inline));
    }

    /// <summary>The heading's text without markup, as GitHub turns it into an anchor; <c>section</c> when nothing is left.</summary>
    private static string BaseId(ContainerInline inline)
    {
        var text = State.PlainText(inline);
        var id = LinkHelper.UrilizeAsGfm(text);
        return string.IsNullOrEmpty(id) ? "section" : id;
    }

    /// <summary>The ids of one document.</summary>
    private sealed class State
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);

        public string Unique(string baseId)
        {
            if (_used.Add(baseId))
            {
                return baseId;
            }

            var suffix = _nextSuffix.GetValueOrDefault(baseId, 1);
            string id;
            while (!_used.Add(id = baseId + "-" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                suffix++;
            }

            _nextSuffix[baseId] = suffix + 1;
            return id;
        }

        // Building an HTML renderer costs a few dozen objects, more than the text of a heading:
        // keep one per thread.
        [ThreadStatic]
        private static HtmlRenderer? t_plain;

        /// <summary>The inline's text with neither tags nor escaping, as Markdig's extension reads it.</summary>
        public static string PlainText(ContainerInline inline)
        {
            var renderer = t_plain ?? new HtmlRenderer(new StringWriter()) { EnableHtmlForInline = false, EnableHtmlEscape = false };
            t_plain = null; // a renderer that throws is not reused: Markdig does not unwind it
            var output = ((StringWriter)renderer.Writer).GetStringBuilder();
            output.Clear();
            renderer.Render(inline);
            renderer.Writer.Flush();
            var text = output.ToString();
            if (output.Capacity <= 1024)
            {
                t_plain = renderer;
            }

            return text;
        }
    }
}
