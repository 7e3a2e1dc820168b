using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

public sealed class AuthorApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await _blog.PublishAsync("a.md", Post.Markdown(title: "A", slug: "a", date: "2026-11-01", tags: ["ai"], extra: "authors: [Jane Doe, John Smith]"));
        await _blog.PublishAsync("b.md", Post.Markdown(title: "B", slug: "b", date: "2026-11-02", tags: ["chips"], extra: "author: Jane Doe"));
        await _blog.PublishAsync("c.md", Post.Markdown(title: "C", slug: "c", date: "2026-11-03", tags: ["ai"], extra: "author: \"Doe, Jane\""));
        await _blog.PublishAsync("d.md", Post.Markdown(title: "D", slug: "d", draft: true, extra: "author: Hidden Writer"));
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task A_summary_keeps_every_author_and_the_first_as_author()
    {
        var article = await _api.GetAsync("/api/articles/a");

        Assert.Equal("Jane Doe", article.Json.GetProperty("author").GetString());
        Assert.Equal(
            [("jane-doe", "Jane Doe"), ("john-smith", "John Smith")],
            article.Json.GetProperty("authors").EnumerateArray().Select(a => (a.GetProperty("slug").GetString(), a.GetProperty("name").GetString())));
    }

    [Fact]
    public async Task Authors_come_most_articles_first_without_drafts_and_a_comma_stays_in_a_name()
    {
        var answer = await _api.GetAsync("/api/authors");

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            [("jane-doe", "Jane Doe", 2), ("doe-jane", "Doe, Jane", 1), ("john-smith", "John Smith", 1)],
            answer.Json.GetProperty("items").EnumerateArray()
                .Select(i => (i.GetProperty("slug").GetString(), i.GetProperty("name").GetString(), i.GetProperty("count").GetInt32())));
        Assert.All(answer.Json.GetProperty("items").EnumerateArray(), i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("bio").ValueKind));
    }

    [Fact]
    public async Task An_author_by_slug_and_404_for_unknown_or_draft_only_authors()
    {
        var jane = await _api.GetAsync("/api/authors/jane-doe");
        var hidden = await _api.GetAsync("/api/authors/hidden-writer");
        var unknown = await _api.GetAsync("/api/authors/nobody");
        var bad = await _api.GetAsync("/api/authors/Not%20A%20Slug");

        Assert.Equal(200, jane.Status);
        Assert.Equal(2, jane.Json.GetProperty("count").GetInt32());
        Assert.Equal((404, 404, 404), (hidden.Status, unknown.Status, bad.Status));
        Assert.Contains("nobody", unknown.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_article_list_narrows_to_one_author_with_its_total_and_combines_with_a_tag()
    {
        var jane = await _api.GetAsync("/api/articles?author=jane-doe");
        var janeOnAi = await _api.GetAsync("/api/articles?author=jane-doe&tag=ai");
        var bad = await _api.GetAsync("/api/articles?author=Jane");

        Assert.Equal(["b", "a"], Slugs(jane));
        Assert.Equal(2, jane.Json.GetProperty("total").GetInt32());
        Assert.Equal(["a"], Slugs(janeOnAi));
        Assert.Equal(400, bad.Status);
        Assert.Contains("author", bad.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_of_one_author_follow_their_cursor_and_it_cannot_be_reused_for_another_author()
    {
        var first = await _api.GetAsync("/api/articles?author=jane-doe&limit=1");
        var cursor = Uri.EscapeDataString(first.Json.GetProperty("nextCursor").GetString()!);
        var second = await _api.GetAsync("/api/articles?author=jane-doe&limit=1&cursor=" + cursor);
        var other = await _api.GetAsync("/api/articles?author=john-smith&limit=1&cursor=" + cursor);

        Assert.Equal(["b"], Slugs(first));
        Assert.Equal(["a"], Slugs(second));
        Assert.Equal(2, second.Json.GetProperty("total").GetInt32());
        Assert.Equal(400, other.Status);
    }

    [Fact]
    public async Task A_profile_file_gives_name_bio_and_avatar_and_a_later_one_replaces_it()
    {
        await _blog.PublishAsync("authors/jane-doe.yml", "name: Jane Q. Doe\nbio: Writes about chips.\navatar: https://example.com/jane.png\n");
        var first = await _api.GetAsync("/api/authors/jane-doe");
        await _blog.PublishAsync("authors/jane-doe.yml", "name: Jane Doe\nbio: Writes about AI.\n");
        var second = await _api.GetAsync("/api/authors/jane-doe");
        var list = await _api.GetAsync("/api/authors");

        Assert.Equal(("Jane Q. Doe", "Writes about chips.", "https://example.com/jane.png"),
            (first.Json.GetProperty("name").GetString(), first.Json.GetProperty("bio").GetString(), first.Json.GetProperty("avatar").GetString()));
        Assert.Equal("Writes about AI.", second.Json.GetProperty("bio").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Json.GetProperty("avatar").ValueKind);
        Assert.Equal("Writes about AI.", list.Json.GetProperty("items")[0].GetProperty("bio").GetString());
        var status = await _api.GetAsync("/api/manage/files/authors/jane-doe.yml");
        Assert.Equal(("published", "jane-doe"), (status.Json.GetProperty("state").GetString(), status.Json.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task A_relative_avatar_goes_to_the_media_route_beside_the_profile()
    {
        await _blog.PublishAsync("authors/jane-doe.yml", "avatar: ./photos/jane.png\n");

        var author = await _api.GetAsync("/api/authors/jane-doe");

        Assert.Equal("/api/media/authors/photos/jane.png", author.Json.GetProperty("avatar").GetString());
    }

    [Fact]
    public async Task A_markdown_profile_takes_its_body_as_bio_and_is_not_an_article()
    {
        var result = await _blog.PublishAsync("authors/John Smith.md", "---\nname: John Smith\n---\nI write **long** posts\nabout [chips](https://example.com).\n");
        var author = await _api.GetAsync("/api/authors/john-smith");
        var articles = await _api.GetAsync("/api/articles");

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal("I write long posts about chips.", author.Json.GetProperty("bio").GetString());
        Assert.DoesNotContain("john-smith", Slugs(articles));
        Assert.Equal(3, articles.Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_profile_named_in_another_script_matches_the_author_of_that_name()
    {
        await _blog.PublishAsync("cn.md", Post.Markdown(title: "CN", slug: "cn", extra: "author: 王晓"));
        var result = await _blog.PublishAsync("authors/王晓.md", "---\nbio: 研究员\n---\n");
        var slug = Blog.Publishing.Slugs.ForTaxonomy("王晓");

        var author = await _api.GetAsync("/api/authors/" + slug);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(("王晓", "研究员"), (author.Json.GetProperty("name").GetString(), author.Json.GetProperty("bio").GetString()));
        Assert.Equal(["c", "b", "cn", "a"], Slugs(await _api.GetAsync("/api/articles")));
    }

    [Fact]
    public async Task A_markdown_bio_longer_than_its_limit_is_refused_before_it_is_read()
    {
        var body = string.Concat(Enumerable.Repeat("[", Blog.Publishing.AuthorProfiles.MaxBioMarkdownLength + 1));

        var result = await _blog.PublishAsync("authors/jane-doe.md", "---\nname: Jane\n---\n" + body + "\n");

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Contains("the limit is 4,000", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_profile_keeps_the_previous_one_and_says_why()
    {
        await _blog.PublishAsync("authors/jane-doe.yml", "bio: Writes about chips.\n");
        var refused = await _blog.PublishAsync("authors/jane-doe.yml", "bio: Better bio.\navatar: javascript:alert(1)\n");
        var author = await _api.GetAsync("/api/authors/jane-doe");
        var errors = await _api.GetAsync("/api/manage/ingest-errors");

        Assert.Equal(PublishOutcome.Refused, refused.Outcome);
        Assert.Equal(2, refused.Rejection!.Line);
        Assert.Contains("avatar", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("Writes about chips.", author.Json.GetProperty("bio").GetString());
        Assert.Contains(errors.Json.GetProperty("items").EnumerateArray(), e => e.GetProperty("blobName").GetString() == "authors/jane-doe.yml");
        var status = await _api.GetAsync("/api/manage/files/authors/jane-doe.yml");
        Assert.Equal(("refused", "jane-doe"), (status.Json.GetProperty("state").GetString(), status.Json.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task A_deleted_profile_goes_with_the_next_delivery_or_reindex()
    {
        await _blog.PublishAsync("authors/jane-doe.yml", "bio: Writes about chips.\n");
        await _blog.PublishAsync("authors/john-smith.yaml", "bio: Writes about AI.\n");
        await _blog.Posts.DeleteBlobAsync("authors/jane-doe.yml", cancellationToken: TestContext.Current.CancellationToken);
        await _blog.Posts.DeleteBlobAsync("authors/john-smith.yaml", cancellationToken: TestContext.Current.CancellationToken);

        var delivered = await _blog.Publisher.PublishAsync("authors/jane-doe.yml", TestContext.Current.CancellationToken);
        var reindexed = await _api.Reindexer.ReindexAsync(TestContext.Current.CancellationToken);

        Assert.Equal(PublishOutcome.Removed, delivered.Outcome);
        Assert.Equal(1, reindexed.Removed);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await _api.GetAsync("/api/authors/jane-doe")).Json.GetProperty("bio").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await _api.GetAsync("/api/authors/john-smith")).Json.GetProperty("bio").ValueKind);
    }

    [Fact]
    public async Task A_reindex_publishes_a_profile_no_event_announced_and_skips_it_the_second_time()
    {
        await _blog.UploadAsync("authors/jane-doe.yml", "bio: Writes about chips.\n");

        var first = await _api.Reindexer.ReindexAsync(TestContext.Current.CancellationToken);
        var second = await _api.Reindexer.ReindexAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Writes about chips.", (await _api.GetAsync("/api/authors/jane-doe")).Json.GetProperty("bio").GetString());
        Assert.Equal(1, first.Published);
        Assert.Equal(0, second.Published);
    }

    [Fact]
    public async Task Too_many_authors_are_refused_with_the_limit()
    {
        var names = string.Join(", ", Enumerable.Range(1, ArticleCompiler.MaxAuthors + 1).Select(i => $"Writer {i}"));

        var result = await _blog.PublishAsync("many.md", Post.Markdown(slug: "many", extra: $"authors: [{names}]"));

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Contains($"the limit is {ArticleCompiler.MaxAuthors}", result.Rejection!.Message, StringComparison.Ordinal);
    }

    private static List<string?> Slugs(HttpAnswer answer) =>
        answer.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()).ToList();
}
