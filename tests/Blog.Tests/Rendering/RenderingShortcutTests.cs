using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// The shortcuts that keep publishing fast must not change what it produces: the small front
/// matter reader reads like YAML, and leaving out extensions whose syntax a document lacks
/// changes no HTML. Checked on the golden files, the real corpus and tricky cases.
/// </summary>
public sealed class RenderingShortcutTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("tests", "Blog.Tests", "Rendering", "Golden"), "*.md"))
        {
            data.Add(file);
        }

        if (RepositoryRoot.CorpusDirectory("jekyll-posts") is { } corpus)
        {
            foreach (var file in Directory.EnumerateFiles(corpus).Where(ArticleCompiler.IsMarkdown))
            {
                data.Add(file);
            }
        }
        else
        {
            data.Add(RepositoryRoot.MissingCorpus);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Leaving_out_extensions_whose_syntax_is_absent_changes_no_html(string path)
    {
        RepositoryRoot.SkipWhenMissing(path);
        AssertSameHtml(FrontMatter.Parse(File.ReadAllBytes(path)).Body);
    }

    [Theory]
    [InlineData("See https://example.com and www.example.org.")]
    [InlineData("Only a [link](https://example.com/a?b=c) here.")]
    [InlineData("An angle link <https://example.com> here.")]
    [InlineData("[ref]: https://example.com\n\nUse [ref].")]
    [InlineData("Write to mailto:someone@example.com or call tel:+123456.")]
    [InlineData("(see https://example.com/x)")]
    [InlineData("[https://example.com](https://example.com)")]
    [InlineData("ftp://files.example.com/a and HTTPS://EXAMPLE.COM")]
    [InlineData("~~gone~~ and ~one~")]
    [InlineData("- [ ] todo\n- [x] done\n- [X] also")]
    [InlineData("Claim[^1] and [^2].\n\n[^1]: A note.")]
    [InlineData("a | b\n--|--\n1 | 2")]
    [InlineData("text with | a pipe\n\n- list | item")]
    [InlineData("> | quoted | table |\n> |---|---|\n> | 1 | 2 |")]
    public void Leaving_out_extensions_changes_no_html_on_tricky_input(string markdown)
    {
        AssertSameHtml(markdown);
    }

    private static void AssertSameHtml(string markdown)
    {
        var fast = new MarkdownRenderer().Render(markdown).Html;
        var full = new MarkdownRenderer(null, allExtensions: true).Render(markdown).Html;

        Assert.Equal(full, fast);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_small_front_matter_reader_reads_like_the_yaml_parser(string path)
    {
        RepositoryRoot.SkipWhenMissing(path);
        var bytes = File.ReadAllBytes(path);

        AssertSameReading(bytes);
    }

    [Theory]
    [InlineData("title: Plain\ndate: 2026-11-28 10:00:00 +0200")]
    [InlineData("title: \"Quoted: with colon\"\ntags: [a, \"b, c\", 'd''s']")]
    [InlineData("title: 'single'  # comment\ndescription: text # trailing comment\n# a comment line\n\nempty:\nnull: ~")]
    [InlineData("tags:\n  - one\n  - \"two\"\n  -   three   \ncategories:\n- x\n- y")]
    [InlineData("title: C# and F#\nslug: c-sharp")]
    [InlineData("Title: case\nTITLE: other")]
    [InlineData("title: x\r\ndate: 2026-11-28\r\n")]
    [InlineData("title: \"escaped \\\"quote\\\" and \\\\ slash\"")]
    [InlineData("title: It's fine\nauthor: O'Brien")]
    [InlineData("tags: []\ncategories: [ ]")]
    [InlineData("title: x\nimage:\n  path: /a.png\n  alt: A")]
    [InlineData("title: |\n  block\n  scalar")]
    [InlineData("title: >\n  folded")]
    [InlineData("title: multi\n  line plain")]
    [InlineData("title: &anchor x\nother: *anchor")]
    [InlineData("title: \"unicode \\u00e9\"")]
    [InlineData("title: x\ntags: [a, [nested]]")]
    [InlineData("title: x\ntags: {a: 1}")]
    [InlineData("title: -5\nweight: 3")]
    [InlineData("title: x\nlist:\n  - a: 1\n  - b")]
    [InlineData("title: a: b")]
    [InlineData("title: x\n  indented: y")]
    [InlineData("title: x\ntags: [a, b,]")]
    [InlineData("? complex\n: key")]
    [InlineData("title: x\ntitle: y")]
    [InlineData("title:\ttab")]
    [InlineData("title: x\ndate: 2026-11-28\n%odd")]
    [InlineData("title: !!str tagged")]
    [InlineData("url: http://example.com/a#b\nother: a #b")]
    public void The_small_front_matter_reader_reads_tricky_cases_like_the_yaml_parser(string yaml)
    {
        AssertSameReading(Encoding.UTF8.GetBytes("---\n" + yaml + "\n---\nBody.\n"));
    }

    private static void AssertSameReading(byte[] bytes)
    {
        var fast = Read(bytes, fullYaml: false);
        var full = Read(bytes, fullYaml: true);

        Assert.Equal(full, fast);
    }

    private static string Read(byte[] bytes, bool fullYaml)
    {
        try
        {
            var frontMatter = FrontMatter.Parse(bytes, fullYaml);
            return string.Join('\n', frontMatter.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(Describe))
                + "\n--- body\n" + frontMatter.Body;
        }
        catch (ContentRejectedException ex)
        {
            return "refused: " + ex.Message;
        }
    }

    private static string Describe(FrontMatterValue value) =>
        $"{value.Key}@{value.Line} {value.Kind} empty={value.IsEmpty} scalar=[{value.Scalar}] " +
        $"items=[{string.Join("|", value.Items.Select(i => $"{i.Value}@{i.Line}"))}] " +
        $"fields=[{string.Join("|", value.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))}]";
}
