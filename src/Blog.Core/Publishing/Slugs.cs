using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Blog.Publishing;

/// <summary>
/// The one rule that turns names into URL and table-key safe slugs: lowercase <c>a-z0-9</c>
/// separated by single <c>-</c>, accents folded (<c>"Café"</c> → <c>cafe</c>).
/// For tags and categories <c>#</c> reads "sharp" and <c>+</c> reads "plus", so <c>"C#"</c> is
/// <c>c-sharp</c> and <c>"C++"</c> is <c>c-plus-plus</c>; a name with no Latin letter or digit at
/// all (<c>"人工智能"</c>) gets <c>t-</c> and eight hex digits of its hash.
/// </summary>
public static class Slugs
{
    /// <summary>Longest slug kept; longer ones are cut at a separator.</summary>
    public const int MaxLength = 120;

    /// <summary>Normalises an article slug; empty when nothing usable is left.</summary>
    public static string ForArticle(string text) => Normalize(text, spellSymbols: false);

    /// <summary>Normalises a tag or category name; never empty for a non-blank name.</summary>
    public static string ForTaxonomy(string name)
    {
        var slug = Normalize(name, spellSymbols: true);
        if (slug.Length > 0)
        {
            return slug;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name.Trim().ToLowerInvariant()));
        return "t-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    private static string Normalize(string text, bool spellSymbols)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSeparator = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = FoldLatin(char.ToLowerInvariant(c));
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingSeparator && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingSeparator = false;
                builder.Append(lower);
            }
            else if (spellSymbols && (c == '#' || c == '+'))
            {
                if (builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(c == '#' ? "sharp" : "plus");
                pendingSeparator = true;
            }
            else
            {
                pendingSeparator = true;
            }
        }

        if (builder.Length > MaxLength)
        {
            var cut = builder.ToString(0, MaxLength);
            var lastSeparator = cut.LastIndexOf('-');
            return (lastSeparator > MaxLength / 2 ? cut[..lastSeparator] : cut).Trim('-');
        }

        return builder.ToString();
    }

    // Letters that do not decompose into a base letter plus a mark.
    internal static char FoldLatin(char c) => c switch
    {
        'ß' => 's',
        'æ' => 'a',
        'ø' => 'o',
        'đ' or 'ð' => 'd',
        'ł' => 'l',
        'œ' => 'o',
        'þ' => 't',
        'ı' => 'i',
        _ => c,
    };
}
