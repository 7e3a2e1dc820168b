using Blog.Publishing;

namespace Blog.Rendering;

/// <summary>
/// An estimate, made in one pass before parsing, of the work Markdig's inline parsers would do.
/// Some constructs, when never closed, make the parser scan to the end of their paragraph from
/// each occurrence: HTML comments (<c>&lt;!--</c>), declarations and CDATA (<c>&lt;!</c>),
/// processing instructions (<c>&lt;?</c>), and bare web addresses (<c>www.</c>, <c>://</c>,
/// <c>mailto:</c>) for the autolink extension, link destinations (<c>](</c>), and link reference
/// definitions (<c>]:</c>), which Markdig takes off the front of their paragraph one by one. A paragraph of n characters holding k of them
/// can cost about k × n character steps: nothing for an article, hours for a few megabytes of
/// <c>a &lt;? </c> repeated. Paragraphs are runs of non-blank lines outside fenced code (code
/// is not parsed for inlines); HTML blocks count as paragraphs, which only overestimates.
/// </summary>
internal static class InlineWork
{
    /// <summary>
    /// Character steps allowed for a whole file: about a second of parsing on a small machine,
    /// thousands of times what the largest real articles need (the corpus peaks far below).
    /// </summary>
    public const long Budget = 1_000_000_000;

    /// <summary>
    /// Most headings an article may have: real ones have dozens, and Markdig's handling of
    /// hundreds of thousands of setext headings alone takes seconds.
    /// </summary>
    public const int MaxHeadings = 10_000;

    /// <summary>Most link reference definitions (<c>[label]: url</c>) a file may have; Markdig slows down with each one more.</summary>
    public const int MaxLinkDefinitions = 1_000;

    private static readonly string[] Triggers = ["<!", "<?", "www.", "://", "mailto:", "](", "]:"];

