using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Publishing;

public sealed class ArticleCompilerTests
{
    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());

    private CompiledArticle Compile(string markdown, string blobName = "2026/post.md") =>
        _compiler.Compile(blobName, Encoding.UTF8.GetBytes(markdown));

    private Rejection Refuse(string markdown, string blobName = "2026/post.md") =>
        Assert.Throws<ContentRejectedException>(() => Compile(markdown, blobName)).Rejection;

    [Fact]
    public void Reads_every_documented_key()
    {
        var article = Compile("""
            ---
            title: China's AI talent
            slug: China AI Talent Retention
            date: 2026-11-28T09:30:00Z
            updated: 2026-11-28 11:00:00 +0000
            expiryDate: 2027-01-01
            description: Why researchers stay.
            tags: [AI talent, Policy, ai-talent]
            categories: [News, Analysis]
            author: Li Wei
            coverImage: https://example.com/cover.png
            draft: false
            featured: true
            aliases: [old-slug, /2026/11/older-slug.html]
            canonicalUrl: https://example.com/original
            version: 1.0.0
            ---
            Body text.
            """);

        Assert.Equal("china-ai-talent-retention", article.Slug);
        Assert.Equal("China's AI talent", article.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 11, 0, 0, TimeSpan.Zero), article.UpdatedAt);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), article.ExpiresAt);
        Assert.Equal("Why researchers stay.", article.Description);
        Assert.Equal([new("ai-talent", "AI talent"), new("policy", "Policy")], article.Tags);
        Assert.Equal([new("news", "News"), new("analysis", "Analysis")], article.Categories);
        Assert.Equal("Li Wei", article.Author);
        Assert.Equal("https://example.com/cover.png", article.CoverImage);
        Assert.False(article.Draft);
        Assert.True(article.Featured);
        Assert.Equal(["old-slug", "older-slug"], article.Aliases);
        Assert.Equal("https://example.com/original", article.CanonicalUrl);
        Assert.Equal("2026/post.md", article.BlobName);
    }

    [Fact]
    public void Accepts_the_aliases_of_keys_in_any_case()
    {
        var article = Compile("""
            ---
            Title: Aliases
            PublishDate: 2026-11-28
            LastMod: 2026-11-29
            Expires: 2027-11-28
            Summary: A summary.
            Authors: [First Author, Second Author]
            feature_image: /images/cover.png
            published: false
            redirect_from: /old/path/
            canonical_url: https://example.com/a
            category: News
            ---
            Text.
            """);

        Assert.Equal("Aliases", article.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), article.UpdatedAt);
        Assert.NotNull(article.ExpiresAt);
        Assert.Equal("A summary.", article.Description);
        Assert.Equal("First Author", article.Author);
        Assert.Equal("/images/cover.png", article.CoverImage);
        Assert.True(article.Draft);
        Assert.Equal(["path"], article.Aliases);
        Assert.Equal("https://example.com/a", article.CanonicalUrl);
        Assert.Equal([new("news", "News")], article.Categories);
    }

    [Fact]
    public void Takes_slug_and_date_from_a_dated_file_name()
    {
        var article = Compile("---\ntitle: Jekyll style\n---\nText.\n", "_posts/2014-05-06-jekyll-turns-2-0-0.markdown");

        Assert.Equal("jekyll-turns-2-0-0", article.Slug);
        Assert.Equal(new DateTimeOffset(2014, 5, 6, 0, 0, 0, TimeSpan.Zero), article.PublishedAt);
    }

    [Fact]
    public void Merges_category_and_categories_with_the_single_one_first()
    {
        var article = Compile(Post.Markdown(category: "Release", extra: "categories: [team, community, release]"));

        Assert.Equal(["release", "team", "community"], article.Categories.Select(c => c.Slug));
    }

    [Fact]
    public void Reads_comma_separated_tags_and_collapses_duplicates_by_slug()
    {
        var article = Compile(Post.Markdown(extra: "tags: AI, Machine Learning, ai ,  C#"));

        Assert.Equal(["ai", "machine-learning", "c-sharp"], article.Tags.Select(t => t.Slug));
        Assert.Equal("AI", article.Tags[0].Name);
    }

    [Fact]
    public void Uses_the_excerpt_when_there_is_no_description()
    {
        var article = Compile(Post.Markdown(body: "First paragraph.\n\nSecond paragraph."));

        Assert.Null(article.Description);
        Assert.Equal("First paragraph. Second paragraph.", article.Excerpt);
    }

    [Fact]
    public void Ignores_unknown_keys_and_accepts_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Post.Markdown(extra: ["layout: post", "nested: {a: [1, 2]}"]))).ToArray();

        var article = _compiler.Compile("post.md", bytes);

        Assert.Equal("A post", article.Title);
    }

    [Fact]
    public void Content_hash_depends_on_the_bytes_only()
    {
        var first = Compile(Post.Markdown(), "a.md");
        var second = Compile(Post.Markdown(), "b.md");
        var third = Compile(Post.Markdown(title: "Other"), "a.md");

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.NotEqual(first.ContentHash, third.ContentHash);
    }

    [Fact]
    public void Refuses_a_file_without_title_and_says_how_to_add_one()
    {
        var rejection = Refuse("---\ndate: 2026-11-28\n---\nText.\n");

        Assert.Contains("no title", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("title:", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_file_without_front_matter()
    {
        var rejection = Refuse("# Just markdown\n\nText.\n");

        Assert.Contains("no title", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_file_without_date_unless_its_name_has_one()
    {
        var rejection = Refuse("---\ntitle: Undated\n---\nText.\n", "undated.md");

        Assert.Contains("no date", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_bad_date_and_points_at_its_line()
    {
        var rejection = Refuse("---\ntitle: Bad date\nauthor: me\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nText.\n");

        Assert.Equal(4, rejection.Line);
        Assert.Contains("is not a date", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("2023-01-29 18:30:22 2023 -0800", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_invalid_yaml_with_the_line_of_the_problem()
    {
        var rejection = Refuse("---\ntitle: Fine\ndate: 2026-11-28\nauthor: \"unclosed\n  more: x\n---\nText.\n");

        Assert.Contains("not valid YAML", rejection.Message, StringComparison.Ordinal);
        Assert.NotNull(rejection.Line);
        Assert.InRange(rejection.Line!.Value, 4, 6);
    }

    [Theory]
    [InlineData("tags: [unclosed\nauthor: x")]
    [InlineData("a: b: c")]
    [InlineData("{ unclosed")]
    [InlineData("- just\n- a list")]
    [InlineData("? complex\n: key")]
    [InlineData("key: *undefined")]
    public void Refuses_any_malformed_yaml_with_a_clear_message(string yaml)
    {
        var rejection = Refuse("---\n" + yaml + "\n---\nText.\n", "2026-11-28-post.md");

        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
    }

    [Fact]
    public void Refuses_front_matter_that_is_never_closed()
    {
        var rejection = Refuse("---\ntitle: Open\ndate: 2026-11-28\n\nText without a closing fence.\n");

        Assert.Contains("never closed", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(1, rejection.Line);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_utf8()
    {
        var bytes = Encoding.Latin1.GetBytes("---\ntitle: Caf\u00e9\ndate: 2026-11-28\n---\nText.\n");

        var rejection = Assert.Throws<ContentRejectedException>(() => _compiler.Compile("latin1.md", bytes)).Rejection;

        Assert.Contains("not UTF-8", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(2, rejection.Line);
    }

    [Fact]
    public void Refuses_front_matter_over_64_kib()
    {
        var rejection = Refuse(Post.Markdown(extra: "padding: " + new string('x', 70 * 1024)));

        Assert.Contains("64 KiB", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_yaml_alias_bomb()
    {
        var bomb = new StringBuilder("---\ntitle: Bomb\ndate: 2026-11-28\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + previous, 10)).Append("]\n");
        }

        var rejection = Refuse(bomb.Append("---\nText.\n").ToString());

        Assert.Contains("anchors and aliases", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_few_yaml_aliases()
    {
        var article = Compile("---\ntitle: &t Aliased\ndate: 2026-11-28\ndescription: *t\n---\nText.\n");

        Assert.Equal("Aliased", article.Description);
    }

    [Theory]
    [InlineData("title: \"\"", "title is empty")]
    [InlineData("draft: maybe", "should be true or false")]
    [InlineData("coverImage: javascript:alert(1)", "not a usable image address")]
    [InlineData("canonicalUrl: /relative", "not an http(s) URL")]
    [InlineData("tags: [\"a tag name that is far too long to be a tag name, really\"]", "the limit is 50")]
    [InlineData("slug: \"???\"", "no letter or digit")]
    public void Refuses_values_that_break_a_rule(string line, string? expected)
    {
        var markdown = line.StartsWith("title", StringComparison.Ordinal)
            ? "---\n" + line + "\ndate: 2026-11-28\n---\nText.\n"
            : Post.Markdown(extra: line);

        if (expected is null)
        {
            Assert.Null(Compile(markdown).Description);
            return;
        }

        Assert.Contains(expected, Refuse(markdown).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_title_over_300_characters()
    {
        var rejection = Refuse(Post.Markdown(title: new string('t', 301)));

        Assert.Contains("the limit is 300", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("post.md", true)]
    [InlineData("2026/11/post.MARKDOWN", true)]
    [InlineData("image.png", false)]
    [InlineData("notes.md.bak", false)]
    public void Handles_md_and_markdown_files_only(string blobName, bool expected)
    {
        Assert.Equal(expected, ArticleCompiler.IsMarkdown(blobName));
    }
}
