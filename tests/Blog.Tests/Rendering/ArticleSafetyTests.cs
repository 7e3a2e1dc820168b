using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Every document the tests can reach, rendered and read by an HTML5 parser inside a page
/// (<see cref="ArticleInPage"/>): the golden files, the hostile inputs of the renderer tests,
/// the real corpus, breakout attempts in every context, and generated tag soup.
/// </summary>
public sealed class ArticleSafetyTests
{
    private static readonly string GoldenDirectory = RepositoryRoot.Combine("tests", "Blog.Tests", "Rendering", "Golden");

    /// <summary>Where a breakout attempt can stand: <c>{0}</c> is replaced by it.</summary>
    private static readonly string[] Contexts =
    [
        "{0}",
        "Text {0} text.",
        "{0}\n\nA paragraph after.",
        "- item {0}\n- next item",
        "- item\n\n  {0}\n\n- next item",
        "1. one\n   - two {0}\n\n   three",
        "> quoted {0}",
        "> {0}\n>\n> more quote\n\nafter",
        "| a | b |\n|---|---|\n| {0} | x |\n| y | z |",
        "<div>\n\n{0}\n\n</div>",
        "<div>\n{0}\n</div>",
        "<table><tr><td>\n\n{0}\n\n</td></tr></table>",
        "<table>\n<tr>\n<td>{0}</td>\n</tr>\n</table>",
        "# Heading {0}\n\ntext",
        "Claim[^1].\n\n[^1]: Note {0}",
        "<details><summary>More</summary>\n\n{0}\n\n</details>",
        "<ul><li>{0}</li></ul>",
        "<p>{0}</p>",
        "<dl><dt>term<dd>{0}</dl>",
        "Some <b>bold {0} still</b> after.",
        "[link text {0}](/x)",
        "```\n{0}\n```",
        "<blockquote>\n\n- {0}\n\n</blockquote>\n\ntail",
    ];

    private readonly MarkdownRenderer _onSite = new(new Uri("https://" + ArticleInPage.SiteHost + "/"));
    private readonly MarkdownRenderer _anywhere = new();

