using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blog.Publishing;

/// <summary>
/// The YAML front matter of a Markdown file, split from its body. Keys are case-insensitive;
/// each value remembers the line of the file it stands on, so refusals can point at it.
/// </summary>
public sealed class FrontMatter
{
    /// <summary>Largest front matter accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most values the front matter may expand to once YAML aliases are followed.</summary>
    public const int MaxExpandedNodes = 10_000;

    private readonly Dictionary<string, FrontMatterValue> _values;

    private FrontMatter(Dictionary<string, FrontMatterValue> values, string body, int bodyLine)
    {
        _values = values;
        Body = body;
        BodyFirstLine = bodyLine;
    }

    /// <summary>The Markdown after the front matter.</summary>
    public string Body { get; }

    /// <summary>The line of the file the body starts on (1-based).</summary>
    public int BodyFirstLine { get; }

    /// <summary>The first of <paramref name="keys"/> present, in the order given.</summary>
    public FrontMatterValue? Find(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (_values.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Splits <paramref name="text"/> into front matter and body and parses the YAML.</summary>
    /// <exception cref="ContentRejectedException">The front matter cannot be read.</exception>
    public static FrontMatter Parse(string text)
    {
        if (!StartsWithFence(text, out var afterOpening))
        {
            return new FrontMatter(new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase), text, 1);
        }

        // Find the closing fence: a line that is exactly "---" (or YAML's "...").
        var position = afterOpening;
        var line = 2;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var lineEnd = end < 0 ? text.Length : end;
            var content = text.AsSpan(position, lineEnd - position).TrimEnd();
            if (content is "---" or "...")
            {
                var yaml = text[afterOpening..position];
                if (yaml.Length > MaxLength)
                {
                    throw new ContentRejectedException(
                        $"The front matter is {yaml.Length / 1024} KiB long; the limit is {MaxLength / 1024} KiB. Move long text into the body of the article.", 1);
                }

                var body = end < 0 ? string.Empty : text[(end + 1)..];
                return new FrontMatter(ParseYaml(yaml), body, line + 1);
            }

            if (position - afterOpening > MaxLength)
            {
                break;
            }

            position = end < 0 ? text.Length : end + 1;
            line++;
        }

        if (position - afterOpening > MaxLength)
        {
            throw new ContentRejectedException(
                $"The front matter is longer than {MaxLength / 1024} KiB (or its closing --- line is missing). Close it with a line holding only ---.", 1);
        }

        throw new ContentRejectedException(
            "The front matter opened with --- on line 1 is never closed. Add a line holding only --- after the last front matter line.", 1);
    }

    private static bool StartsWithFence(string text, out int afterOpening)
    {
        afterOpening = 0;
        var end = text.IndexOf('\n');
        var first = (end < 0 ? text.AsSpan() : text.AsSpan(0, end)).TrimEnd();
        if (first is not "---")
        {
            return false;
        }

        afterOpening = end < 0 ? text.Length : end + 1;
        return true;
    }

    private static Dictionary<string, FrontMatterValue> ParseYaml(string yaml)
    {
        var values = new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var problem = (ex.InnerException as YamlException)?.Message ?? ex.Message;
            var line = (int)ex.Start.Line + 1;
            throw new ContentRejectedException(
                $"The front matter is not valid YAML near line {line}: {problem.TrimEnd('.')}. Check for a missing colon, an unclosed quote or wrong indentation.",
                line);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The YAML library gives up on some malformed input without saying where.
            throw new ContentRejectedException(
                "The front matter is not valid YAML. Check for a missing colon, an unclosed quote or bracket, or wrong indentation.", 1);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return values;
        }

        if (stream.Documents.Count > 1)
        {
            throw new ContentRejectedException("The front matter holds more than one YAML document. Keep a single block of key: value lines.", 2);
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            throw new ContentRejectedException(
                "The front matter must be a list of key: value lines, such as title: My post.", (int)root.Start.Line + 1);
        }

        var budget = new ExpansionBudget();
        budget.Count(root);

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            // The first spelling of a key wins, as a reader of the file would expect.
            values.TryAdd(key.Trim(), new FrontMatterValue(key.Trim(), valueNode, (int)keyNode.Start.Line + 1));
        }

        return values;
    }

    /// <summary>
    /// Counts the values the document expands to when aliases are followed, so that a
    /// "billion laughs" front matter is refused before anything walks it.
    /// </summary>
    private sealed class ExpansionBudget
    {
        private readonly Dictionary<YamlNode, long> _sizes = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<YamlNode> _inProgress = new(ReferenceEqualityComparer.Instance);

        public void Count(YamlNode root)
        {
            if (Size(root) > MaxExpandedNodes)
            {
                throw Refuse(root);
            }
        }

        private long Size(YamlNode node)
        {
            if (_sizes.TryGetValue(node, out var known))
            {
                return known;
            }

            if (!_inProgress.Add(node))
            {
                throw Refuse(node);
            }

            long size = 1;
            switch (node)
            {
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        size += Size(child);
                        if (size > MaxExpandedNodes)
                        {
                            throw Refuse(node);
                        }
                    }

                    break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        size += Size(key) + Size(value);
                        if (size > MaxExpandedNodes)
                        {
                            throw Refuse(node);
                        }
                    }

                    break;
            }

            _inProgress.Remove(node);
            _sizes[node] = size;
            return size;
        }

        private static ContentRejectedException Refuse(YamlNode node) => new(
            $"The front matter expands to more than {MaxExpandedNodes:N0} values through YAML anchors and aliases (*name). Write the values out plainly.",
            (int)node.Start.Line + 1);
    }
}

/// <summary>One front matter entry: its key as written, its YAML value and the file line of the key.</summary>
public sealed record FrontMatterValue(string Key, YamlNode Node, int Line)
{
    /// <summary>The value as text, or null when it is not a single value.</summary>
    public string? Scalar => Node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>True when the value is empty (<c>key:</c> or <c>key: ~</c>).</summary>
    public bool IsEmpty => Node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
