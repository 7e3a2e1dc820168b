using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace Blog.Rendering;

/// <summary>
/// Turns Markdown into safe HTML plus the fields computed from it, in one parse and one walk.
/// Safety is made in the syntax tree, before rendering: link and image URLs pass
/// <see cref="UrlPolicy"/>, raw HTML passes <see cref="RawHtmlSanitizer"/>, and the pipeline has
/// no extension that lets Markdown set arbitrary attributes. Thread-safe; build one and share it.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private const int TocMinLevel = 2;
    private const int TocMaxLevel = 4;

    private readonly MarkdownDialect _dialect;
    private readonly RawHtmlSanitizer _sanitizer;
    private readonly string? _siteHost;
    private readonly HtmlLimit _htmlLimit;

    /// <param name="siteUrl">The site's address: links to other hosts get <c>rel="noopener noreferrer"</c>.</param>
    /// <param name="htmlLimit">How large the HTML may grow; <see cref="HtmlLimit.Default"/> when null.</param>
    /// <param name="mediaBaseUrl">Where relative image and link URLs go (<see cref="MediaLinks.NormalizeBase"/>); <c>/api/media</c> when null.</param>
    public MarkdownRenderer(Uri? siteUrl = null, HtmlLimit? htmlLimit = null, string? mediaBaseUrl = null)
        : this(siteUrl, allExtensions: false, htmlLimit, mediaBaseUrl)
    {
    }

    /// <param name="siteUrl">The site's address: links to other hosts get <c>rel="noopener noreferrer"</c>.</param>
    /// <param name="allExtensions">Use every extension on every document (tests compare both ways).</param>
    /// <param name="htmlLimit">How large the HTML may grow; <see cref="HtmlLimit.Default"/> when null.</param>
    /// <param name="mediaBaseUrl">Where relative image and link URLs go; <c>/api/media</c> when null.</param>
    internal MarkdownRenderer(Uri? siteUrl, bool allExtensions, HtmlLimit? htmlLimit = null, string? mediaBaseUrl = null)
    {
        MediaBase = MediaLinks.NormalizeBase(mediaBaseUrl);
        _htmlLimit = htmlLimit ?? HtmlLimit.Default;
        _siteHost = siteUrl?.Host;
        _sanitizer = new RawHtmlSanitizer(_siteHost);
        _dialect = new MarkdownDialect(alwaysAll: allExtensions);
    }

    /// <summary>Where relative image and link URLs of an article go: <c>{MediaBase}/{path}</c>.</summary>
    public string MediaBase { get; }

    /// <summary>The media links of the article in blob <paramref name="blobName"/>, for <see cref="Render"/>.</summary>
    public MediaLinks MediaFor(string blobName) => new(MediaBase, blobName);

    /// <summary>The full dialect (see <see cref="MarkdownDialect"/>).</summary>
    public static MarkdownPipeline CreatePipeline() => MarkdownDialect.Build(Extensions.All);

    /// <param name="markdown">The Markdown body.</param>
    /// <param name="firstLine">The line of the file the body starts on, for the lines in refusals.</param>
    /// <param name="media">
    /// The article's media links (<see cref="MediaFor"/>): relative image and link URLs are
    /// rewritten to the media route and collected there. None: they stay as written.
    /// </param>
    /// <exception cref="Publishing.ContentRejectedException">
    /// The Markdown would take too long to convert, or its HTML would exceed <see cref="HtmlLimit"/>.
    /// </exception>
    public RenderedMarkdown Render(string markdown, int firstLine = 1, MediaLinks? media = null)
    {
        InlineWork.Check(markdown, firstLine);
        var pipeline = _dialect.For(markdown);
        var document = Markdown.Parse(markdown, pipeline);
        var more = MoreMarkerIndex(document);
        var walk = new Walk(this, excerptFromAllText: more >= 0, firstLine, media);
        for (var i = 0; i < document.Count; i++)
        {
            walk.CollectExcerpt = more < 0 || i < more;
            walk.Block(document[i]);
        }

        var html = ToHtml(document, pipeline, _htmlLimit.For(markdown.Length), balance: walk.NeedsBalancing, media);
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

    /// <param name="balance">
    /// Whether to balance the HTML: needed where raw HTML sits between Markdig's own tags, or
    /// where a link holds a link. Otherwise what Markdig writes closes every element it opens, in
    /// order, as a browser reads it (the tests read every rendered document with an HTML parser
    /// inside a page to hold it to that).
    /// </param>
    /// <param name="media">The article's media links, for raw HTML (Markdown links were rewritten by the walk).</param>
    private string ToHtml(MarkdownDocument document, MarkdownPipeline pipeline, int maxLength, bool balance, MediaLinks? media)
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
        SafeHtmlRendererSetup.UseMedia(renderer, media);
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
            SafeHtmlRendererSetup.UseMedia(renderer, null);
        }

        renderer.Writer.Flush();
        var html = balance ? HtmlBalancer.Balance(output.ToString()) : output.ToString(); // raw HTML sits between Markdig's tags: balance the whole
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
