using System.Text;
using Blog.Publishing;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// Front matter written to hurt: nesting that would overflow any stack in the YAML loader,
/// values by the ten thousand, aliases that multiply or point forward, lists as keys. Each is
/// refused for its real cause, with the line, on a small stack (<see cref="SmallStack"/>);
/// nesting that only looks deep (brackets in strings, comments, block scalars) is accepted.
/// </summary>
public sealed class HostileFrontMatterTests
{
    // The hostile YAML starts on line 4, after the fence, title and date.
    private const int FirstLine = 4;

    private static string WithFrontMatter(string yaml)
    {
        var yamlBytes = Encoding.UTF8.GetByteCount(yaml);
        Assert.True(yamlBytes < FrontMatter.MaxLength - 100, $"The case must fit the front matter limit: {yamlBytes} bytes.");
        return "---\ntitle: Hostile\ndate: 2026-11-28\n" + yaml + "\n---\nText.\n";
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>Maps nested by indentation, <paramref name="levels"/> below the top-level key.</summary>
    private static string IndentedMaps(int levels, int step = 1)
    {
        var yaml = new StringBuilder("a:\n");
        for (var level = 1; level <= levels; level++)
        {
            yaml.Append(' ', level * step).Append(level == levels ? "a: b" : "a:").Append('\n');
        }

        return yaml.ToString().TrimEnd('\n');
    }

    /// <summary>Block sequences nested by indentation, <paramref name="levels"/> below the top-level key.</summary>
    private static string IndentedSequences(int levels)
    {
        var yaml = new StringBuilder("x:\n");
        for (var level = 1; level <= levels; level++)
        {
            yaml.Append(' ', level * 2).Append(level == levels ? "- a" : "-").Append('\n');
        }

        return yaml.ToString().TrimEnd('\n');
    }

    private static string FlowSequences(int levels) => "x: " + Repeat("[", levels) + "a" + Repeat("]", levels);

    private static string FlowMaps(int levels) => "x: " + Repeat("{a: ", levels) + "b" + Repeat("}", levels);

    private static readonly Dictionary<string, (string Yaml, int Line)> Deep = new()
    {
        // 64,000 brackets, never closed: 64 KB, under the front matter limit.
        ["64,000 open brackets"] = ("x: " + Repeat("[", 64_000), FirstLine),
        ["4,500 brackets, closed"] = ("x: " + Repeat("[", 4_500) + Repeat("]", 4_500), FirstLine),
        ["10,000 brackets, closed"] = (FlowSequences(10_000), FirstLine),
        ["4,000 flow maps"] = ("x: " + Repeat("{a: ", 4_000) + "b" + Repeat("}", 4_000), FirstLine),
        ["3,000 lists of maps"] = ("x: " + Repeat("[{a: ", 3_000), FirstLine),
        ["4,000 anchored lists"] = ("x: " + string.Concat(Enumerable.Range(0, 4_000).Select(i => $"&a{i} [")), FirstLine),
        ["4,000 tagged lists"] = ("x: " + Repeat("!!seq [", 4_000), FirstLine),
        ["60,000 brackets under an explicit key"] = ("? a\n: " + Repeat("[", 60_000), FirstLine + 1),
        ["30,000 block lists on one line"] = ("x:\n" + Repeat("- ", 30_000) + "a", FirstLine + 1),
        ["350 maps by indentation"] = (IndentedMaps(350), FirstLine + 33),
        ["33 maps by indentation"] = (IndentedMaps(33), FirstLine + 33),
        ["240 block lists by indentation"] = (IndentedSequences(240), FirstLine + 33),
        ["33 flow lists"] = (FlowSequences(33), FirstLine),
        ["33 flow maps"] = (FlowMaps(33), FirstLine),
    };

    public static TheoryData<string> TooDeep() => [.. Deep.Keys];

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Refuses_nesting_deeper_than_the_limit_without_overflowing_a_small_stack(string name)
    {
        var (yaml, line) = Deep[name];

        var rejection = SmallStack.Refuse(WithFrontMatter(yaml));

        Assert.Equal($"The front matter nests deeper than 32 levels (line {line}). Front matter holds flat keys, lists and short maps; flatten it.", rejection.Message);
        Assert.Equal(line, rejection.Line);
    }

    [Fact]
    public void Refuses_nesting_ten_thousand_deep_for_its_nesting_not_for_aliases()
    {
        var rejection = SmallStack.Refuse(WithFrontMatter(FlowSequences(10_000)));

        Assert.Contains("nests deeper", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alias", rejection.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> DeepestAccepted() =>
    [
        FlowSequences(FrontMatter.MaxDepth),
        FlowMaps(FrontMatter.MaxDepth),
        IndentedMaps(FrontMatter.MaxDepth),
        IndentedMaps(FrontMatter.MaxDepth, step: 4),
        IndentedSequences(FrontMatter.MaxDepth),
        "x:\n" + Repeat("- ", FrontMatter.MaxDepth) + "a",
    ];

    [Theory]
    [MemberData(nameof(DeepestAccepted))]
    public void Accepts_nesting_at_the_limit(string yaml)
    {
        var article = SmallStack.Compile(WithFrontMatter(yaml));

        Assert.Equal("Hostile", article.Title);
    }

    // "nested" takes each case past the small reader to the YAML library and its guard.
    public static TheoryData<string> OnlyLookDeep() =>
    [
        "x: [\"" + Repeat("[", 30_000) + "\", '" + Repeat("{", 20_000) + "', \"]]]\"]\nnested:\n  map: 1",
        "x: ['it''s [[[ {{{', \"\\\"[[[\\\"\", \"\\u005B\"]\nnested:\n  map: 1",
        "x: |\n  " + Repeat("[", 30_000) + "\n  " + Repeat("{a: ", 5_000) + "\nnested:\n  map: 1",
        "x: >-\n  " + Repeat("[ ", 20_000) + "\nnested:\n  map: 1",
        "# " + Repeat("[", 30_000) + "\nx: a # " + Repeat("{", 20_000) + "\nnested:\n  map: 1",
        "x: a" + Repeat("[", 30_000) + "\nnested:\n  map: 1",
        "x: " + Repeat("[\"[[[\", ", FrontMatter.MaxDepth) + "a" + Repeat("]", FrontMatter.MaxDepth),
        "x: " + Repeat("{'{[': ", FrontMatter.MaxDepth) + "b" + Repeat("}", FrontMatter.MaxDepth),
    ];

    [Theory]
    [MemberData(nameof(OnlyLookDeep))]
    public void Accepts_brackets_that_open_nothing(string yaml)
    {
        var article = SmallStack.Compile(WithFrontMatter(yaml));

        Assert.Equal("Hostile", article.Title);
    }

    // The top-level map, title, date, the key x and its list make 7 values (the variant that
    // goes to the YAML reader has 4 more in its nested map).
    [Theory]
    [InlineData(FrontMatter.MaxExpandedNodes - 7, false)]
    [InlineData(FrontMatter.MaxExpandedNodes - 6, true)]
    public void Refuses_more_than_ten_thousand_values_whichever_reader_reads_them(int items, bool refused)
    {
        var flow = WithFrontMatter("x: [" + string.Join(", ", Enumerable.Repeat("a", items)) + "]");
        var block = WithFrontMatter("x:\n" + Repeat("- a\n", items).TrimEnd('\n'));
        var nested = WithFrontMatter("nested:\n  map: 1\nx: [" + string.Join(",", Enumerable.Repeat("a", items - 4)) + "]");

        foreach (var markdown in new[] { flow, block, nested })
        {
            if (!refused)
            {
                Assert.Equal("Hostile", SmallStack.Compile(markdown).Title);
                continue;
            }

            var rejection = SmallStack.Refuse(markdown);
            Assert.StartsWith("The front matter holds more than 10,000 values (line ", rejection.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("alias", rejection.Message, StringComparison.Ordinal);
            Assert.NotNull(rejection.Line);
        }
    }

    [Fact]
    public void Still_refuses_an_alias_bomb_for_its_aliases()
    {
        var bomb = new StringBuilder("a: &a [[x, x], [x, x], [x, x], [x, x], [x, x]]\n");
        for (var level = 'b'; level <= 'k'; level++)
        {
            bomb.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + (char)(level - 1), 10)).Append("]\n");
        }

        var rejection = SmallStack.Refuse(WithFrontMatter(bomb.ToString().TrimEnd('\n')));

        Assert.Contains("through YAML anchors and aliases", rejection.Message, StringComparison.Ordinal);
        Assert.NotNull(rejection.Line);
    }

    [Fact]
    public void Refuses_an_alias_of_its_own_list()
    {
        var rejection = SmallStack.Refuse(WithFrontMatter("x: &a [a, *a]"));

        Assert.Contains("through YAML anchors and aliases", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(FirstLine, rejection.Line);
    }

    [Theory]
    [InlineData("? *b\n: v\nb: &b [c]", "*b")]
    [InlineData("x: *b\nb: &b c", "*b")]
    [InlineData("x: *undefined", "*undefined")]
    [InlineData("x: &k [a]\n--- {? *k : v}", "*k")]
    public void Refuses_an_alias_before_its_anchor(string yaml, string alias)
    {
        var rejection = SmallStack.Refuse(WithFrontMatter(yaml));

        Assert.Contains($"uses the alias {alias} (line ", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("before an anchor", rejection.Message, StringComparison.Ordinal);
        Assert.NotNull(rejection.Line);
    }

    [Fact]
    public void Refuses_a_chain_of_aliases_that_point_forward()
    {
        var chain = string.Concat(Enumerable.Range(0, 2_500).Select(i => $"k{i}: &a{i} [*a{i + 1}]\n")) + "k2500: &a2500 [x]";

        var rejection = SmallStack.Refuse(WithFrontMatter(chain));

        Assert.Contains("uses the alias *a1 (line 4) before an anchor &a1 defines it", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(FirstLine, rejection.Line);
    }

    [Theory]
    [InlineData("? [a, b]\n: v", FirstLine)]
    [InlineData("{a: b}: v", FirstLine)]
    [InlineData("x: {[a]: b}", FirstLine)]
    [InlineData("x: &list [a]\n? *list\n: v", FirstLine + 1)]
    public void Refuses_a_list_or_a_map_as_a_key(string yaml, int line)
    {
        var rejection = SmallStack.Refuse(WithFrontMatter(yaml));

        Assert.Equal($"The front matter uses a list or a map (or an alias, *name, of one) as a key (line {line}). Keys are plain names, such as title or tags.", rejection.Message);
        Assert.Equal(line, rejection.Line);
    }

    [Fact]
    public void Refuses_an_alias_bomb_used_as_a_key_before_hashing_it()
    {
        // Hashing this key would walk 10^10 values.
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            bomb.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + (char)(level - 1), 10)).Append("]\n");
        }

        var rejection = SmallStack.Refuse(WithFrontMatter(bomb.Append("? *j\n: v").ToString()));

        Assert.Contains("as a key", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(FirstLine + 10, rejection.Line);
    }

    [Fact]
    public void Accepts_an_alias_of_a_name_as_a_key()
    {
        var article = SmallStack.Compile(WithFrontMatter("name: &k description\n*k : Said twice.\nnested:\n  map: 1"));

        Assert.Equal("Said twice.", article.Description);
    }

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Refuses_the_same_bytes_the_same_way_every_time(string name)
    {
        var (yaml, line) = Deep[name];
        var markdown = WithFrontMatter(yaml);

        var first = SmallStack.Refuse(markdown);
        var second = Assert.Throws<ContentRejectedException>(() => SmallStack.CompileHere(markdown)).Rejection;

        Assert.Equal(first, second);
        Assert.Equal(line, second.Line);
    }
}
