using System.Text;

namespace Blog.Rendering;

/// <summary>Cuts plain text to an excerpt: at most <see cref="MaxLength"/> characters, ending at a word, with <c>…</c> when cut.</summary>
public static class Excerpt
{
    public const int MaxLength = 280;

    public static string Cut(string text, int maxLength = MaxLength) => CutCollapsed(CollapseWhitespace(text), maxLength);

    /// <summary>Cuts text whose whitespace is already collapsed to single spaces.</summary>
    internal static string CutCollapsed(string normalized, int maxLength = MaxLength)
    {
        if (normalized.Length <= maxLength)
        {
            return normalized;
        }

        // Leave room for the ellipsis, then step back to the last word boundary.
        var limit = maxLength - 1;
        var cut = limit;
        while (cut > 0 && !TextStatistics.IsBoundary(normalized[cut - 1], normalized[cut]))
        {
            cut--;
        }

        if (cut == 0)
        {
            cut = char.IsHighSurrogate(normalized[limit - 1]) ? limit - 1 : limit; // one endless word: cut inside it
        }

        return normalized[..cut].TrimEnd(' ', ',', ';', ':', '-', '–', '—', '(', '[', '"', '\'') + "…";
    }

    internal static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>
/// Collects the plain text an excerpt is cut from, collapsing whitespace as it goes and
/// keeping no more than the excerpt can use.
/// </summary>
internal sealed class ExcerptText
{
    private readonly StringBuilder _text = new(Excerpt.MaxLength + 2);
    private bool _pendingSpace;

    /// <summary>Enough text to know where to cut: one character past the longest excerpt.</summary>
    public bool IsFull => _text.Length > Excerpt.MaxLength;

    public void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsFull)
            {
                return;
            }

            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = _text.Length > 0;
                continue;
            }

            if (_pendingSpace)
            {
                _text.Append(' ');
                _pendingSpace = false;
            }

            _text.Append(c);
        }
    }

    /// <summary>Ends a block: what follows is separated by a space.</summary>
    public void Break() => _pendingSpace = _text.Length > 0;

    public string ToExcerpt() => Excerpt.CutCollapsed(_text.ToString());
}
