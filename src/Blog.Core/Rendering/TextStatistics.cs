using System.Text;

namespace Blog.Rendering;

/// <summary>
/// Counts words the way a reader experiences them: runs of Latin-script letters and digits are
/// words, and every CJK character (Han, kana, Hangul) is a word of its own.
/// Feed it text in pieces with <see cref="Add"/>; call <see cref="EndBlock"/> between blocks.
/// </summary>
public struct TextStatistics
{
    private bool _inWord;
    private bool _wordHasLetter;

    public int LatinWords { get; private set; }

    public int CjkCharacters { get; private set; }

    public readonly int WordCount => LatinWords + CjkCharacters;

    /// <summary><c>max(1, ceil(latinWords / 230 + cjkCharacters / 500))</c>.</summary>
    public readonly int ReadingTimeMinutes =>
        Math.Max(1, (int)Math.Ceiling((LatinWords / 230.0) + (CjkCharacters / 500.0)));

    public void Add(ReadOnlySpan<char> text)
    {
        // ASCII needs no rune decoding: most text is ASCII, so it takes the short path.
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                break;
            }

            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                EndWord();
            }
            else
            {
                _inWord = true;
                _wordHasLetter |= char.IsAsciiLetterOrDigit(c);
            }
        }

        if (i < text.Length)
        {
            AddRunes(text[i..]);
        }
    }

    private void AddRunes(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                EndWord();
                CjkCharacters++;
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                EndWord();
            }
            else
            {
                _inWord = true;
                _wordHasLetter |= Rune.IsLetterOrDigit(rune);
            }
        }
    }

    public void EndBlock() => EndWord();

    private void EndWord()
    {
        if (_inWord && _wordHasLetter)
        {
            LatinWords++;
        }

        _inWord = false;
        _wordHasLetter = false;
    }

    /// <summary>True for characters of the Chinese, Japanese and Korean scripts (not their punctuation).</summary>
    public static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        return v is (>= 0x4E00 and <= 0x9FFF)   // CJK Unified Ideographs
            or (>= 0x3400 and <= 0x4DBF)        // Extension A
            or (>= 0x20000 and <= 0x3134F)      // Extensions B–G
            or (>= 0xF900 and <= 0xFAFF)        // Compatibility Ideographs
            or (>= 0x3040 and <= 0x309F)        // Hiragana
            or (>= 0x30A0 and <= 0x30FF)        // Katakana
            or (>= 0x31F0 and <= 0x31FF)        // Katakana Phonetic Extensions
            or (>= 0xAC00 and <= 0xD7AF)        // Hangul Syllables
            or (>= 0x1100 and <= 0x11FF)        // Hangul Jamo
            or (>= 0x3130 and <= 0x318F);       // Hangul Compatibility Jamo
    }

    /// <summary>True when a word boundary lies between <paramref name="previous"/> and <paramref name="next"/>.</summary>
    public static bool IsBoundary(char previous, char next) =>
        char.IsWhiteSpace(previous) || char.IsWhiteSpace(next) ||
        (!char.IsSurrogate(previous) && IsCjk(new Rune(previous))) ||
        (!char.IsSurrogate(next) && IsCjk(new Rune(next)));
}
