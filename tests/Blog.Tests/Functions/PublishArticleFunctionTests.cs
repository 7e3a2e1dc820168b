using Blog.Functions.Publishing;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Blog.Tests.Storage;
using Xunit;

namespace Blog.Tests.Functions;

public sealed class PublishArticleFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;

    public async ValueTask InitializeAsync() => _blog = await TestBlog.CreateAsync(azurite);

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [Fact]
    public async Task Invoking_the_blob_function_publishes_the_uploaded_file_once()
    {
        var function = new PublishArticleFunction(_blog.Publisher);
        var blob = await _blog.UploadAsync("2026/11/launch.md", Post.Markdown(title: "Launch", tags: ["news"]));
        var index = new IndexReader(_blog.Table);

        await function.Run(blob, TestContext.Current.CancellationToken);

        Assert.Equal("Launch", (await index.SummaryAsync("launch"))?.Title);
        Assert.Equal(["launch"], await index.EntriesAsync(Scope.All));
        var published = await _blog.ReadAllRowsAsync();
        var requests = _blog.Requests.Count;

        await function.Run(blob, TestContext.Current.CancellationToken);

        // The duplicate delivery adds no row, removes none and rewrites none.
        var again = await _blog.ReadAllRowsAsync();
        Assert.Equal(published.Keys, again.Keys);
        Assert.All(published, pair => Assert.Equal(pair.Value.ETag, again[pair.Key].ETag));
        Assert.True(_blog.Requests.Count > requests, "the duplicate delivery reached storage at all");
    }

    [Fact]
    public async Task A_broken_file_returns_normally_and_leaves_the_old_version_live()
    {
        var function = new PublishArticleFunction(_blog.Publisher);
        var index = new IndexReader(_blog.Table);
        await function.Run(await _blog.UploadAsync("post.md", Post.Markdown(title: "Good")), TestContext.Current.CancellationToken);

        await function.Run(await _blog.UploadAsync("post.md", "---\ntitle: [broken\n---\n"), TestContext.Current.CancellationToken);

        Assert.Equal("Good", (await index.SummaryAsync("post"))?.Title);
        Assert.NotNull(await index.IngestErrorAsync("post.md"));
    }

    [Fact]
    public async Task An_uploaded_image_makes_no_publishing_work_not_even_a_storage_request()
    {
        var function = new PublishArticleFunction(_blog.Publisher);
        var blob = _blog.Posts.GetBlobClient("2026/11/img/chart.png");
        await blob.UploadAsync(BinaryData.FromBytes([0x89, 0x50, 0x4E, 0x47]));
        var rows = await _blog.ReadAllRowsAsync();
        var requests = _blog.Requests.Count;

        await function.Run(blob, TestContext.Current.CancellationToken);

        Assert.Equal(requests, _blog.Requests.Count);
        Assert.Equal(rows.Keys, (await _blog.ReadAllRowsAsync()).Keys);
    }
}
