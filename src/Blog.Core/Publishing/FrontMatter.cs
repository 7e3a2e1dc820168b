using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Blog.Publishing;

/// <summary>
/// The front matter of a Markdown file: the YAML between a first line <c>---</c> and the next
/// <c>---</c> line. Keys are case-insensitive; each value remembers the line of the file it
/// stands on, so refusals can point at it.
/// </summary>
/// <remarks>
/// Front matter is nearly always flat <c>key: value</c> lines, so a small reader handles that
/// subset (plain and quoted scalars, flow and block lists of scalars, comments) at a fraction of
/// a YAML library's cost; anything else goes to YamlDotNet, whose reading the small reader
/// matches line for line where both apply (a test compares them).
/// </remarks>
public sealed partial class FrontMatter
{
    /// <summary>Largest front matter accepted, in bytes.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>
    /// Most values the front matter may hold, and may expand to once YAML aliases are followed.
    /// </summary>
    public const int MaxExpandedNodes = 10_000;

    /// <summary>
    /// Deepest nesting of lists and maps below the top-level keys (<c>tags: [a]</c> nests one
    /// level). Real front matter nests two or three (a list of maps holding a list); the YAML
    /// loader recurses once per level, so the limit also bounds its stack on any thread.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly string MaxValuesText = MaxExpandedNodes.ToString("N0", CultureInfo.InvariantCulture);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, FrontMatterValue> _values;

    private FrontMatter(Dictionary<string, FrontMatterValue> values, string body)
    {
        _values = values;
        Body = body;
    }

    /// <summary>The Markdown after the front matter.</summary>
    public string Body { get; }

    /// <summary>The entries, in no particular order.</summary>
    public IEnumerable<FrontMatterValue> Values => _values.Values;

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

    /// <summary>Reads a file's UTF-8 bytes (without byte order mark): splits off and parses the front matter, decodes the body.</summary>
    /// <exception cref="ContentRejectedException">The file is not UTF-8 or its front matter cannot be read.</exception>
    public static FrontMatter Parse(ReadOnlySpan<byte> content) => Parse(content, fullYaml: false);

    /// <summary>Reads a file's text: splits off and parses the front matter.</summary>
    public static FrontMatter Parse(string text) => Parse(Encoding.UTF8.GetBytes(text), fullYaml: false);

    internal static FrontMatter Parse(ReadOnlySpan<byte> content, bool fullYaml)
    {
        if (!StartsWithFence(content, out var afterOpening))
        {
            return new FrontMatter(new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase), Decode(content, content, 0));
        }

        // Find the closing fence: a line that is exactly "---" (or YAML's "...").
        var position = afterOpening;
        while (position < content.Length)
        {
            var newline = content[position..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? content.Length : position + newline;
            var line = content[position..lineEnd].TrimEnd("\r \t"u8);
            if (line.SequenceEqual("---"u8) || line.SequenceEqual("..."u8))
            {
                if (position - afterOpening > MaxLength)
                {
                    break;
                }

                var yaml = Decode(content, content[afterOpening..position], afterOpening);
                var bodyStart = newline < 0 ? content.Length : lineEnd + 1;
                var body = Decode(content, content[bodyStart..], bodyStart);
                var values = (fullYaml ? null : SimpleYaml.TryRead(yaml, firstLine: 2)) ?? ParseYaml(yaml);
                return new FrontMatter(values, body);
            }

            if (position - afterOpening > MaxLength)
            {
                break;
            }

            position = newline < 0 ? content.Length : lineEnd + 1;
        }

        if (position - afterOpening > MaxLength)
        {
            throw new ContentRejectedException(
                $"The front matter is longer than {MaxLength / 1024} KiB (or its closing --- line is missing). Move long text into the body of the article, and close the front matter with a line holding only ---.", 1);
        }

        throw new ContentRejectedException(
            "The front matter opened with --- on line 1 is never closed. Add a line holding only --- after the last front matter line.", 1);
    }

