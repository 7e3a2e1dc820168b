using Blog.Rendering;
using Xunit;

namespace Blog.Tests.Rendering;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new(new Uri("https://blog.example.com/"));

    public static TheoryData<string> HostileMarkdown() => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "text <script>alert(1)</script> text",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" ONERROR=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"  JAVASCRIPT:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](JAVASCRIPT:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "<javascript:alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"x\"></object>",
        "<embed src=\"x\">",
        "<form><input name=a></form>",
        "<style>@import 'x';</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<svg onload=alert(1)>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<details open ontoggle=alert(1)>x</details>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr<script>ipt>alert(1)</script>",
        "<img src=\"x\" alt=\"\" onerror=\"alert(1)\"/>",
        "<a href='javascript:alert(1)'>single</a>",
        "<a href=javascript:alert(1)>unquoted</a>",
        "<div>\n<script>\nalert(1)\n</script>\n</div>",
        "<!-- <script>alert(1)</script> -->",
        "<p title=\"\"><script>alert(1)</script>\"></p>",
        "<a title=\"x\" href=\"\u0001javascript:alert(1)\">ctl</a>",
    };

    [Theory]
    [MemberData(nameof(HostileMarkdown))]
    public void No_script_can_run_from_an_article(string markdown)
    {
        var html = _renderer.Render(markdown).Html;

        // Read as a browser reads it (entities decoded, control characters in URLs dropped),
        // in every page the article may be inlined in.
        ArticleInPage.AssertSafe(html, markdown);
    }

    /// <summary>The check above sees through encodings: each of these, echoed back unchanged, fails it.</summary>
    [Theory]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"&#x6A;avascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"  JAVASCRIPT:alert(1)\">x</a>")]
    [InlineData("<a title=\"x\" href=\"\u0001javascript:alert(1)\">ctl</a>")]
    [InlineData("<a href=javascript:alert(1)>unquoted</a>")]
    [InlineData("<img src=\"x\" ONERROR=\"alert(1)\">")]
    [InlineData("<scr<script>ipt>alert(1)</script>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [InlineData("<details open ontoggle=alert(1)>x</details>")]
    public void The_safety_check_refuses_hostile_html_echoed_unchanged(string hostile)
    {
        Assert.NotEmpty(ArticleInPage.Problems(hostile));
    }

    [Fact]
    public void Harmless_raw_html_survives()
    {
        var html = _renderer.Render("<details><summary>More</summary>\n\nPress <kbd>Ctrl</kbd>, see note<sup>1</sup>.\n\n</details>").Html;

        Assert.Contains("<details>", html, StringComparison.Ordinal);
        Assert.Contains("<summary>More</summary>", html, StringComparison.Ordinal);
        Assert.Contains("<kbd>Ctrl</kbd>", html, StringComparison.Ordinal);
        Assert.Contains("<sup>1</sup>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_to_other_hosts_get_noopener_and_links_to_the_site_do_not()
    {
        var html = _renderer.Render("[a](https://other.example/x) [b](https://blog.example.com/y) [c](/z) <https://third.example>").Html;

        Assert.Contains("<a href=\"https://other.example/x\" rel=\"noopener noreferrer\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://blog.example.com/y\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/z\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://third.example\" rel=\"noopener noreferrer\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_load_lazily()
    {
        var html = _renderer.Render("![chart](/img/chart.png)\n\n<img src=\"/img/raw.png\" alt=\"raw\">").Html;

        Assert.Contains("<img src=\"/img/chart.png\" loading=\"lazy\" alt=\"chart\" />", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/img/raw.png\" alt=\"raw\" loading=\"lazy\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fenced_code_keeps_its_language_as_a_class()
    {
        var html = _renderer.Render("```python\nprint('hi')\n```").Html;

        Assert.Contains("<code class=\"language-python\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_of_contents_lists_h2_to_h4_with_the_ids_of_the_html()
    {
        var rendered = _renderer.Render("# Top\n\n## Why This Is Happening Now\n\n### Step *one*\n\n#### Deep\n\n##### Too deep\n\n## Why This Is Happening Now\n");

        Assert.Equal(
            [
                new TocEntry(2, "why-this-is-happening-now", "Why This Is Happening Now"),
                new TocEntry(3, "step-one", "Step one"),
                new TocEntry(4, "deep", "Deep"),
                new TocEntry(2, "why-this-is-happening-now-1", "Why This Is Happening Now"),
            ],
            rendered.Toc);
        foreach (var entry in rendered.Toc)
        {
            Assert.Contains($"id=\"{entry.Id}\"", rendered.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Heading_ids_are_stable_across_renders()
    {
        const string markdown = "## Same heading\n\ntext\n\n## Same heading\n";

        Assert.Equal(_renderer.Render(markdown).Html, new MarkdownRenderer().Render(markdown).Html);
    }

    [Theory]
    [InlineData("One two three.", 3, 1)]
    [InlineData("It's a well-known fact — really.", 5, 1)]
    [InlineData("中国的人工智能", 7, 1)]
    [InlineData("AI 人才 stay 在中国", 7, 1)]
    [InlineData("日本語のテキスト、한국어 문장", 13, 1)]
    [InlineData("`code` and **bold** [link](/x)", 4, 1)]
    [InlineData("<details>\n<summary>Two words</summary>\nThree more words\n</details>", 5, 1)]
    [InlineData("<div>\n<script>not counted at all</script>\nCounted\n</div>", 1, 1)]
    public void Counts_latin_words_and_each_cjk_character(string markdown, int words, int minutes)
    {
        var rendered = _renderer.Render(markdown);

        Assert.Equal(words, rendered.WordCount);
        Assert.Equal(minutes, rendered.ReadingTimeMinutes);
    }

    [Fact]
    public void Reading_time_adds_latin_and_cjk_reading_speeds()
    {
        var latin = string.Join(' ', Enumerable.Repeat("word", 461));
        var cjk = new string('字', 500);

        Assert.Equal(3, _renderer.Render(latin).ReadingTimeMinutes);      // 461/230 = 2.004 → 3
        Assert.Equal(1, _renderer.Render(cjk).ReadingTimeMinutes);        // 500/500 = 1
        Assert.Equal(3, _renderer.Render(latin[..^5] + "\n\n" + cjk).ReadingTimeMinutes); // 460/230 + 500/500 = 3
    }

    [Fact]
    public void Excerpt_is_the_text_before_the_more_marker()
    {
        var rendered = _renderer.Render("Intro with **bold**.\n\nSecond paragraph.\n\n<!--more-->\n\nThe rest.");

        Assert.Equal("Intro with bold. Second paragraph.", rendered.Excerpt);
        Assert.DoesNotContain("more", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_is_the_first_paragraphs_cut_at_a_word_with_an_ellipsis()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 30));
        var rendered = _renderer.Render("## Heading\n\n" + paragraph + "\n\nMore text.");

        Assert.True(rendered.Excerpt.Length <= 280);
        Assert.EndsWith("…", rendered.Excerpt, StringComparison.Ordinal);
        Assert.StartsWith("lorem ipsum", rendered.Excerpt, StringComparison.Ordinal);
        var words = rendered.Excerpt.TrimEnd('…').Split(' ');
        Assert.All(words, word => Assert.Matches("^(lorem|ipsum|dolor)$", word));
    }

    [Fact]
    public void Excerpt_of_cjk_text_is_cut_between_characters()
    {
        var rendered = _renderer.Render(new string('字', 400));

        Assert.Equal(280, rendered.Excerpt.Length);
        Assert.EndsWith("字…", rendered.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Liquid_tags_come_out_as_harmless_text()
    {
        var html = _renderer.Render("See {% link _docs/index.md %} and [home]({{ site.url }}/).").Html;

        Assert.Contains("{% link _docs/index.md %}", html, StringComparison.Ordinal);
        ArticleInPage.AssertSafe(html, "liquid tags");
    }
}
