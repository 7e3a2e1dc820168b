using Blog.Publishing;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Operations;

public sealed class AdminTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private static string Markdown(int i, params string[] tags) =>
        Post.Markdown(title: $"Post {i}", slug: $"post-{i}", date: $"2026-10-{i:00}T08:00:00Z", tags: tags.Length > 0 ? tags : ["shared", $"own-{i}"], category: i % 2 == 0 ? "even" : "odd");

    private async Task<(int Published, int Unchanged, int Removed, int Failed)> ReindexAsync()
    {
        var answer = await _api.SendAsync("POST", "/api/manage/reindex");
        Assert.Equal(200, answer.Status);
        var json = answer.Json;
        return (json.GetProperty("published").GetInt32(), json.GetProperty("unchanged").GetInt32(),
            json.GetProperty("removed").GetInt32(), json.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Unchanged_files_cost_a_reindex_nothing_beyond_the_three_listings()
    {
        async Task<int> CostOfReindexAsync(int files)
        {
            var attempts = _blog.Attempts.Count;
            Assert.Equal((0, files, 0, 0), await ReindexAsync());
            return _blog.Attempts.Count - attempts;
        }

        for (var i = 1; i <= 3; i++)
        {
            await _blog.PublishAsync($"p{i}.md", Markdown(i));
        }

        var few = await CostOfReindexAsync(3);
        for (var i = 4; i <= 25; i++)
        {
            await _blog.PublishAsync($"p{i}.md", Markdown(i));
        }

        var more = await CostOfReindexAsync(25);

        Assert.Equal(3, few); // the blob listing, the query of the source rows and that of the author profiles
        Assert.Equal(few, more);
    }

    [Fact]
    public async Task One_reindex_publishes_a_container_filled_behind_the_triggers_back()
    {
        for (var i = 1; i <= 12; i++)
        {
            await _blog.UploadAsync($"bulk/p{i}.md", Markdown(i));
        }

        await _blog.UploadAsync("bulk/broken.md", "---\ntitle: Broken\n---\nNo date.\n");
        await _blog.UploadAsync("bulk/image.png", "not markdown");

        Assert.Equal((12, 0, 0, 1), await ReindexAsync());

        var page = await _api.GetAsync("/api/articles?limit=100");
        Assert.Equal(12, page.Json.GetProperty("total").GetInt32());
        Assert.Equal(12, (await _api.GetAsync("/api/tags/shared")).Json.GetProperty("count").GetInt32());
        Assert.Equal((0, 13, 0, 0), await ReindexAsync()); // nothing left to do: the broken one is known too
    }

    [Fact]
    public async Task A_deleted_file_disappears_from_every_list_count_and_row_after_reindex()
    {
        await _blog.PublishAsync("keep.md", Markdown(1, "shared"));
        var baseline = await _blog.ReadAllRowsAsync();
        await _blog.PublishAsync("gone.md", Post.Markdown(title: "Gone", slug: "gone", tags: ["shared", "lonely"], category: "solo", aliases: ["gone-before"]));
        await _blog.PublishAsync("refused.md", "---\ntitle: x\n---\n");
        await _blog.Posts.DeleteBlobAsync("gone.md");
        await _blog.Posts.DeleteBlobAsync("refused.md");

        Assert.Equal((0, 1, 2, 0), await ReindexAsync());

        Assert.Equal(404, (await _api.GetAsync("/api/articles/gone")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/articles/gone-before")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/tags/lonely")).Status);
        Assert.Equal(1, (await _api.GetAsync("/api/tags/shared")).Json.GetProperty("count").GetInt32());
        Assert.Equal(0, (await _api.GetAsync("/api/manage/ingest-errors")).Json.GetProperty("items").GetArrayLength());
        var rows = await _blog.ReadAllRowsAsync();
        Assert.Equal(baseline.Keys, rows.Keys);
        Assert.DoesNotContain(rows.Values, row => row.Any(p => p.Value is string text && text.Contains("gone", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reindex_cut_off_halfway_and_run_again_ends_like_one_uninterrupted_run()
    {
        await using var reference = await TestBlog.CreateAsync(azurite);
        foreach (var blog in new[] { _blog, reference })
        {
            for (var i = 1; i <= 20; i++)
            {
                await blog.UploadAsync($"p{i}.md", Markdown(i));
            }
        }

        // The cut-off point comes from the run itself: half the requests an uninterrupted reindex makes.
        var referenceStart = reference.Requests.Count;
        await new TestApi(reference).Reindexer.ReindexAsync();
        var cutOff = (reference.Requests.Count - referenceStart) / 2;
        Assert.True(cutOff > 20, $"An uninterrupted reindex of 20 files made only {cutOff * 2} requests.");

        using (var cancellation = new CancellationTokenSource())
        {
            var requests = _blog.Requests.Count;
            var watcher = Task.Run(async () =>
            {
                while (_blog.Requests.Count - requests < cutOff)
                {
                    await Task.Delay(1);
                }

                await cancellation.CancelAsync();
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _api.Reindexer.ReindexAsync(cancellation.Token));
            await watcher;
        }

        var partial = await _api.GetAsync("/api/articles?limit=100");
        Assert.InRange(partial.Json.GetProperty("total").GetInt32(), 0, 19);

        // The cancellation may land while a file's lock is being written. The publisher then gives
        // the lock back, but the cancelled write can still reach storage after that: the lock stays
        // until it expires (two minutes, on the blog's clock), as after a restart. The next reindex
        // after that finishes the work.
        _blog.Clock.Advance(TimeSpan.FromMinutes(5));
        var finish = await _api.Reindexer.ReindexAsync();

        Assert.Equal(0, finish.Failed);
        Assert.Equal(await reference.DescribeRowsAsync(), await _blog.DescribeRowsAsync());
    }

    [Fact]
    public async Task Ingest_errors_appear_with_file_message_line_and_time_and_clear_on_a_good_upload()
    {
        await _blog.PublishAsync("drafts/bad.md", "---\ntitle: Bad\ndate: 2026-02-30\n---\nText.\n");

        var errors = await _api.GetAsync("/api/manage/ingest-errors");

        Assert.Equal(200, errors.Status);
        var item = Assert.Single(errors.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("drafts/bad.md", item.GetProperty("blobName").GetString());
        Assert.Contains("is not a date", item.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, item.GetProperty("line").GetInt32());
        Assert.Equal("2026-11-28T12:00:00Z", item.GetProperty("at").GetString());

        await _blog.PublishAsync("drafts/bad.md", Post.Markdown(title: "Fixed"));

        Assert.Empty((await _api.GetAsync("/api/manage/ingest-errors")).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Preview_shows_a_draft_the_public_route_hides()
    {
        await _blog.PublishAsync("draft.md", Post.Markdown(title: "Secret plans", slug: "secret", draft: true));
        await _blog.PublishAsync("later.md", Post.Markdown(title: "Later", slug: "later", date: "2027-01-01"));

        Assert.Equal(404, (await _api.GetAsync("/api/articles/secret")).Status);
        var preview = await _api.GetAsync("/api/manage/articles/secret");
        Assert.Equal(200, preview.Status);
        Assert.Equal("Secret plans", preview.Json.GetProperty("title").GetString());
        Assert.Equal(200, (await _api.GetAsync("/api/manage/articles/later")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/manage/articles/nothing")).Status);
    }

    [Fact]
    public async Task A_takedown_leaves_no_row_behind_survives_reindex_and_a_changed_upload_brings_it_back()
    {
        await _blog.PublishAsync("keep.md", Markdown(1, "shared"));
        var baseline = await _blog.ReadAllRowsAsync();
        await _blog.PublishAsync("takedown.md", Post.Markdown(title: "Takedown", slug: "takedown", tags: ["shared", "only-here"], category: "solo", aliases: ["old-takedown"]));

        var answer = await _api.SendAsync("DELETE", "/api/manage/articles/takedown");

        Assert.Equal(200, answer.Status);
        Assert.Equal(404, (await _api.GetAsync("/api/articles/takedown")).Status);
        Assert.Equal(404, (await _api.GetAsync("/api/articles/old-takedown")).Status);
        Assert.Equal(1, (await _api.GetAsync("/api/tags/shared")).Json.GetProperty("count").GetInt32());
        var rows = await _blog.ReadAllRowsAsync();
        var extra = rows.Keys.Except(baseline.Keys).ToList();
        Assert.Equal([BlogKeys.SourcePartition + " / " + BlogKeys.SourceRow("takedown.md")], extra); // the file's record: "taken down"
        Assert.DoesNotContain(rows.Values, row => row.Any(p => p.Value is string text && text.Contains("only-here", StringComparison.Ordinal)));
        Assert.True(await _blog.Posts.GetBlobClient("takedown.md").ExistsAsync());

        Assert.Equal((0, 2, 0, 0), await ReindexAsync());
        Assert.Equal(404, (await _api.GetAsync("/api/articles/takedown")).Status);
        Assert.Equal(PublishOutcome.Unchanged, (await _blog.Publisher.PublishAsync("takedown.md")).Outcome);

        await _blog.PublishAsync("takedown.md", Post.Markdown(title: "Takedown, corrected", slug: "takedown", tags: ["shared", "only-here"], category: "solo"));

        Assert.Equal("Takedown, corrected", (await _api.GetAsync("/api/articles/takedown")).Json.GetProperty("title").GetString());
        Assert.Equal(2, (await _api.GetAsync("/api/tags/shared")).Json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Taking_down_an_unknown_slug_is_a_404()
    {
        Assert.Equal(404, (await _api.SendAsync("DELETE", "/api/manage/articles/nothing-here")).Status);
    }

    [Fact]
    public async Task A_reindex_republishes_files_handled_under_older_rendering_rules()
    {
        await _blog.PublishAsync("post.md", Markdown(1));
        var source = (await _blog.Table.GetEntityAsync<SourceEntity>(BlogKeys.SourcePartition, BlogKeys.SourceRow("post.md"))).Value;
        source.ContentHash = "r0-" + source.ContentHash![IndexSchema.HashPrefix.Length..]; // as if made by older rules
        await _blog.Table.UpdateEntityAsync(source, source.ETag);

        Assert.Equal((1, 0, 0, 0), await ReindexAsync());
        Assert.Equal((0, 1, 0, 0), await ReindexAsync());
    }

    [Fact]
    public async Task A_files_status_follows_its_uploads_through_published_refused_taken_down_and_back()
    {
        var blob = _blog.Posts.GetBlobClient("2026/11/status.md");
        await _blog.PublishAsync("2026/11/status.md", Post.Markdown(title: "Status", slug: "status"));

        var published = await _api.GetAsync("/api/manage/files/2026/11/status.md");
        Assert.Equal(200, published.Status);
        Assert.Equal("2026/11/status.md", published.Json.GetProperty("blobName").GetString());
        Assert.Equal("published", published.Json.GetProperty("state").GetString());
        Assert.Equal("status", published.Json.GetProperty("slug").GetString());
        Assert.Equal((await blob.GetPropertiesAsync()).Value.ETag.ToString(), published.Json.GetProperty("blobETag").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, published.Json.GetProperty("error").ValueKind);
        Assert.Equal("no-store", published.Header("Cache-Control"));

        await _blog.PublishAsync("2026/11/status.md", "---\ntitle: Status\ndate: someday\n---\nText.\n");
        var refused = await _api.GetAsync("/api/manage/files/2026/11/status.md");
        Assert.Equal("refused", refused.Json.GetProperty("state").GetString());
        Assert.Equal("status", refused.Json.GetProperty("slug").GetString()); // the earlier version stays live
        Assert.Equal((await blob.GetPropertiesAsync()).Value.ETag.ToString(), refused.Json.GetProperty("blobETag").GetString());
        Assert.Equal(3, refused.Json.GetProperty("error").GetProperty("line").GetInt32());
        Assert.Contains("date", refused.Json.GetProperty("error").GetProperty("error").GetString(), StringComparison.Ordinal);

        await _blog.PublishAsync("2026/11/status.md", Post.Markdown(title: "Status again", slug: "status"));
        Assert.Equal(200, (await _api.SendAsync("DELETE", "/api/manage/articles/status")).Status);
        Assert.Equal("takenDown", (await _api.GetAsync("/api/manage/files/2026/11/status.md")).Json.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/manage/files/never-uploaded.md")]
    [InlineData("/api/manage/files/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/manage/files/a%01b.md")]
    public async Task An_unknown_or_impossible_file_name_is_a_404_problem(string path)
    {
        var answer = await _api.GetAsync(path);

        Assert.Equal(404, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_name_longer_than_any_blob_name_is_a_404_problem()
    {
        var answer = await _api.GetAsync("/api/manage/files/" + new string('a', 1025));

        Assert.Equal(404, answer.Status);
    }
}
