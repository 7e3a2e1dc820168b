using Blog.Publishing;
using Markdig.Syntax;

namespace Blog.Rendering;

/// <summary>
/// Refuses a parsed document nested deeper than <see cref="MaxDepth"/>. Markdig limits the
/// nesting it parses in most places but not everywhere (a hundred thousand <c>*</c> on each side
/// of a word become emphasis inside emphasis, 50,000 deep), and rendering, like any walk of the
/// tree, recurses once per level: deep enough, it overflows the stack and ends the process, which
/// no handler can catch. The renderer's own walk of the tree, the first after parsing, counts
/// its depth and refuses the document one level past the limit, long before any stack is at risk.
/// </summary>
internal static class Nesting
{
    /// <summary>
    /// Deepest tree accepted: far beyond any article, far below any stack's reach. Above
    /// Markdig's own limit on what it renders (128), whose refusal says more, so this one only
    /// keeps the walks before rendering safe.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>The refusal of a document with a node deeper than <see cref="MaxDepth"/>, below <paramref name="node"/>.</summary>
    /// <param name="firstLine">The line of the file the Markdown starts on.</param>
    public static ContentRejectedException TooDeep(MarkdownObject node, int firstLine) =>
        new(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The Markdown nests deeper than {MaxDepth:N0} levels (emphasis, links, lists or quotes inside each other); flatten it."),
            firstLine + Math.Max(0, node.Line));
}
