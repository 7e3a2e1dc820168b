using System.Text;
using Blog.Publishing;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// Markdown bodies written to hurt, up to the 2 MiB file limit: whatever Markdig or the
/// renderer throws on them, compiling refuses the file with a message for its author, never
/// another exception; a refusal is the same for the same bytes and leaves the next file alone.
/// </summary>
public sealed class HostileMarkdownTests
{
    private const int MaxFileBytes = 2 * 1024 * 1024;

    private const string Head = "---\ntitle: Hostile\ndate: 2026-11-28\n---\n";

    private const string DepthMessage = "The Markdown nests deeper than Markdig's limit of 128 levels: lists, quotes, links, brackets or emphasis inside each other (a list level counts twice, for the list and its item), or thousands of unmatched * or [ in one paragraph. Flatten it.";

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    /// <summary>A body of <paramref name="unit"/> repeated until the file nearly reaches <paramref name="bytes"/> (ASCII units).</summary>
    private static string Fill(string unit, string tail = "", int bytes = MaxFileBytes) =>
        Repeat(unit, (bytes - Head.Length - tail.Length - 16) / unit.Length) + tail;

    private static string NestedList(int levels) =>
        string.Concat(Enumerable.Range(0, levels).Select(level => new string(' ', level * 2) + "- item\n"));

    private static readonly Dictionary<string, Func<string>> TooDeep = new()
    {
        ["64 nested list levels"] = () => NestedList(64),
        ["100 nested list levels"] = () => NestedList(100),
        ["128 nested quotes"] = () => Repeat("> ", 128) + "a\n",
        ["50,000 nested quotes"] = () => Repeat("> ", 50_000) + "a\n",
        ["quotes up to 2 MiB"] = () => Fill("> ", "a\n"),
        ["128 open brackets"] = () => Repeat("[", 128),
        ["100,000 open brackets"] = () => Repeat("[", 100_000),
        ["brackets up to 2 MiB"] = () => Fill("["),
        ["nested link texts up to 2 MiB"] = () => Fill("[a"),
        ["nested images up to 2 MiB"] = () => Fill("!["),
        ["128 nested strong emphases"] = () => Repeat("**", 128) + "a" + Repeat("**", 128),
        ["5,121 emphasis runs"] = () => Repeat("*a **a ", 5_121),
        ["emphasis runs up to 2 MiB"] = () => Fill("*a **a "),
        ["emphasis runs over lines up to 2 MiB"] = () => Fill("*a **a\n"),
    };

    public static TheoryData<string> Deep() => [.. TooDeep.Keys];

    [Theory]
    [MemberData(nameof(Deep))]
    public void Refuses_markdown_nested_beyond_markdigs_limits(string name)
    {
        var markdown = Head + TooDeep[name]();
        Assert.True(Encoding.UTF8.GetByteCount(markdown) <= MaxFileBytes);

        var rejection = SmallStack.Refuse(markdown);

        Assert.Equal(DepthMessage, rejection.Message);
        Assert.Null(rejection.Line);
    }

    [Fact]
    public void Accepts_markdown_within_markdigs_limits()
    {
        var article = SmallStack.Compile(Head + NestedList(63) + "\n" + Repeat("> ", 100) + "a\n\n" + Repeat("[", 127) + "\n\n" + Repeat("*a **a ", 5_000));

        Assert.Contains("<blockquote>", article.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p <!-->\n")]
    [InlineData("<!--->\n")]
    [InlineData("<!-->\n")]
    [InlineData("a <!---> b\n\n<!-- -->\n")]
    public void Compiles_or_refuses_odd_comments_without_any_other_exception(string body)
    {
        try
        {
            Assert.Equal("Hostile", SmallStack.Compile(Head + body).Title);
        }
        catch (ContentRejectedException ex)
        {
            // A fault of the converter: named, without a stack trace.
            Assert.StartsWith("The file could not be converted to HTML (", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".cs", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(ex.InnerException);
        }
    }

    public static TheoryData<string> Unclosed() =>
    [
        "<!-- ",
        "<? ",
        "<![CDATA[ ",
        "[a](b ",
        "<a ",
        "` `` ",
        "[^1] ",
        "- [ ] a\n",
        "&amp; &#1; ",
        "<div>\n",
        "|a|b|\n|-|-|\n",
    ];

    // These nest nothing: a quarter of the file limit shows as much as the whole, in an eighth of the time.
    [Theory]
    [MemberData(nameof(Unclosed))]
    public void Compiles_or_refuses_unclosed_constructs_repeated_over_256_kib(string unit)
    {
        var markdown = Head + Fill(unit, bytes: 256 * 1024);

        try
        {
            Assert.Equal("Hostile", SmallStack.Compile(markdown).Title);
        }
        catch (ContentRejectedException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void A_refused_file_leaves_the_next_one_on_the_same_thread_alone()
    {
        // Markdig gives up on this one while writing HTML, midway through its renderer.
        var hostile = Head + Repeat("[", 128);
        var fine = Head + "Some *emphasis* and a [link](https://example.com).\n";

        var (refused, next) = SmallStack.Run(() =>
        {
            var rejection = Assert.Throws<ContentRejectedException>(() => SmallStack.CompileHere(hostile)).Rejection;
            return (rejection, SmallStack.CompileHere(fine));
        });

        Assert.Equal(DepthMessage, refused.Message);
        Assert.Contains("<em>emphasis</em>", next.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100 nested list levels")]
    [InlineData("128 open brackets")]
    [InlineData("5,121 emphasis runs")]
    public void Refuses_the_same_bytes_the_same_way_every_time(string name)
    {
        var markdown = Head + TooDeep[name]();

        var first = SmallStack.Refuse(markdown);
        var second = SmallStack.Refuse(markdown);
        var third = Assert.Throws<ContentRejectedException>(() => SmallStack.CompileHere(markdown)).Rejection;

        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void Refuses_or_compiles_thousands_of_nested_emphases()
    {
        var markdown = Head + Repeat("*", 20_000) + "a" + Repeat("*", 20_000) + "\n";

        try
        {
            SmallStack.Compile(markdown);
        }
        catch (ContentRejectedException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }
}
