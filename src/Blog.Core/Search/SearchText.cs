using System.Globalization;
using System.Net;
using System.Text;
using Blog.Publishing;
using Blog.Rendering;

namespace Blog.Search;

/// <summary>
/// How text becomes search terms, the same way for articles and for queries: runs of letters and
/// digits, lower-cased with accents folded (<c>Café</c> → <c>cafe</c>), cut at
/// <see cref="MaxTermLength"/> characters. Chinese, Japanese and Korean text has no spaces between
/// words, so a run of it is indexed as its characters and its overlapping character pairs; a
/// query's run is looked for as the pairs that cover it (or the one character it is).
/// </summary>
public static class SearchText
{
    /// <summary>Longer words are indexed and searched by their first this many characters.</summary>
    public const int MaxTermLength = 32;

    /// <summary>The terms of <paramref name="text"/>, as indexed, in order of appearance (with repeats).</summary>
    public static IEnumerable<string> IndexTerms(string text)
    {
        foreach (var token in Tokens(text))
        {
            if (!token.IsCjk)
            {
                yield return token.Text;
                continue;
            }

            var runes = Runes(token.Text);
            for (var i = 0; i < runes.Count; i++)
            {
                yield return runes[i];
                if (i + 1 < runes.Count)
                {
                    yield return runes[i] + runes[i + 1];
                }
            }
        }
    }

    /// <summary>
    /// The terms an article must hold to match a query: each word, and for a run of CJK text the
    /// character pairs that cover it (a single character is a term of its own).
    /// </summary>
    public static IEnumerable<string> QueryTerms(string text)
    {
        foreach (var token in Tokens(text))
        {
            if (!token.IsCjk)
            {
                yield return token.Text;
                continue;
            }

            var runes = Runes(token.Text);
            if (runes.Count == 1)
            {
                yield return runes[0];
                continue;
            }

            for (var i = 0; i + 1 < runes.Count; i += 2)
            {
                yield return runes[i] + runes[i + 1];
            }

            if (runes.Count % 2 == 1)
            {
                yield return runes[^2] + runes[^1];
            }
        }
    }

    /// <summary>The text of rendered HTML without its tags, entities decoded; every tag separates words.</summary>
    public static string TextOfHtml(string html)
    {
        var text = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (inTag)
            {
                inTag = c != '>';
                if (!inTag)
                {
                    text.Append(' ');
                }
            }
            else if (c == '<')
            {
                inTag = true;
            }
            else
            {
                text.Append(c);
            }
        }

        return WebUtility.HtmlDecode(text.ToString());
    }

    private static IEnumerable<(string Text, bool IsCjk)> Tokens(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        var cjk = new StringBuilder();
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue; // an accent: the letter it sits on stays in its word
            }

            if (TextStatistics.IsCjk(rune))
            {
                if (word.Length > 0)
                {
                    yield return (Cut(word), false);
                }

                cjk.Append(rune.ToString());
                continue;
            }

            if (cjk.Length > 0)
            {
                yield return (cjk.ToString(), true);
                cjk.Clear();
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                var lower = Rune.ToLowerInvariant(rune);
                if (lower.IsBmp)
                {
                    word.Append(Slugs.FoldLatin((char)lower.Value));
                }
                else
                {
                    word.Append(lower.ToString());
                }
            }
            else if (word.Length > 0)
            {
                yield return (Cut(word), false);
            }
        }

        if (word.Length > 0)
        {
            yield return (Cut(word), false);
        }

        if (cjk.Length > 0)
        {
            yield return (cjk.ToString(), true);
        }
    }

    /// <summary>The word, at most <see cref="MaxTermLength"/> characters (never half a surrogate pair); clears the builder.</summary>
    private static string Cut(StringBuilder word)
    {
        var length = Math.Min(word.Length, MaxTermLength);
        if (length < word.Length && char.IsHighSurrogate(word[length - 1]))
        {
            length--;
        }

        var text = word.ToString(0, length);
        word.Clear();
        return text;
    }

    private static List<string> Runes(string text) => text.EnumerateRunes().Select(r => r.ToString()).ToList();
}
