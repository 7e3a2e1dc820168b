using System.Diagnostics;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Heading ids are GitHub's, as Markdig's auto-identifier extension makes them, but found in
/// linear time however many headings repeat.
/// </summary>
public sealed class HeadingIdTests
{
    private static readonly MarkdownPipeline Ours = MarkdownDialect.Build(Extensions.All);

    private static readonly MarkdownPipeline Markdigs = new MarkdownPipelineBuilder()
        .UsePipeTables().UseTaskLists().UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UseAutoLinks().UseFootnotes().UseAutoIdentifiers(AutoIdentifierOptions.GitHub).Build();

    private static List<string?> Ids(string markdown, MarkdownPipeline pipeline) =>
        Markdown.Parse(markdown, pipeline).Descendants<HeadingBlock>().Select(h => h.GetAttributes().Id).ToList();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>
        {
            "# A\n# A\n# A\n## a\n### A-1\n# A\n",
            "# a-1\n# a\n# a\n# a-2\n# a\n",
            "#\n# \n## section\n##\n",
            "Setext\n======\n\nSetext\n------\n\n# Setext\n",
            "# [Link](https://example.com) and `code` and *emphasis* and <b>html</b>\n# Link and code and emphasis and html\n",
            "# Überschrift mit Ümläuten\n# 人工智能的未来\n# Emoji 🚀 rocket\n# C# & C++ / .NET!\n",
            "> # quoted\n\n- # in a list\n\n# quoted\n",
            "# 1. numbered\n# 1\n# -1\n# --\n",
        };
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine("tests", "Blog.Tests", "Rendering", "Golden"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(File.ReadAllText(file));
        }

        if (RepositoryRoot.CorpusDirectory("jekyll-posts") is { } corpus)
        {
            foreach (var file in Directory.EnumerateFiles(corpus).Order(StringComparer.Ordinal))
            {
                data.Add(File.ReadAllText(file));
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
    public void Ids_are_the_ones_markdigs_github_auto_identifiers_give(string markdown)
    {
        RepositoryRoot.SkipWhenMissing(markdown);
        Assert.Equal(Ids(markdown, Markdigs), Ids(markdown, Ours));
    }

    [Fact]
    public void Twenty_thousand_identical_headings_get_distinct_ids_in_linear_time_within_10_seconds()
    {
        var markdown = string.Concat(Enumerable.Repeat("## same\n\nSame\n====\n\n", 10_000));

        var watch = Stopwatch.StartNew();
        var ids = Ids(markdown, Ours);
        watch.Stop();

        Assert.Equal(20_000, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["same", "same-1", "same-2"], ids.Take(3));
        Assert.Equal("same-19999", ids[^1]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
