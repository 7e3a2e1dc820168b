using System.Diagnostics;
using System.Text;
using Blog.Rendering;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Raw HTML is read in time linear in its length: text that looks like the start of a tag
/// but never becomes one is read once, not once for every <c>&lt;</c> it holds. The bounds
/// are generous (a linear reader needs well under a second for any of these inputs) so that
/// they hold on a slow, shared machine, while a reader that restarts at every <c>&lt;</c>
/// needs hours for them.
/// </summary>
public sealed class RawHtmlReadingTests
{
    private const int TwoMiB = 2 * 1024 * 1024;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly MarkdownRenderer _renderer = new(new Uri("https://blog.example.com/"));

    [Fact]
    public void Renders_2_MiB_of_div_x_a_within_10_seconds()
    {
        var markdown = Repeat("<div ", "x=<a ", TwoMiB);

        var (html, elapsed) = Render(markdown);

        Assert.True(elapsed < Bound, $"Rendering took {elapsed}.");
        Assert.StartsWith("&lt;div x=&lt;a x=&lt;a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "<div x=<a ")]
    [InlineData("Text <div ", "x=<a ")]
    [InlineData("<a ", "x=<a ")]
    [InlineData("<div ", "x=\"<a ")]
    [InlineData("<div ", "x='<a ")]
    [InlineData("<div title=\"", "<a x=")]
    [InlineData("<div ", "<a x=\"")]
    [InlineData("<p>", "<a ")]
    [InlineData("<p>", "</a ")]
    [InlineData("<p>", "<!-- ")]
    [InlineData("<p>", "<script x=<a ")]
    [InlineData("- ", "<b x=<a ")]
    [InlineData("> ", "<span x=<a ")]
    public void Renders_or_refuses_2_MiB_of_tag_like_text_within_10_seconds(string head, string unit)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            Render(Repeat(head, unit, TwoMiB));
        }
        catch (Blog.Publishing.ContentRejectedException)
        {
            // A paragraph of unclosed comments is refused before parsing; either way, quickly.
        }

        Assert.True(stopwatch.Elapsed < Bound, $"Rendering took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void Sanitizes_2_MiB_of_div_x_a_within_10_seconds()
    {
        var html = Repeat("<div ", "x=<a ", TwoMiB);
        var stopwatch = Stopwatch.StartNew();

        var safe = new RawHtmlSanitizer().Sanitize(html);

        Assert.True(stopwatch.Elapsed < Bound, $"Sanitizing took {stopwatch.Elapsed}.");
        Assert.DoesNotContain("<", safe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div x=<a x=<a", "&lt;div x=&lt;a x=&lt;a")]
    [InlineData("<a title=\"never closed <b>bold</b>", "&lt;a title=\"never closed &lt;b>bold&lt;/b>")]
    [InlineData("<a href=\"/x\" <b>bold</b>", "&lt;a href=\"/x\" <b>bold</b>")]
    [InlineData("5 <6 and <b>bold</b>", "5 &lt;6 and <b>bold</b>")]
    [InlineData("<a =\"x\">y", "&lt;a =\"x\">y")]
    public void Text_that_only_looks_like_a_tag_is_shown_as_written(string raw, string expected)
    {
        Assert.Equal(expected, new RawHtmlSanitizer().Sanitize(raw));
    }

    private (string Html, TimeSpan Elapsed) Render(string markdown)
    {
        var stopwatch = Stopwatch.StartNew();
        var html = _renderer.Render(markdown).Html;
        return (html, stopwatch.Elapsed);
    }

    private static string Repeat(string head, string unit, int length)
    {
        var text = new StringBuilder(head, length);
        while (text.Length + unit.Length <= length)
        {
            text.Append(unit);
        }

        return text.ToString();
    }
}
