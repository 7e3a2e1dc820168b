using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

public sealed class TaxonomyApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await _blog.PublishAsync("a.md", Post.Markdown(title: "A", slug: "a", tags: ["AI talent", "Policy"], category: "News"));
        await _blog.PublishAsync("b.md", Post.Markdown(title: "B", slug: "b", tags: ["ai-talent", "Chips"], category: "News"));
        await _blog.PublishAsync("c.md", Post.Markdown(title: "C", slug: "c", tags: ["Apple"], category: "Analysis"));
        await _blog.PublishAsync("d.md", Post.Markdown(title: "D", slug: "d", tags: ["Hidden"], draft: true));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task Tags_come_most_used_first_then_by_name_with_the_first_spelling()
    {
        var answer = await _api.GetAsync("/api/tags");

        Assert.Equal(200, answer.Status);
        var items = answer.Json.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("slug").GetString(), i.GetProperty("name").GetString(), i.GetProperty("count").GetInt32()))
            .ToList();
        Assert.Equal([("ai-talent", "AI talent", 2), ("apple", "Apple", 1), ("chips", "Chips", 1), ("policy", "Policy", 1)], items);
    }

    [Fact]
    public async Task The_first_spelling_published_names_the_tag_everywhere_while_it_has_articles()
    {
        // content.md: "The display name is the first spelling seen." b.md spelled it "ai-talent",
        // and a.md, published first, changes its own spelling later: neither renames the tag.
        await _blog.PublishAsync("a.md", Post.Markdown(title: "A2", slug: "a", tags: ["AI Talent"], category: "News"));

        var tag = await _api.GetAsync("/api/tags/ai-talent");
        var list = await _api.GetAsync("/api/articles?tag=ai-talent");
        var article = await _api.GetAsync("/api/articles/b");

        Assert.Equal("AI talent", tag.Json.GetProperty("name").GetString());
        Assert.Equal(
            ["a:AI talent", "b:AI talent"],
            list.Json.GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("slug").GetString() + ":" + i.GetProperty("tags").EnumerateArray()
                    .Single(t => t.GetProperty("slug").GetString() == "ai-talent").GetProperty("name").GetString())
                .Order(StringComparer.Ordinal));
        Assert.Equal(
            "AI talent",
            article.Json.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "ai-talent").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_tag_left_with_no_article_takes_the_next_spelling_published()
    {
        await _blog.PublishAsync("c.md", Post.Markdown(title: "C", slug: "c", tags: ["Fruit"], category: "Analysis"));
        await _blog.PublishAsync("e.md", Post.Markdown(title: "E", slug: "e", tags: ["APPLE"], category: "Analysis"));

        var tag = await _api.GetAsync("/api/tags/apple");

        Assert.Equal("APPLE", tag.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task One_tag_and_one_category_by_slug()
    {
        var tag = await _api.GetAsync("/api/tags/ai-talent");
        var category = await _api.GetAsync("/api/categories/news");

        Assert.Equal(200, tag.Status);
        Assert.Equal("AI talent", tag.Json.GetProperty("name").GetString());
        Assert.Equal(2, tag.Json.GetProperty("count").GetInt32());
        Assert.Equal(2, category.Json.GetProperty("count").GetInt32());
        Assert.NotNull(tag.Header("ETag"));
    }

    [Fact]
    public async Task Categories_are_listed_with_counts()
    {
        var answer = await _api.GetAsync("/api/categories");

        Assert.Equal(
            ["news:2", "analysis:1"],
            answer.Json.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("slug").GetString()}:{i.GetProperty("count").GetInt32()}"));
    }

    [Theory]
    [InlineData("/api/tags/unknown")]
    [InlineData("/api/tags/hidden")]
    [InlineData("/api/tags/x'%20or%20''='")]
    [InlineData("/api/categories/unknown")]
    public async Task Unknown_or_invisible_ones_are_404(string path)
    {
        var answer = await _api.GetAsync(path);

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
    }
}