    private static bool StartsWithFence(ReadOnlySpan<byte> content, out int afterOpening)
    {
        afterOpening = 0;
        var newline = content.IndexOf((byte)'\n');
        var first = (newline < 0 ? content : content[..newline]).TrimEnd("\r \t"u8);
        if (!first.SequenceEqual("---"u8))
        {
            return false;
        }

        afterOpening = newline < 0 ? content.Length : newline + 1;
        return true;
    }

    private static string Decode(ReadOnlySpan<byte> file, ReadOnlySpan<byte> part, int offset)
    {
        try
        {
            return StrictUtf8.GetString(part);
        }
        catch (DecoderFallbackException ex)
        {
            var errorAt = offset + Math.Clamp(ex.Index, 0, part.Length);
            var line = 1 + file[..errorAt].Count((byte)'\n');
            throw new ContentRejectedException(
                "The file is not UTF-8 text. Save it with UTF-8 encoding and upload it again.", line);
        }
    }

    private static Dictionary<string, FrontMatterValue> ParseYaml(string yaml)
    {
        var values = new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            stream.Load(new GuardedParser(new Parser(new StringReader(yaml))));
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

        new ExpansionBudget().Count(root);

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            // The first spelling of a key wins, as a reader of the file would expect.
            values.TryAdd(key.Trim(), FrontMatterValue.FromYaml(key.Trim(), valueNode, (int)keyNode.Start.Line + 1));
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
            $"The front matter expands to more than {MaxValuesText} values through YAML anchors and aliases (*name). Write the values out plainly.",
            (int)node.Start.Line + 1);
    }
}

/// <summary>What kind of value a front matter key holds.</summary>
public enum FrontMatterValueKind
{
    Scalar,
    List,
    Mapping,
}

/// <summary>One front matter entry: its key as written, its value and the file line of the key.</summary>
public sealed record FrontMatterValue
{
    public required string Key { get; init; }

    public required int Line { get; init; }

    public required FrontMatterValueKind Kind { get; init; }

    /// <summary>The text of a single value; null for a list, a mapping, or an empty value.</summary>
    public string? Scalar { get; init; }

    /// <summary>True for a plain empty value (<c>key:</c>, <c>key: ~</c>, <c>key: null</c>).</summary>
    public bool IsEmpty { get; init; }

    /// <summary>The items of a list, each with its line; an item that is not a single value is null.</summary>
    public IReadOnlyList<(string? Value, int Line)> Items { get; init; } = [];

    /// <summary>The single values of a mapping, by key (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string?> Fields { get; init; } = new Dictionary<string, string?>();

    internal static bool IsNull(string plain) => plain is "" or "~" or "null" or "Null" or "NULL";

    internal static FrontMatterValue FromYaml(string key, YamlNode node, int line) => node switch
    {
        YamlScalarNode scalar => new FrontMatterValue
        {
            Key = key,
            Line = line,
            Kind = FrontMatterValueKind.Scalar,
            IsEmpty = scalar.Style == ScalarStyle.Plain && IsNull(scalar.Value ?? string.Empty),
            Scalar = scalar.Style == ScalarStyle.Plain && IsNull(scalar.Value ?? string.Empty) ? null : scalar.Value,
        },
        YamlSequenceNode sequence => new FrontMatterValue
        {
            Key = key,
            Line = line,
            Kind = FrontMatterValueKind.List,
            Items = sequence.Children
                .Select(item => (item is YamlScalarNode s ? s.Value ?? string.Empty : null, (int)item.Start.Line + 1))
                .ToList(),
        },
        YamlMappingNode mapping => new FrontMatterValue
        {
            Key = key,
            Line = line,
            Kind = FrontMatterValueKind.Mapping,
            Fields = mapping.Children
                .Where(pair => pair.Key is YamlScalarNode { Value: not null })
                .GroupBy(pair => ((YamlScalarNode)pair.Key).Value!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (g.First().Value as YamlScalarNode)?.Value, StringComparer.OrdinalIgnoreCase),
        },
        _ => new FrontMatterValue { Key = key, Line = line, Kind = FrontMatterValueKind.Scalar, IsEmpty = true },
    };
}
