namespace Blog.Publishing;

/// <summary>
/// Reads the flat subset of YAML that front matter is nearly always written in:
/// <c>key: value</c> lines with plain, single- or double-quoted scalars, flow lists
/// (<c>[a, "b"]</c>) and block lists (<c>- a</c>) of such scalars, comments and blank lines.
/// Returns null, and leaves the text to the full YAML parser, at the first thing outside that
/// subset, so it never reads a document differently from a YAML parser.
/// </summary>
internal static class SimpleYaml
{
    // Characters that give a plain scalar's first position a meaning of its own in YAML.
    private const string Indicators = "[]{}#&*!|>'\"%@`,?:-";

    public static Dictionary<string, FrontMatterValue>? TryRead(string yaml, int firstLine)
    {
        var values = new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase);
        var lines = yaml.AsSpan();
        var lineNumber = firstLine - 1;
        string? listKey = null;
        var listLine = 0;
        var listIndent = -1;
        List<(string?, int)>? listItems = null;

        while (!lines.IsEmpty)
        {
            lineNumber++;
            var newline = lines.IndexOf('\n');
            var line = (newline < 0 ? lines : lines[..newline]).TrimEnd('\r');
            lines = newline < 0 ? [] : lines[(newline + 1)..];

            if (line.IsWhiteSpace() || line.TrimStart(' ').StartsWith('#'))
            {
                continue;
            }

            if (line.Contains('\t'))
            {
                return null;
            }

            var trimmed = line.TrimStart(' ');
            if (trimmed.StartsWith("- ") || trimmed.SequenceEqual("-"))
            {
                // An item of the block list opened by the previous "key:" line.
                if (listKey is null)
                {
                    return null;
                }

                // Items indented differently nest, or continue the item before: beyond the subset.
                var indent = line.Length - trimmed.Length;
                if (listIndent >= 0 && indent != listIndent)
                {
                    return null;
                }

                listIndent = indent;
                var item = trimmed.Length == 1 ? [] : trimmed[2..].Trim(' ');
                if (item.IsEmpty || item[0] == '#')
                {
                    return null; // an empty item may hold the more indented lines after it
                }

                if (!TryScalar(item, out var value, out var isNull))
                {
                    return null;
                }

                listItems!.Add((isNull ? string.Empty : value, lineNumber));
                continue;
            }

            if (line[0] == ' ')
            {
                return null; // continuation lines, nested mappings: beyond the subset
            }

            if (listKey is not null)
            {
                Add(values, listKey, List(listKey, listLine, listItems!));
                listKey = null;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || (colon + 1 < line.Length && line[colon + 1] != ' '))
            {
                return null;
            }

            var key = line[..colon];
            foreach (var c in key)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    return null;
                }
            }

            var keyText = key.ToString();
            if (values.ContainsKey(keyText) || keyText.Equals(listKey, StringComparison.OrdinalIgnoreCase))
            {
                return null; // a repeated key (in any case): let the YAML parser decide
            }

            var rest = line[(colon + 1)..].Trim(' ');
            if (rest.IsEmpty || rest.StartsWith('#'))
            {
                // Either an empty value or the start of a block list.
                if (StartsBlockList(lines))
                {
                    listKey = keyText;
                    listLine = lineNumber;
                    listIndent = -1;
                    listItems = [];
                }
                else
                {
                    Add(values, keyText, new FrontMatterValue { Key = keyText, Line = lineNumber, Kind = FrontMatterValueKind.Scalar, IsEmpty = true });
                }

                continue;
            }

            if (rest[0] == '[')
            {
                if (!TryFlowList(rest, lineNumber, out var items))
                {
                    return null;
                }

                Add(values, keyText, List(keyText, lineNumber, items));
                continue;
            }

            if (!TryScalar(rest, out var scalar, out var empty))
            {
                return null;
            }

            Add(values, keyText, new FrontMatterValue
            {
                Key = keyText,
                Line = lineNumber,
                Kind = FrontMatterValueKind.Scalar,
                Scalar = empty ? null : scalar,
                IsEmpty = empty,
            });
        }

        if (listKey is not null)
        {
            Add(values, listKey, List(listKey, listLine, listItems!));
        }

        // The YAML reader refuses more values than this (the top-level map, each key, each value,
        // each item): leave such front matter to it, so that both readers refuse it alike.
        var nodes = 1;
        foreach (var value in values.Values)
        {
            nodes += 2 + value.Items.Count;
        }

        return nodes > FrontMatter.MaxExpandedNodes ? null : values;
    }

    private static void Add(Dictionary<string, FrontMatterValue> values, string key, FrontMatterValue value) => values.TryAdd(key, value);

    private static FrontMatterValue List(string key, int line, List<(string?, int)> items) =>
        new() { Key = key, Line = line, Kind = FrontMatterValueKind.List, Items = items };

    private static bool StartsBlockList(ReadOnlySpan<char> rest)
    {
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf('\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimEnd('\r');
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.IsWhiteSpace() || line.TrimStart(' ').StartsWith('#'))
            {
                continue;
            }

            var trimmed = line.TrimStart(' ');
            return trimmed.StartsWith("- ") || trimmed.SequenceEqual("-");
        }

        return false;
    }

    /// <summary>A scalar on one line: plain (up to a comment), or quoted with nothing but a comment after it.</summary>
    private static bool TryScalar(ReadOnlySpan<char> text, out string value, out bool isNull)
    {
        value = string.Empty;
        isNull = false;
        if (text.IsEmpty || text[0] == '#')
        {
            isNull = true;
            return true;
        }

        if (text[0] is '"' or '\'')
        {
            return TryQuoted(text, out value, out var end) && IsEndOfValue(text[end..]);
        }

        if (Indicators.Contains(text[0]) || text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            return false;
        }

        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        var plain = (comment < 0 ? text : text[..comment]).TrimEnd(' ');
        value = plain.ToString();
        isNull = FrontMatterValue.IsNull(value);
        return true;
    }

    private static bool IsEndOfValue(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart(' ');
        return rest.IsEmpty || rest[0] == '#';
    }

    private static bool TryQuoted(ReadOnlySpan<char> text, out string value, out int end)
    {
        value = string.Empty;
        end = 0;
        var quote = text[0];
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i++;
                    continue;
                }

                value = builder.ToString();
                end = i + 1;
                return true;
            }

            if (c == '\\' && quote == '"')
            {
                if (i + 1 >= text.Length || text[i + 1] is not ('"' or '\\' or '/'))
                {
                    return false; // other escapes: leave them to the YAML parser
                }

                builder.Append(text[++i]);
                continue;
            }

            builder.Append(c);
        }

        return false; // unclosed on this line
    }

    private static bool TryFlowList(ReadOnlySpan<char> text, int line, out List<(string?, int)> items)
    {
        items = [];
        var i = 1;
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return false;
            }

            if (text[i] == ']')
            {
                return items.Count == 0 && IsEndOfValue(text[(i + 1)..]);
            }

            string item;
            if (text[i] is '"' or '\'')
            {
                if (!TryQuoted(text[i..], out item, out var length))
                {
                    return false;
                }

                i += length;
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] is not (',' or ']'))
                {
                    if (text[i] is '[' or '{' or '}' or '#' or '"' or '\'' or ':' or '&' or '*' or '!')
                    {
                        return false;
                    }

                    i++;
                }

                item = text[start..i].TrimEnd(' ').ToString();
                if (item.Length == 0 || (item[0] is '-' or '?' or '|' or '>' or '%' or '@' or '`'))
                {
                    return false;
                }
            }

            items.Add((item, line));
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return false;
            }

            if (text[i] == ']')
            {
                return IsEndOfValue(text[(i + 1)..]);
            }

            if (text[i] != ',')
            {
                return false;
            }

            i++;
        }
    }
}
