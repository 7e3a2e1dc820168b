using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// The shortcuts that keep publishing fast must not change what it produces: the small front
/// matter reader reads like YAML, and skipping the table extension where no table can be
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

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Skipping_the_table_extension_where_no_table_can_be_changes_no_html(string path)
    {
        var markdown = FrontMatter.Parse(File.ReadAllBytes(path)).Body;

        var fast = new MarkdownRenderer().Render(markdown).Html;
        var full = new MarkdownRenderer(null, alwaysWithTables: true).Render(markdown).Html;

        Assert.Equal(full, fast);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_small_front_matter_reader_reads_like_the_yaml_parser(string path)
    {
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
