using System.Diagnostics;
using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Files of up to the size limit whose text would make the Markdown parser repeat work, or whose
/// HTML would explode: each is published or refused, with a reason, well within a bound stated
/// in the test's name (generous: these machines are shared; the work itself takes a fraction).
/// </summary>
[Collection(nameof(Api.RunsAlone))]
public sealed class WorkBoundTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());

    /// <summary>A file just under 2 MiB: front matter, then <paramref name="unit"/> repeated.</summary>
    private static byte[] File(string unit, string? tail = null)
    {
        const string head = "---\ntitle: Hostile\ndate: 2026-11-01\n---\n";
        var body = new StringBuilder(head);
        var room = 2 * 1024 * 1024 - head.Length - (tail?.Length ?? 0) - 16;
        while (body.Length + unit.Length <= room)
        {
            body.Append(unit);
        }

        return Encoding.UTF8.GetBytes(body.Append(tail).ToString());
    }

    private (CompiledArticle? Article, Rejection? Rejection, TimeSpan Time) Compile(byte[] file)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var article = _compiler.Compile("hostile.md", file);
            return (article, null, watch.Elapsed);
        }
        catch (ContentRejectedException ex)
        {
            return (null, ex.Rejection, watch.Elapsed);
        }
    }

    [Theory]
    [InlineData("a <? ", "'<?'")]
    [InlineData("a <!-- ", "'<!'")]
    [InlineData("a <!x ", "'<!'")]
    [InlineData("www.a.b ", "'www.'")]
    [InlineData("see http://a.b ", "'://'")]
    [InlineData("mailto:a@b.c ", "'mailto:'")]
    [InlineData("[a](", "']('")]
    public void A_paragraph_of_2_MiB_full_of_unclosed_constructs_is_refused_with_its_line_within_10_seconds(string unit, string named)
    {
        var (_, rejection, time) = Compile(File(unit));

        Assert.NotNull(rejection);
        Assert.Contains(named, rejection.Message, StringComparison.Ordinal);
        Assert.Contains("paragraphs separated by blank lines", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(5, rejection.Line); // the body starts on line 5
        Assert.True(time < Bound, $"took {time}");
    }

    [Theory]
    [InlineData("a <? \n\n")]
    [InlineData("a <!-- \n\n")]
    [InlineData("www.a.b \n\n")]
    [InlineData("Text with <!-- a comment --> and <?php echo 1 ?> and https://example.com/x in it.\n\n")]
    public void The_same_constructs_in_short_paragraphs_publish_within_10_seconds(string unit)
    {
        var (article, rejection, time) = Compile(File(unit));

        Assert.Null(rejection);
        Assert.NotNull(article);
        Assert.True(time < Bound, $"took {time}");
    }

    [Fact]
    public void Constructs_inside_fenced_code_cost_nothing_and_publish()
    {
        var file = Encoding.UTF8.GetBytes(
            "---\ntitle: Code\ndate: 2026-11-01\n---\n```\n" + string.Concat(Enumerable.Repeat("a <? www.a.b ", 100_000)) + "\n```\n");

        var (article, rejection, _) = Compile(file);

        Assert.Null(rejection);
        Assert.NotNull(article);
    }

    [Theory]
    [InlineData("``` `\n")]
    [InlineData("    ```\n")]
    [InlineData("\t```\n")]
    public void A_line_that_only_looks_like_a_fence_does_not_hide_the_paragraph_after_it(string notAFence)
    {
        var (_, rejection, _) = Compile(HostileFiles.Repeat("a <? ", head: "---\ntitle: Hostile\ndate: 2026-11-01\n---\n" + notAFence));

        Assert.NotNull(rejection);
        Assert.Contains("'<?'", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_identical_headings_publish_with_distinct_ids_within_10_seconds()
    {
        var (article, rejection, time) = Compile(HostileFiles.Repeat("## same\n\n", bytes: 10_000 * 9 + 64));

        Assert.Null(rejection);
        Assert.Contains("id=\"same-9999\"", article!.Html, StringComparison.Ordinal);
        Assert.True(time < Bound, $"took {time}");
    }

    [Theory]
    [InlineData("## same\n\n", 0)]
    [InlineData("same\n====\n\n", 1)]
    [InlineData("same\n---\n\n", 1)]
    public void More_than_10_000_headings_are_refused_with_the_line_of_the_first_too_many_within_10_seconds(string unit, int markerLine)
    {
        var (_, rejection, time) = Compile(File(unit));

        Assert.NotNull(rejection);
        Assert.Contains("more than 10,000 headings", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(5 + (10_000 * unit.Count(c => c == '\n')) + markerLine, rejection.Line); // the # or the underline
        Assert.True(time < Bound, $"took {time}");
    }

    [Theory]
    [InlineData("[a]: /u\n")]
    [InlineData("[a]: /u\n\n")]
    public void More_than_1_000_link_definitions_are_refused_within_10_seconds(string unit)
    {
        var (_, rejection, time) = Compile(File(unit));

        Assert.NotNull(rejection);
        Assert.Contains("more than 1,000 link reference definitions", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(5 + (1_000 * unit.Count(c => c == '\n')), rejection.Line);
        Assert.True(time < Bound, $"took {time}");
    }

    [Theory]
    [InlineData('*')]
    [InlineData('_')]
    public void Emphasis_nested_a_hundred_thousand_deep_is_refused_not_a_stack_overflow(char marker)
    {
        var (_, rejection, _) = Compile(Encoding.UTF8.GetBytes(
            "---\ntitle: Deep\ndate: 2026-11-01\n---\n" + new string(marker, 100_000) + "a" + new string(marker, 100_000) + "\n"));

        Assert.NotNull(rejection);
        Assert.Contains("nests deeper than 256 levels", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(5, rejection.Line);
    }

    [Fact]
    public void Emphasis_nested_as_deep_as_an_article_could_want_publishes()
    {
        var (article, rejection, _) = Compile(Encoding.UTF8.GetBytes(
            "---\ntitle: Deep\ndate: 2026-11-01\n---\n" + new string('*', 40) + "a" + new string('*', 40) + "\n"));

        Assert.Null(rejection);
        Assert.Contains("<strong>", article!.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[^1] ", "\n\n[^1]: The note.\n")]
    [InlineData("- [ ] x\n", null)]
    [InlineData("- [x] \n", null)]
    public void A_file_whose_html_would_explode_is_refused_before_it_fills_memory_within_10_seconds(string unit, string? tail)
    {
        var (_, rejection, time) = Compile(File(unit, tail));

        Assert.NotNull(rejection);
        Assert.Contains("HTML would be more than", rejection.Message, StringComparison.Ordinal);
        Assert.True(time < Bound, $"took {time}");
    }

    [Fact]
    public void The_html_limit_grows_with_the_markdown_between_its_floor_and_ceiling()
    {
        var limit = HtmlLimit.Default;

        Assert.Equal(64 * 1024, limit.For(10));
        Assert.Equal(8 * 1024 * 1024, limit.For(1024 * 1024));
        Assert.Equal(16 * 1024 * 1024, limit.For(int.MaxValue));
    }

    [Fact]
    public void A_short_task_list_or_table_stays_well_under_the_floor()
    {
        var article = _compiler.Compile("short.md", Encoding.UTF8.GetBytes("---\ntitle: T\ndate: 2026-11-01\n---\n- [ ] a\n- [x] b\n\n| a | b |\n|---|---|\n| c | d |\n"));

        Assert.Contains("<table>", article.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_posts_of_the_corpus_stay_far_below_the_inline_work_budget()
    {
        var directory = RepositoryRoot.CorpusDirectory("jekyll-posts");
        Assert.SkipWhen(directory is null, "No corpus beside the repository.");

        var worst = Directory.EnumerateFiles(directory!).Max(file => InlineWork.Estimate(System.IO.File.ReadAllText(file)).Total);

        Assert.True(worst * 100 < InlineWork.Budget, $"the costliest corpus post estimates {worst:N0} steps");
    }
}