    public static TheoryData<string> GoldenInputs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(GoldenDirectory, "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public void Golden_file_inputs_are_safe_in_a_page(string name)
    {
        AssertSafe(File.ReadAllText(Path.Combine(GoldenDirectory, name)), name);
    }

    [Theory]
    [MemberData(nameof(MarkdownRendererTests.HostileMarkdown), MemberType = typeof(MarkdownRendererTests))]
    public void Hostile_inputs_of_the_renderer_tests_are_safe_in_a_page(string markdown)
    {
        AssertSafe(markdown, markdown);
    }

    /// <summary>The Markdown the other rendering tests write inline (their own checks look at other things).</summary>
    public static TheoryData<string> OtherTestInputs()
    {
        var data = new TheoryData<string>
        {
            "<details><summary>More</summary>\n\nPress <kbd>Ctrl</kbd>, see note<sup>1</sup>.\n\n</details>",
            "[a](https://other.example/x) [b](https://blog.example.com/y) [c](/z) <https://third.example>",
            "![chart](/img/chart.png)\n\n<img src=\"/img/raw.png\" alt=\"raw\">",
            "```python\nprint('hi')\n```",
            "# Top\n\n## Why This Is Happening Now\n\n### Step *one*\n\n#### Deep\n\n##### Too deep\n\n## Why This Is Happening Now\n",
            "Intro with **bold**.\n\nSecond paragraph.\n\n<!--more-->\n\nThe rest.",
            "See {% link _docs/index.md %} and [home]({{ site.url }}/).",
            "`code` and **bold** [link](/x)",
            "<details>\n<summary>Two words</summary>\nThree more words\n</details>",
            "<div>\n<script>not counted at all</script>\nCounted\n</div>",
            "See https://example.com and www.example.org.",
            "An angle link <https://example.com> here.",
            "[ref]: https://example.com\n\nUse [ref].",
            "Write to mailto:someone@example.com or call tel:+123456.",
            "(see https://example.com/x)",
            "[https://example.com](https://example.com)",
            "ftp://files.example.com/a and HTTPS://EXAMPLE.COM",
            "~~gone~~ and ~one~",
            "- [ ] todo\n- [x] done\n- [X] also",
            "Claim[^1] and [^2].\n\n[^1]: A note.",
            "a | b\n--|--\n1 | 2",
            "> | quoted | table |\n> |---|---|\n> | 1 | 2 |",
        };
        foreach (var row in HtmlBalancingTests.Cases())
        {
            data.Add(row.Data.Item1);
        }

        return data;
    }

    /// <summary>
    /// Documents without raw HTML: what Markdig writes by itself is not balanced again (it closes
    /// what it opens), so these hold it to that, with the constructs that nest its own tags most.
    /// </summary>
    public static TheoryData<string> MarkdigOnly() => new()
    {
        "[a <https://x.example/> b](https://y.example/)",
        "[see www.x.example and https://z.example/](https://y.example/)",
        "[outer [inner](https://x.example/) text](https://y.example/)",
        "[![img](https://x.example/i.png) and [b](/b)](https://y.example/)",
        "> - [ ] task with [link](/l)\n>   > quote in item\n>\n> | a | b |\n> |---|---|\n> | *c* | `d` |\n",
        "Note[^1] and ~~gone [link](/x)~~.\n\n[^1]: A [note](https://x.example/) with **bold\n\n    code in note\n",
        "1. one\n   - two\n     1. three\n        > four\n        > ```\n        > code\n        > ```\n",
        "# *Heading [link](/h)*\n\nSetext **too**\n---\n",
        new string('[', 50) + "a" + new string(']', 50) + "(/x)",
        string.Concat(Enumerable.Repeat("*a _b ", 40)) + string.Concat(Enumerable.Repeat("c_ d*", 40)),
    };

    [Theory]
    [MemberData(nameof(MarkdigOnly))]
    public void What_Markdig_writes_without_raw_html_is_contained_as_it_is(string markdown)
    {
        AssertSafe(markdown, markdown);
    }

    [Theory]
    [MemberData(nameof(OtherTestInputs))]
    public void Inputs_of_the_other_rendering_tests_are_safe_in_a_page(string markdown)
    {
        AssertSafe(markdown, markdown);
    }

    [Fact]
    public void Corpus_posts_are_safe_in_a_page()
    {
        var directory = RepositoryRoot.CorpusDirectory("jekyll-posts");
        if (directory is null)
        {
            Assert.Skip("The shared corpus (../shared/corpus/jekyll-posts) is not beside the repository.");
        }

        var posts = Directory.EnumerateFiles(directory).Where(ArticleCompiler.IsMarkdown).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(posts);
        foreach (var path in posts)
        {
            AssertSafe(FrontMatter.Parse(File.ReadAllBytes(path)).Body, Path.GetFileName(path));
        }
    }

    public static TheoryData<string> Breakouts() => new()
    {
        // Stray closers, alone and in runs.
        "</div>",
        "</div></div></table><a href=\"https://evil.example/login\">Sign in again</a>",
        "</div></div></div></div></div></div><p>outside?</p>",
        "</li></ul></ol>",
        "</td></tr></tbody></table>",
        "</blockquote></blockquote>",
        "</p></p>",
        "</section></article></main></body></html>",
        "</details></summary>",
        "</li><li>injected</li>",
        "</h1><h1>Fake title</h1>",
        "</a></b></i></em></strong></span>",
        "</dd></dt></dl>",
        "</caption></colgroup></col>",
        "</br></hr></img>",
        // Openers that a browser closes by itself, or moves, or that reach out of their place.
        "<li>loose item</li>",
        "<li>unclosed item",
        "<dd>loose definition",
        "<dt>loose term",
        "<td>loose cell</td>",
        "<tr><td>loose row</td></tr>",
        "<caption>loose caption",
        "<col><colgroup><col>",
        "<p><div>block in paragraph</div></p>",
        "<h1><h2>heading in heading</h1></h2>",
        "<a href=\"/a\">one<a href=\"/b\">two</a>",
        "<table><div>moved</div><tr><td>cell</table>",
        "<table><col><tr><td>x</td></tr><colgroup><col>text</table>",
        "<table><colgroup><col>text<col></colgroup><tr><td>x</table>",
        "<table><table><tr><td>nested",
        "<table><tr><td>cell<tr>row<td>cell</table>",
        "<ul><li>a<li>b<div><li>c</div></ul>",
        "<ruby>base<rt>text<rp>(</rp>more</ruby>",
        "<pre>pre<div>block</div>",
        "<span/>empty<div/>after",
        // Unclosed openers at the end.
        "<div>",
        "<div><div><div>",
        "<table><tr><td>",
        "<ul><li>",
        "<b>",
        "<a href=\"/x\">",
        "<details><summary>open",
        "<blockquote><p>",
        "<b><i><u><s><strike><tt>",
        // Mismatched nesting.
        "<b><i></b></i>",
        "<b><div>x</b>y</div>",
        "<span><div>x</span>y</div>",
        "<a href=\"/x\"><div>x</a>y</div>",
        "<em><p>x</em>y</p>",
        "<code><table><tr><td>x</code></td></tr></table>",
    };

    [Theory]
    [MemberData(nameof(Breakouts))]
    public void Breakout_attempts_stay_inside_the_article_in_every_context(string payload)
    {
        foreach (var context in Contexts)
        {
            var markdown = string.Format(System.Globalization.CultureInfo.InvariantCulture, context, payload);
            AssertSafe(markdown, $"{payload} in «{context}»");
        }
    }

    [Fact]
    public void The_reported_breakout_is_left_with_only_its_link()
    {
        var html = _onSite.Render("</div></div></table><a href=\"https://evil.example/login\">Sign in again</a>").Html;

        Assert.Equal("<a href=\"https://evil.example/login\" rel=\"noopener noreferrer\">Sign in again</a>\n", html);
    }

    [Theory]
    [MemberData(nameof(UrlPolicyTests.DisguisedHosts), MemberType = typeof(UrlPolicyTests))]
    public void Disguised_hosts_lead_nowhere_from_links_images_autolinks_references_or_raw_html(string url)
    {
        // Character references keep Markdown's backslash escapes and line structure out of the way.
        var written = string.Concat(url.Select(c => c is '\\' or '\t' or '\n' or '\r' or ' ' or '"' ? $"&#{(int)c};" : c.ToString()));
        var autolink = url.Any(c => c <= ' ') ? string.Empty : $" <{url}>";
        var markdown =
            $"[link]({written}) ![image]({written}) [reference][r]{autolink}\n\n" +
            $"<a href=\"{written}\">raw</a> <img src=\"{written}\" alt=\"raw\"> <q cite=\"{written}\">q</q>\n\n" +
            $"<div><a href=\"{written}\">block</a></div>\n\n" +
            $"[r]: {written}\n";

        foreach (var renderer in new[] { _onSite, _anywhere })
        {
            var html = renderer.Render(markdown).Html;

            ArticleInPage.AssertSafe(html, url);
            Assert.DoesNotContain(ArticleInPage.Hosts(html), host => host != ArticleInPage.SiteHost);
        }
    }

    [Fact]
    public void A_host_written_plainly_is_an_external_link_in_every_construct()
    {
        var html = _onSite.Render(
            "[link](//evil.example/x) [reference][r] <https://evil.example/y>\n\n<a href=\"//evil.example/z\">raw</a>\n\n[r]: //evil.example/w").Html;

        ArticleInPage.AssertSafe(html, "plain hosts");
        Assert.Equal(4, ArticleInPage.Hosts(html).Count(host => host == "evil.example"));
    }

    [Fact]
    public void Generated_tag_soup_stays_inside_the_article()
    {
        // Fixed seed: the same 3,000 documents on every run.
        var random = new Random(20261128);
        string[] pieces =
        [
            "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<a href=\"/x\">", "<a href=\"https://other.example/\">", "</a>",
            "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<dl>", "<dt>", "<dd>", "</dl>", "<table>", "</table>", "<tr>", "</tr>",
            "<td>", "</td>", "<th>", "<thead>", "<tbody>", "</tbody>", "<caption>", "<colgroup>", "<col>", "<blockquote>", "</blockquote>",
            "<details>", "<summary>", "</summary>", "</details>", "<h2>", "</h2>", "<h3>", "<pre>", "</pre>", "<code>", "</code>",
            "<span>", "</span>", "<span/>", "<ruby>", "<rt>", "<rp>", "</ruby>", "<br>", "<hr>", "<img src=\"/i.png\">", "<sup>", "</sup>",
            "<center>", "</center>", "<figure>", "<figcaption>", "</figure>", "<em>", "</em>", "<strong>", "</strong>",
            "text", " ", "\n", "\n\n", "- ", "> ", "# ", "| a | b |\n|---|---|\n| ", " | ", "**", "*", "`", "[", "](/y)", "1. ",
            "    ", "```\n", "<!-- c -->", "<script>x</script>", "<svg>", "</svg>", "<style>", "&amp;", "<",
        ];

        AssertGeneratedDocumentsStayInside(random, pieces, maxPieces: 40);
    }

    [Fact]
    public void Generated_markdown_without_html_stays_inside_the_article()
    {
        // Fixed seed: the same 3,000 documents on every run. Only Markdown's own syntax, which is
        // not balanced by itself either: Markdig writes an autolink inside a link's text as a
        // link inside a link, which browsers split.
        var random = new Random(1128);
        string[] pieces =
        [
            "text", "word ", " ", "\n", "\n\n", "- ", "* ", "+ ", "1. ", "> ", ">> ", "# ", "## ", "### ", "  ", "    ", "\t",
            "**", "*", "_", "__", "~~", "~", "`", "``", "```\n", "~~~\n", "[", "]", "](/y)", "](https://other.example/z)", "![", "[^1]",
            "\n[^1]: note ", "[ ] ", "[x] ", "| a | b |\n|---|---|\n| ", " | ", "|", "---\n", "***\n", "===\n", "\\",
            "https://other.example/a ", "www.example.org ", "<https://other.example/b>", "<mail@example.com>", "&amp;", "&lt;div&gt;",
            "[r]", "\n[r]: /ref\n", "(", ")", "\"", "'", ":", "!", "  \n",
        ];

        AssertGeneratedDocumentsStayInside(random, pieces, maxPieces: 50);
    }

    /// <summary>Renders 3,000 documents of random <paramref name="pieces"/> and reports the first five that leave the article.</summary>
    private void AssertGeneratedDocumentsStayInside(Random random, string[] pieces, int maxPieces)
    {
        var failures = new List<string>();
        for (var document = 0; document < 3000 && failures.Count < 5; document++)
        {
            var markdown = new System.Text.StringBuilder();
            var length = random.Next(1, maxPieces);
            for (var i = 0; i < length; i++)
            {
                markdown.Append(pieces[random.Next(pieces.Length)]);
            }

            var html = _onSite.Render(markdown.ToString()).Html;
            var problems = ArticleInPage.Problems(html);
            if (problems.Count > 0)
            {
                failures.Add($"{markdown}\n=> {html}\n  {string.Join("\n  ", problems.Distinct())}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private void AssertSafe(string markdown, string source)
    {
        ArticleInPage.AssertSafe(_onSite.Render(markdown).Html, source);
        ArticleInPage.AssertSafe(_anywhere.Render(markdown).Html, source + " (no site address)");
    }
}
