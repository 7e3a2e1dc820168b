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
        var collapsed = new ExcerptText(keep: int.MaxValue);
        collapsed.Append(text);
        return collapsed.Text;
    }
}

/// <summary>
/// Collects the plain text an excerpt is cut from, collapsing whitespace as it goes and
/// keeping no more than the excerpt can use.
/// </summary>
/// <param name="keep">
/// How much text to keep: by default one character past the longest excerpt, enough to know
/// where to cut.
/// </param>
internal sealed class ExcerptText(int keep = Excerpt.MaxLength + 1)
{
    private readonly StringBuilder _text = new(Math.Min(keep, Excerpt.MaxLength) + 1);
    private bool _pendingSpace;

    /// <summary>As much text as the excerpt keeps.</summary>
    public bool IsFull => _text.Length >= keep;

    /// <summary>The text collected, its whitespace collapsed to single spaces.</summary>
    public string Text => _text.ToString();

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

    public string ToExcerpt() => Excerpt.CutCollapsed(Text);
}