    /// <summary>Refuses <paramref name="markdown"/> when its estimate exceeds <see cref="Budget"/>.</summary>
    /// <param name="firstLine">The line of the file the Markdown starts on, for the message.</param>
    /// <exception cref="ContentRejectedException">The estimate is over budget.</exception>
    public static void Check(ReadOnlySpan<char> markdown, int firstLine = 1)
    {
        if (WithinEveryBound(markdown))
        {
            return;
        }

        var estimate = Estimate(markdown);
        if (estimate.Headings > MaxHeadings)
        {
            throw new ContentRejectedException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The article has more than {MaxHeadings:N0} headings (lines starting with # or underlined with = or -); split it into several articles."),
                firstLine + estimate.TooManyHeadingsLine - 1);
        }

        if (estimate.LinkDefinitions > MaxLinkDefinitions)
        {
            throw new ContentRejectedException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The file has more than {MaxLinkDefinitions:N0} link reference definitions (lines such as [label]: https://...); write the links inline or split the article."),
                firstLine + estimate.TooManyLinkDefinitionsLine - 1);
        }

        if (estimate.Total > Budget)
        {
            throw new ContentRejectedException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A paragraph of {estimate.WorstLength:N0} characters holds {estimate.WorstCount:N0} '{estimate.WorstTrigger}' ") +
                "(HTML comments, declarations or processing instructions, bare web addresses, link destinations or link definitions) that would each be read to its end: " +
                "converting the file would take too long. Close them, put them in code (`...` or a fenced block), or split the text " +
                "into paragraphs separated by blank lines.",
                firstLine + estimate.WorstLine - 1);
        }
    }

    /// <summary>
    /// Whether a bound that holds for the whole text at once already proves every limit holds,
    /// as it does for almost every article: no paragraph is longer than the text and none holds
    /// more triggers than it, so triggers × length bounds the estimate; and a text of at most
    /// <see cref="MaxLinkDefinitions"/> lines cannot hold more headings or definitions than allowed.
    /// </summary>
    private static bool WithinEveryBound(ReadOnlySpan<char> markdown)
    {
        if (markdown.Count('\n') >= MaxLinkDefinitions)
        {
            return false;
        }

        long triggers = CountTriggers(markdown);
        return triggers * (markdown.Length + 1) <= Budget;
    }

    /// <summary>How many of each trigger <paramref name="text"/> holds, added to <paramref name="counts"/>; returns the total.</summary>
    private static int CountTriggers(ReadOnlySpan<char> text, Span<int> counts = default)
    {
        var total = 0;
        for (var i = 0; i < Triggers.Length; i++)
        {
            var count = text.Count(Triggers[i]);
            total += count;
            if (!counts.IsEmpty)
            {
                counts[i] += count;
            }
        }

        return total;
    }

    /// <summary>
    /// The estimate: total steps, the worst paragraph (its first line within the text, length,
    /// trigger and count), the headings outside code, and the line of the first one too many.
    /// </summary>
    public static (long Total, int WorstLine, int WorstLength, string WorstTrigger, int WorstCount, int Headings, int TooManyHeadingsLine, int LinkDefinitions, int TooManyLinkDefinitionsLine) Estimate(ReadOnlySpan<char> markdown)
    {
        int headings = 0, tooManyHeadingsLine = 0, definitions = 0, tooManyDefinitionsLine = 0;
        long total = 0, worstCost = -1;
        (int Line, int Length, string Trigger, int Count) worst = (1, 0, Triggers[0], 0);
        Span<int> counts = stackalloc int[Triggers.Length];
        var text = markdown;

        // The paragraph being read: its first line, and where it starts and ends in the text.
        int paragraphLine = 0, paragraphStart = 0, paragraphEnd = 0;
        char fence = '\0';
        var line = 0;
        var offset = 0;

        void EndParagraph(ReadOnlySpan<char> text, Span<int> counts)
        {
            if (paragraphEnd == paragraphStart)
            {
                return;
            }

            // Triggers never hold a line break, so counting over the paragraph's lines at once
            // counts what each line holds.
            counts.Clear();
            var triggers = CountTriggers(text[paragraphStart..paragraphEnd], counts);
            var most = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                most = counts[i] > counts[most] ? i : most;
            }

            var length = paragraphEnd - paragraphStart;
            var cost = (long)triggers * length;
            total += cost;
            if (cost > worstCost)
            {
                worstCost = cost;
                worst = (paragraphLine, length, Triggers[most], counts[most]);
            }

            paragraphStart = paragraphEnd;
        }

        while (offset < text.Length)
        {
            line++;
            var rest = text[offset..];
            var end = rest.IndexOf('\n');
            var current = end < 0 ? rest : rest[..end];
            var lineStart = offset;
            offset = end < 0 ? text.Length : offset + end + 1;

            var trimmed = current.TrimStart(' ');
            if (IsFence(current, trimmed))
            {
                EndParagraph(text, counts);
                fence = fence == '\0' ? trimmed[0] : fence == trimmed[0] ? '\0' : fence;
                continue;
            }

            if (fence != '\0')
            {
                continue;
            }

            if (current.IsWhiteSpace())
            {
                EndParagraph(text, counts);
                continue;
            }

            if (IsHeadingLine(trimmed) && ++headings == MaxHeadings + 1)
            {
                tooManyHeadingsLine = line;
            }

            if (current.Length - trimmed.Length <= 3 && trimmed.StartsWith('[') && trimmed.IndexOf("]:") > 0 && ++definitions == MaxLinkDefinitions + 1)
            {
                tooManyDefinitionsLine = line;
            }

            if (paragraphEnd == paragraphStart)
            {
                paragraphLine = line;
                paragraphStart = lineStart;
            }

            paragraphEnd = offset;
        }

        EndParagraph(text, counts);
        return (total, worst.Line, worst.Length, worst.Trigger, worst.Count, headings, tooManyHeadingsLine, definitions, tooManyDefinitionsLine);
    }

    /// <summary>An ATX heading (<c>#</c> to <c>######</c>, then a space or the end) or a setext underline (only <c>=</c> or only <c>-</c>).</summary>
    private static bool IsHeadingLine(ReadOnlySpan<char> trimmed)
    {
        if (trimmed.IsEmpty)
        {
            return false;
        }

        if (trimmed[0] == '#')
        {
            var rest = trimmed.TrimStart('#');
            return trimmed.Length - rest.Length <= 6 && (rest.IsEmpty || rest[0] is ' ' or '\t' or '\r');
        }

        var underline = trimmed.TrimEnd(" \t\r");
        return underline.Length > 0 && (underline[0] is '=' or '-') && underline.TrimStart(underline[0]).IsEmpty;
    }

    /// <summary>
    /// A code fence as CommonMark reads one: at most 3 spaces, then 3 or more backticks or tildes,
    /// and for backticks no backtick after them. Erring the other way (a fence Markdig would not
    /// see) could hide a paragraph from the estimate; a fence missed here only overestimates.
    /// </summary>
    private static bool IsFence(ReadOnlySpan<char> line, ReadOnlySpan<char> trimmed) =>
        line.Length - trimmed.Length <= 3
        && (trimmed.StartsWith("~~~") || (trimmed.StartsWith("```") && !trimmed.TrimStart('`').Contains('`')));
}
