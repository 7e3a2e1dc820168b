using Blog.Publishing;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blog.Rendering;

/// <summary>
/// Refuses a parsed document nested deeper than <see cref="MaxDepth"/>. Markdig limits the
/// nesting it parses in most places but not everywhere (a hundred thousand <c>*</c> on each side
/// of a word become emphasis inside emphasis, 50,000 deep), and rendering, like any walk of the
/// tree, recurses once per level: deep enough, it overflows the stack and ends the process, which
/// no handler can catch. This walk keeps its own stack, so it is safe at any depth.
/// </summary>
internal static class Nesting
{
    /// <summary>
    /// Deepest tree accepted: far beyond any article, far below any stack's reach. Above
    /// Markdig's own limit on what it renders (128), whose refusal says more, so this one only
    /// keeps the walks before rendering safe.
    /// </summary>
    public const int MaxDepth = 256;

    /// <exception cref="ContentRejectedException">The document nests deeper than <see cref="MaxDepth"/>.</exception>
    public static void Check(MarkdownDocument document, int firstLine = 1)
    {
        var pending = new Stack<(MarkdownObject Node, int Depth)>();
        pending.Push((document, 0));
        while (pending.TryPop(out var item))
        {
            var (node, depth) = item;
            if (depth > MaxDepth)
            {
                throw new ContentRejectedException(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The Markdown nests deeper than {MaxDepth:N0} levels (emphasis, links, lists or quotes inside each other); flatten it."),
                    firstLine + Math.Max(0, node.Line));
            }

            switch (node)
            {
                case ContainerBlock container:
                    foreach (var child in container)
                    {
                        pending.Push((child, depth + 1));
                    }

                    break;
                case LeafBlock { Inline: { } inline }:
                    pending.Push((inline, depth + 1));
                    break;
                case ContainerInline inlines:
                    for (var child = inlines.FirstChild; child is not null; child = child.NextSibling)
                    {
                        pending.Push((child, depth + 1));
                    }

                    break;
            }
        }
    }
}
