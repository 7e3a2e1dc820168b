using Markdig;
using Markdig.Extensions.EmphasisExtras;

namespace Blog.Rendering;

/// <summary>The GitHub extensions of the dialect whose cost is only worth paying where their syntax occurs.</summary>
[Flags]
internal enum Extensions
{
    None = 0,
    Tables = 1,
    TaskLists = 2,
    Strikethrough = 4,
    Autolinks = 8,
    Footnotes = 16,
    All = Tables | TaskLists | Strikethrough | Autolinks | Footnotes,
}

/// <summary>
/// The Markdown dialect: CommonMark with GitHub's tables, task lists, strikethrough, autolinks
/// and footnotes, and GitHub-style heading ids; deliberately without generic attributes, media
/// embeds or other extensions that emit author-chosen markup.
/// </summary>
/// <remarks>
/// Each extension costs parsing time on every document, yet changes nothing where its syntax
/// cannot occur: tables need a delimiter row, footnotes <c>[^</c>, task lists <c>[ ]</c> or
/// <c>[x]</c>, strikethrough <c>~</c>, and extended autolinks a URL outside a link's
/// destination. A cheap scan picks the extensions a document can use; the pipelines for each
/// combination are built once. Tests render the golden files and the corpus both ways.
/// </remarks>
internal sealed class MarkdownDialect(bool alwaysAll = false)
{
    private static readonly string[] AutolinkPrefixes = ["://", "www.", "mailto:", "tel:"];

    private readonly MarkdownPipeline?[] _pipelines = new MarkdownPipeline?[(int)Extensions.All + 1];

    /// <summary>The pipeline for a document: every extension its text can use.</summary>
    public MarkdownPipeline For(string markdown)
    {
        var needed = alwaysAll ? Extensions.All : Detect(markdown);
        return _pipelines[(int)needed] ??= Build(needed); // a race builds an equal pipeline twice: harmless
    }

    public static MarkdownPipeline Build(Extensions extensions)
    {
        var builder = new MarkdownPipelineBuilder();
        if (extensions.HasFlag(Extensions.Tables))
        {
            builder.UsePipeTables();
        }

        if (extensions.HasFlag(Extensions.TaskLists))
        {
            builder.UseTaskLists();
        }

        if (extensions.HasFlag(Extensions.Strikethrough))
        {
            builder.UseEmphasisExtras(EmphasisExtraOptions.Strikethrough);
        }

        if (extensions.HasFlag(Extensions.Autolinks))
        {
            builder.UseAutoLinks();
        }

        if (extensions.HasFlag(Extensions.Footnotes))
        {
            builder.UseFootnotes();
        }

        builder.Extensions.AddIfNotAlready<HeadingIds>();
        return builder.Build();
    }

    internal static Extensions Detect(string markdown)
    {
        var needed = Extensions.None;
        if (MayHoldTable(markdown))
        {
            needed |= Extensions.Tables;
        }

        if (markdown.Contains("[ ]", StringComparison.Ordinal) || markdown.Contains("[x]", StringComparison.OrdinalIgnoreCase))
        {
            needed |= Extensions.TaskLists;
        }

        if (markdown.Contains('~', StringComparison.Ordinal))
        {
            needed |= Extensions.Strikethrough;
        }

        if (MayHoldBareUrl(markdown))
        {
            needed |= Extensions.Autolinks;
        }

        if (markdown.Contains("[^", StringComparison.Ordinal))
        {
            needed |= Extensions.Footnotes;
        }

        return needed;
    }

    /// <summary>
    /// True when some line could be a table's delimiter row (<c>|---|:--:|</c>, possibly inside a
    /// quote): only then can a pipe table exist.
    /// </summary>
    internal static bool MayHoldTable(string markdown)
    {
        var position = 0;
        while (true)
        {
            var pipe = markdown.IndexOf('|', position);
            if (pipe < 0)
            {
                return false;
            }

            var start = markdown.LastIndexOf('\n', pipe) + 1;
            var end = markdown.IndexOf('\n', pipe);
            if (end < 0)
            {
                end = markdown.Length;
            }

            var line = markdown.AsSpan(start, end - start).TrimStart(" \t>").TrimEnd(" \t\r");
            if (line.Contains('-') && !line.ContainsAnyExcept(" \t|:-"))
            {
                return true;
            }

            position = end;
        }
    }

    /// <summary>
    /// True when a URL-like text (<c>scheme://</c>, <c>www.</c>, <c>mailto:</c>, <c>tel:</c>) stands
    /// anywhere but in a link destination (<c>](url</c>) or an angle-bracket autolink
    /// (<c>&lt;url&gt;</c>), where the extension never applies. (A reference definition is not
    /// exempt: a line that looks like one may still be paragraph text.)
    /// </summary>
    internal static bool MayHoldBareUrl(string markdown)
    {
        foreach (var prefix in AutolinkPrefixes)
        {
            var position = 0;
            while ((position = markdown.IndexOf(prefix, position, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var start = position;
                if (prefix == "://")
                {
                    while (start > 0 && char.IsAsciiLetter(markdown[start - 1]))
                    {
                        start--;
                    }
                }

                var before = markdown.AsSpan(0, start);
                if (!(before.EndsWith("](") || before.EndsWith("<")))
                {
                    return true;
                }

                position += prefix.Length;
            }
        }

        return false;
    }
}
