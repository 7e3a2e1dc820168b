using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Markdown → HTML pairs kept as files under <c>Rendering/Golden</c>. To accept a deliberate
/// change of output, run the tests with <c>BLOG_UPDATE_GOLDEN=1</c> and review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly string SourceDirectory = RepositoryRoot.Combine("tests", "Blog.Tests", "Rendering", "Golden");

    private readonly MarkdownRenderer _renderer = new();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SourceDirectory, "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_markdown_to_the_expected_html(string name)
    {
        var markdown = File.ReadAllText(Path.Combine(SourceDirectory, name + ".md"));
        var expectedPath = Path.Combine(SourceDirectory, name + ".html");

        var html = _renderer.Render(markdown).Html;

        if (Environment.GetEnvironmentVariable("BLOG_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, html);
        }

        Assert.True(File.Exists(expectedPath), $"No expected output for {name}; run with BLOG_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(expectedPath), html);
    }
}
