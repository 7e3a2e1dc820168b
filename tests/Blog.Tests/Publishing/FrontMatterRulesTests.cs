using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// The front matter table of the README: the aliases not covered elsewhere, and each limit
/// held on both sides (the largest allowed value passes, one more is refused with the limit named).
/// </summary>
public sealed class FrontMatterRulesTests
{
    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());

    private CompiledArticle Compile(string markdown) => _compiler.Compile("2026/post.md", Encoding.UTF8.GetBytes(markdown));

    private string Refusal(string markdown) =>
        Assert.Throws<ContentRejectedException>(() => Compile(markdown)).Rejection.Message;

    [Fact]
    public void Published_at_and_updated_at_are_read_as_date_and_updated()
    {
        var article = Compile("---\ntitle: Ghost export\npublished_at: 2026-03-04T05:06:07Z\nupdated_at: 2026-03-05 10:00:00 +0200\n---\nText.\n");

        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 8, 0, 0, TimeSpan.Zero), article.UpdatedAt);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("cover_image")]
    [InlineData("Cover_Image")]
    public void Image_and_cover_image_are_read_as_cover_image(string key)
    {
        var article = Compile(Post.Markdown(extra: $"{key}: https://cdn.example.com/cover.png"));

        Assert.Equal("https://cdn.example.com/cover.png", article.CoverImage);
    }

    [Fact]
    public void Without_a_date_or_an_alias_of_it_the_file_is_refused()
    {
        Assert.Contains("date", Refusal("---\ntitle: No date\npublish_at: 2026-03-04\n---\nText.\n"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_title_of_300_characters_passes()
    {
        Assert.Equal(300, Compile(Post.Markdown(title: new string('t', 300))).Title.Length);
    }

    [Fact]
    public void A_description_of_500_characters_passes_and_501_are_refused()
    {
        Assert.Equal(500, Compile(Post.Markdown(extra: "description: " + new string('d', 500))).Description!.Length);
        Assert.Contains("the limit is 500", Refusal(Post.Markdown(extra: "summary: " + new string('d', 501))), StringComparison.Ordinal);
    }

    [Fact]
    public void Thirty_tags_pass_and_thirty_one_are_refused()
    {
        Assert.Equal(30, Compile(Post.Markdown(tags: Enumerable.Range(1, 30).Select(i => $"tag{i}"))).Tags.Count);
        Assert.Contains("the limit is 30", Refusal(Post.Markdown(tags: Enumerable.Range(1, 31).Select(i => $"tag{i}"))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_of_50_characters_passes()
    {
        Assert.Equal(50, Compile(Post.Markdown(tags: [new string('a', 50)])).Tags[0].Name.Length);
    }

    [Fact]
    public void Ten_categories_pass_and_eleven_are_refused()
    {
        static string Categories(int count) => Post.Markdown(extra: "categories: [" + string.Join(", ", Enumerable.Range(1, count).Select(i => $"cat{i}")) + "]");

        Assert.Equal(10, Compile(Categories(10)).Categories.Count);
        Assert.Contains("the limit is 10", Refusal(Categories(11)), StringComparison.Ordinal);
    }
}
