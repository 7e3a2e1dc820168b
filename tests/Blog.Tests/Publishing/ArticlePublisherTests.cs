using Blog.Publishing;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Blog.Tests.Storage;
using Xunit;

namespace Blog.Tests.Publishing;

public sealed class ArticlePublisherTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private IndexReader _index = null!;

    private DateTimeOffset Now => _blog.Clock.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _index = new IndexReader(_blog.Table);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task Publishes_a_new_file_with_its_lists_tags_categories_and_counts()
    {
        var result = await _blog.PublishAsync("2026/ai-talent.md", Post.Markdown(
            title: "AI talent", tags: ["AI talent", "Policy"], category: "News", body: "Researchers stay."));

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal("ai-talent", result.Slug);
        var summary = await _index.SummaryAsync("ai-talent");
        Assert.NotNull(summary);
        Assert.Equal("AI talent", summary.Title);
        Assert.Equal(["ai-talent", "policy"], summary.Tags.Select(t => t.Slug));
        Assert.Equal("news", summary.Category?.Slug);
        Assert.Equal(["ai-talent"], await _index.EntriesAsync(Scope.All));
        Assert.Equal(["ai-talent"], await _index.EntriesAsync(Scope.Tag("ai-talent")));
        Assert.Equal(["ai-talent"], await _index.EntriesAsync(Scope.Category("news")));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.All, Now));
        Assert.Equal(("AI talent", 1L), await _index.TaxonomyAsync(BlogKeys.TagsPartition, "ai-talent", Now));
        Assert.Equal(("News", 1L), await _index.TaxonomyAsync(BlogKeys.CategoriesPartition, "news", Now));
    }

    [Fact]
    public async Task Publishing_the_same_content_again_changes_nothing()
    {
        var markdown = Post.Markdown(tags: ["a", "b"], category: "news");
        await _blog.PublishAsync("post.md", markdown);
        var before = await _blog.ReadAllRowsAsync();

        var result = await _blog.Publisher.PublishAsync("post.md");

        Assert.Equal(PublishOutcome.Unchanged, result.Outcome);
        var after = await _blog.ReadAllRowsAsync();
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, pair => Assert.Equal(pair.Value.ETag, after[pair.Key].ETag));
    }

    [Fact]
    public async Task A_changed_file_replaces_exactly_its_own_rows_and_counts_follow()
    {
        await _blog.PublishAsync("other.md", Post.Markdown(title: "Other", slug: "other", tags: ["keep"]));
        await _blog.PublishAsync("post.md", Post.Markdown(tags: ["keep", "lose"], category: "old"));

        await _blog.PublishAsync("post.md", Post.Markdown(tags: ["keep", "gain"], category: "new", date: "2026-11-02"));

        Assert.Equal(["post", "other"], await _index.EntriesAsync(Scope.All));
        Assert.Equal(2, await _index.VisibleCountAsync(Scope.Tag("keep"), Now));
        Assert.Empty(await _index.EntriesAsync(Scope.Tag("lose")));
        Assert.Null(await _index.VisibleCountAsync(Scope.Tag("lose"), Now));
        Assert.Null(await _index.TaxonomyAsync(BlogKeys.TagsPartition, "lose", Now));
        Assert.Equal(("gain", 1L), await _index.TaxonomyAsync(BlogKeys.TagsPartition, "gain", Now));
        Assert.Null(await _index.TaxonomyAsync(BlogKeys.CategoriesPartition, "old", Now));
        Assert.Equal(("new", 1L), await _index.TaxonomyAsync(BlogKeys.CategoriesPartition, "new", Now));
        Assert.Equal(2, await _index.VisibleCountAsync(Scope.All, Now));
    }

    [Fact]
    public async Task A_changed_slug_leaves_a_redirect_from_the_old_one()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(slug: "first-slug", tags: ["t"]));

        await _blog.PublishAsync("post.md", Post.Markdown(slug: "second-slug", tags: ["t"]));

        var old = await _index.HeadAsync("first-slug");
        Assert.NotNull(old);
        Assert.Equal(HeadRow.KindRedirect, HeadRow.Kind.Get(old));
        Assert.Equal("second-slug", old.GetString("Target"));
        Assert.Equal(["second-slug"], await _index.EntriesAsync(Scope.All));
        Assert.Equal(["second-slug"], await _index.EntriesAsync(Scope.Tag("t")));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.Tag("t"), Now));
    }

    [Fact]
    public async Task Aliases_from_front_matter_redirect_to_the_article()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(slug: "new-home", aliases: ["/2013/05/06/old-home.html", "older"]));

        Assert.Equal("new-home", (await _index.HeadAsync("old-home"))?.GetString("Target"));
        Assert.Equal("new-home", (await _index.HeadAsync("older"))?.GetString("Target"));
    }

    [Fact]
    public async Task The_second_file_claiming_a_slug_is_refused_naming_both()
    {
        await _blog.PublishAsync("first.md", Post.Markdown(title: "First", slug: "shared"));

        var result = await _blog.PublishAsync("second.md", Post.Markdown(title: "Second", slug: "shared"));

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Contains("first.md", result.Rejection!.Message, StringComparison.Ordinal);
        Assert.Contains("second.md", result.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("First", (await _index.SummaryAsync("shared"))?.Title);
        var error = await _index.IngestErrorAsync("second.md");
        Assert.NotNull(error);
        Assert.Equal(result.Rejection.Message, error.Error);
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.All, Now));
    }

    [Fact]
    public async Task A_broken_upload_keeps_the_previous_version_live_and_records_why()
    {
        await _blog.PublishAsync("post.md", Post.Markdown(title: "Good version", tags: ["t"]));
        var before = await _blog.ReadAllRowsAsync();

        var result = await _blog.PublishAsync("post.md", "---\ntitle: Broken\ndate: someday\n---\nText.\n");

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Equal("Good version", (await _index.SummaryAsync("post"))?.Title);
        var error = await _index.IngestErrorAsync("post.md");
        Assert.NotNull(error);
        Assert.Equal("post.md", error.BlobName);
        Assert.Equal(3, error.Line);
        Assert.Contains("not a date", error.Error, StringComparison.Ordinal);
        Assert.Equal(Now, error.At);
        var after = await _blog.ReadAllRowsAsync();
        foreach (var (key, row) in before.Where(pair => !pair.Key.StartsWith(BlogKeys.SourcePartition, StringComparison.Ordinal)))
        {
            Assert.Equal(row.ETag, after[key].ETag);
        }
    }

    [Fact]
    public async Task A_later_good_upload_clears_the_ingest_error()
    {
        await _blog.PublishAsync("post.md", "---\ntitle: Broken\n---\n");
        Assert.NotNull(await _index.IngestErrorAsync("post.md"));

        var result = await _blog.PublishAsync("post.md", Post.Markdown());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Null(await _index.IngestErrorAsync("post.md"));
    }

    [Fact]
    public async Task Uploading_the_live_content_again_after_a_refusal_clears_the_error()
    {
        var good = Post.Markdown();
        await _blog.PublishAsync("post.md", good);
        await _blog.PublishAsync("post.md", "---\ntitle: [unclosed\n---\n");

        var result = await _blog.PublishAsync("post.md", good);

        Assert.Equal(PublishOutcome.Unchanged, result.Outcome);
        Assert.Null(await _index.IngestErrorAsync("post.md"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_without_reading_it()
    {
        _blog.Options.MaxFileBytes = 1024;

        var result = await _blog.PublishAsync("big.md", Post.Markdown(body: new string('x', 4096)));

        Assert.Equal(PublishOutcome.Refused, result.Outcome);
        Assert.Contains("the limit is", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_kept_for_preview_but_in_no_list()
    {
        var result = await _blog.PublishAsync("draft.md", Post.Markdown(draft: true, tags: ["t"]));

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.True((await _index.HeadAsync("draft"))?.GetBoolean("Draft"));
        Assert.Empty(await _index.EntriesAsync(Scope.All));
        Assert.Null(await _index.TaxonomyAsync(BlogKeys.TagsPartition, "t", Now));
    }

    [Fact]
    public async Task Counts_follow_scheduled_and_expiring_articles_without_a_write()
    {
        await _blog.PublishAsync("now.md", Post.Markdown(title: "Now", slug: "now", tags: ["t"]));
        await _blog.PublishAsync("later.md", Post.Markdown(title: "Later", slug: "later", tags: ["t"], date: "2026-12-01T00:00:00Z"));
        await _blog.PublishAsync("ending.md", Post.Markdown(title: "Ending", slug: "ending", tags: ["t"], expires: "2026-11-30T00:00:00Z"));

        Assert.Equal(2, await _index.VisibleCountAsync(Scope.Tag("t"), Now));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.Tag("t"), new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(2, await _index.VisibleCountAsync(Scope.Tag("t"), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(("t", 2L), await _index.TaxonomyAsync(BlogKeys.TagsPartition, "t", new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Html_too_large_for_a_table_entity_goes_to_a_blob()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 12_000).Select(i => $"Paragraph {i} with some words to fill the article."));

        var result = await _blog.PublishAsync("huge.md", Post.Markdown(body: body));

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        var head = await _index.HeadAsync("huge");
        var blobName = head?.GetString("HtmlBlob");
        Assert.NotNull(blobName);
        var html = (await _blog.Store.Rendered.GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("Paragraph 11999", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_of_a_long_article_is_split_across_properties_of_one_row()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 2_000).Select(i => $"Paragraph {i} with some words."));

        await _blog.PublishAsync("long.md", Post.Markdown(body: body));

        var head = await _index.HeadAsync("long");
        Assert.NotNull(head);
        Assert.True(head.GetInt32("HtmlChunks") > 1);
        var html = HeadRow.InlineHtml(head);
        Assert.StartsWith("<p>Paragraph 0 ", html, StringComparison.Ordinal);
        Assert.Contains("Paragraph 1999 ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_file_is_removed_with_every_row()
    {
        await _blog.PublishAsync("keep.md", Post.Markdown(title: "Keep", slug: "keep", tags: ["shared"]));
        var baseline = await _blog.ReadAllRowsAsync();
        await _blog.PublishAsync("post.md", Post.Markdown(tags: ["shared", "own"], category: "c", aliases: ["old-name"]));
        await _blog.Posts.DeleteBlobAsync("post.md");

        var result = await _blog.Publisher.PublishAsync("post.md");

        Assert.Equal(PublishOutcome.Removed, result.Outcome);
        Assert.Equal(
            baseline.Keys.Where(k => !k.StartsWith("list:tag:shared / !count", StringComparison.Ordinal) && !k.StartsWith("tags / shared", StringComparison.Ordinal) && !k.StartsWith("list / !count", StringComparison.Ordinal)),
            (await _blog.ReadAllRowsAsync()).Keys.Where(k => !k.StartsWith("list:tag:shared / !count", StringComparison.Ordinal) && !k.StartsWith("tags / shared", StringComparison.Ordinal) && !k.StartsWith("list / !count", StringComparison.Ordinal)));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.Tag("shared"), Now));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.All, Now));
    }

    [Fact]
    public async Task Files_that_are_not_markdown_are_ignored()
    {
        var blob = await _blog.UploadAsync("images/cover.png", "not markdown");

        var result = await _blog.Publisher.PublishAsync(blob);

        Assert.Equal(PublishOutcome.Ignored, result.Outcome);
        Assert.Empty(await _blog.ReadAllRowsAsync());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_upload_publish_it_once()
    {
        var blob = await _blog.UploadAsync("post.md", Post.Markdown(tags: ["t"]));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _blog.Publisher.PublishAsync(blob)));

        Assert.Contains(results, r => r.Outcome == PublishOutcome.Published);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { PublishOutcome.Published, PublishOutcome.Unchanged }));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.All, Now));
        Assert.Equal(1, await _index.VisibleCountAsync(Scope.Tag("t"), Now));
    }

    [Fact]
    public async Task Concurrent_publishes_sharing_a_tag_count_every_article()
    {
        var blobs = new List<Azure.Storage.Blobs.BlobClient>();
        for (var i = 0; i < 8; i++)
        {
            blobs.Add(await _blog.UploadAsync($"post-{i}.md", Post.Markdown(title: $"Post {i}", slug: $"post-{i}", tags: ["shared", $"own-{i}"])));
        }

        await Task.WhenAll(blobs.Select(blob => _blog.Publisher.PublishAsync(blob)));

        Assert.Equal(8, await _index.VisibleCountAsync(Scope.Tag("shared"), Now));
        Assert.Equal(8, await _index.VisibleCountAsync(Scope.All, Now));
        Assert.Equal(("shared", 8L), await _index.TaxonomyAsync(BlogKeys.TagsPartition, "shared", Now));
        Assert.Equal(8, (await _index.EntriesAsync(Scope.Tag("shared"))).Count);
    }
}
