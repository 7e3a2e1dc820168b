using Blog.Rendering;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// A rendered article closes every element it opens and closes nothing it did not open,
/// across the fragments Markdig writes between its own markup. Where browsers close an
/// element without a closing tag, the HTML says so itself.
/// </summary>
public sealed class HtmlBalancingTests
{
    private readonly MarkdownRenderer _renderer = new(new Uri("https://blog.example.com/"));

    /// <summary>Markdown and the HTML it renders to.</summary>
    public static TheoryData<string, string> Cases() => new()
    {
        // Closing tags without an opener are dropped, in blocks and inline.
        { "</div></div></table>\n\nText", "\n<p>Text</p>\n" },
        { "</li></ul></blockquote></td>", "\n" },
        { "Text </div></span> more", "<p>Text  more</p>\n" },
        // An element opened in one HTML block and closed in a later one keeps the Markdown between.
        { "<div>\n\nA **paragraph**.\n\n- a list\n\n</div>\n\nAfter.", "<div>\n<p>A <strong>paragraph</strong>.</p>\n<ul>\n<li>a list</li>\n</ul>\n</div>\n<p>After.</p>\n" },
        // What is still open at the end is closed, innermost first.
        { "<div><b>x", "<div><b>x\n</b></div>" },
        { "<details><summary>More\n\nText", "<details><summary>More\n<p>Text</p>\n</summary></details>" },
        // Inline HTML left open in a paragraph ends with the paragraph.
        { "Text <b>bold\n\nNext paragraph.", "<p>Text <b>bold</b></p>\n<p>Next paragraph.</p>\n" },
        { "- one <i>two\n- three", "<ul>\n<li>one <i>two</i></li>\n<li>three</li>\n</ul>\n" },
        // A closing tag closes its element and whatever was opened after it; the late closer is then dropped.
        { "<b><i>x</b>y</i>", "<p><b><i>x</i></b>y</p>\n" },
        { "Text </p> more", "<p>Text </p> more\n" },
        // A closing tag does not reach out of a table cell, as in browsers.
        { "<div>\n\n| a | b |\n|---|---|\n| </div> | x |\n\n</div>", "<div>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td></td>\n<td>x</td>\n</tr>\n</tbody>\n</table>\n</div>\n" },
        // Closings browsers make without a tag are written out.
        { "<p>a<div>b</div>c</p>", "<p>a</p><div>b</div>c\n" },
        { "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>\n" },
        { "<dl><dt>t<dd>d<dt>t2</dl>", "<dl><dt>t</dt><dd>d</dd><dt>t2</dt></dl>\n" },
        { "<h1>a<h2>b</h2></h1>", "<h1>a</h1><h2>b</h2>\n" },
        { "<a href=\"/a\">one<a href=\"/b\">two</a></a>", "<p><a href=\"/a\">one</a><a href=\"/b\">two</a></p>\n" },
        { "<ruby>a<rt>b<rp>c</ruby>", "<p><ruby>a<rt>b</rt><rp>c</rp></ruby></p>\n" },
        { "<table><tr><td>x", "<table><tbody><tr><td>x\n</td></tr></tbody></table>" },
        { "<table><tr><td>a<td>b<tr><td>c</table>", "<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>\n" },
        { "<table><col><tr><td>x</table>", "<table><colgroup><col></colgroup><tbody><tr><td>x</td></tr></tbody></table>\n" },
        // Openers a browser would ignore or move, or that would reach past the article, are dropped; their content stays.
        { "<li>loose</li>", "loose\n" },
        { "<td>cell</td> text", "cell text\n" },
        { "<table><div>x</div><tr><td>y</table>", "<table>x<tbody><tr><td>y</td></tr></tbody></table>\n" },
        // An element written self-closed is empty, as its author meant.
        { "<span/>empty", "<p><span></span>empty</p>\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_balanced_html(string markdown, string expected)
    {
        Assert.Equal(expected, _renderer.Render(markdown).Html);
    }

    [Theory]
    [InlineData("<a title=\"x>y", "&lt;a title=\"x>y")]
    [InlineData("<b <i>x</i>", "&lt;b <i>x</i>")]
    [InlineData("a < b <3", "a &lt; b &lt;3")]
    public void Text_that_is_not_a_tag_stays_text(string html, string expected)
    {
        // Markdig and the sanitizer never write such text; if they ever did, it would stay harmless.
        Assert.Equal(expected, HtmlBalancer.Balance(html));
    }

    [Theory]
    [InlineData("<a title=\"")]
    [InlineData("<div><b")]
    [InlineData("<li>")]
    [InlineData("</div>")]
    [InlineData("<span>")]
    [InlineData("<table><td>")]
    public void Balances_2_MiB_of_repeated_tags_within_10_seconds(string unit)
    {
        var html = string.Concat(Enumerable.Repeat(unit, 2 * 1024 * 1024 / unit.Length));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        HtmlBalancer.Balance(html);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Balancing took {stopwatch.Elapsed}.");
    }

    [Fact]
    public void What_one_article_leaves_open_does_not_reach_the_next()
    {
        var first = _renderer.Render("<div><table><tr><td><ul><li><b>").Html;
        var second = _renderer.Render("</b></li></ul></td></tr></table></div>Text").Html;

        Assert.EndsWith("</b></li></ul></td></tr></tbody></table></div>", first, StringComparison.Ordinal);
        Assert.Equal("<p>Text</p>\n", second);
    }

    [Fact]
    public void Elements_one_document_names_are_unknown_to_the_next()
    {
        Assert.Equal("<x-card><x-note>a</x-note></x-card>", HtmlBalancer.Balance("<x-card><x-note>a"));
        Assert.Equal("b<i>c</i>", HtmlBalancer.Balance("</x-note></x-card>b<i>c</i></x-card>"));
    }

    [Fact]
    public void A_document_the_pass_leaves_as_it_was_is_returned_as_is()
    {
        var html = "<p>Text with <em>emphasis</em></p>\n<ul>\n<li>item</li>\n</ul>\n";

        Assert.Same(html, HtmlBalancer.Balance(html));
    }

    [Fact]
    public void Articles_rendered_at_once_on_many_threads_are_balanced_alone()
    {
        string[] documents =
        [
            "<div>\n\nText\n\n</div>",
            "<div><div><div>",
            "</div></div></div>After",
            "- <b>one\n- </b>two",
            "<table><tr><td>a",
        ];
        var expected = documents.Select(document => _renderer.Render(document).Html).ToArray();

        var results = new string[documents.Length * 200];
        Parallel.For(0, results.Length, i => results[i] = _renderer.Render(documents[i % documents.Length]).Html);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % documents.Length], results[i]);
        }
    }
}
