using System.Diagnostics;
using System.Text;
using Blog.Functions.Publishing;
using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Blog.Tests.Storage;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// Every hostile file through the blob function on Azurite, over a good version of the same file:
/// a refusal leaves the good version live and records why, a publish is safe, and a second
/// delivery of the same bytes changes nothing. Each takes well under the stated bound.
/// </summary>
public sealed class HostilePublishTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private TestBlog _blog = null!;

    public async ValueTask InitializeAsync() => _blog = await TestBlog.CreateAsync(azurite);

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in HostileFiles.All())
        {
            data.Add(file.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_upload_is_refused_or_published_safely_within_30_seconds_and_a_redelivery_does_no_work(string name)
    {
        var file = HostileFiles.All().Single(f => f.Name == name);
        var function = new PublishArticleFunction(_blog.Publisher);
        var index = new IndexReader(_blog.Table);
        await function.Run(await _blog.UploadAsync("post.md", Post.Markdown(title: "Good")), CancellationToken.None);
        var blob = _blog.Posts.GetBlobClient("post.md");
        await blob.UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true);

        var watch = Stopwatch.StartNew();
        await function.Run(blob, CancellationToken.None);
        var time = watch.Elapsed;

        var error = await index.IngestErrorAsync("post.md");
        var title = (await index.SummaryAsync("post"))?.Title;
        if (file.Refused is true || (file.Refused is null && error is not null))
        {
            Assert.NotNull(error);
            Assert.False(string.IsNullOrWhiteSpace(error.Error));
            Assert.Equal("Good", title); // the previous version stays live
        }
        else
        {
            Assert.Null(error);
            Assert.Equal("Hostile", title);
        }

        Assert.True(time < Bound, $"{name} took {time}");

        var before = await _blog.ReadAllRowsAsync();
        await function.Run(blob, CancellationToken.None);
        var after = await _blog.ReadAllRowsAsync();
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, pair => Assert.Equal(pair.Value.ETag, after[pair.Key].ETag));
    }

    [Fact]
    public async Task An_article_with_thousands_of_long_headings_is_stored_with_the_table_of_contents_that_fits()
    {
        var headings = string.Concat(Enumerable.Range(1, 3_000).Select(i => $"## Heading number {i} with a rather long title to fill the table of contents\n\nText.\n\n"));

        var result = await _blog.PublishAsync("long.md", Post.Markdown(title: "Long", slug: "long", body: headings));

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        var api = new TestApi(_blog);
        var article = await api.GetAsync("/api/articles/long");
        Assert.Equal(200, article.Status);
        var toc = article.Json.GetProperty("toc");
        Assert.InRange(toc.GetArrayLength(), 100, 2_999);
        Assert.Equal("heading-number-1-with-a-rather-long-title-to-fill-the-table-of-contents", toc[0].GetProperty("id").GetString());
        Assert.Contains("id=\"heading-number-3000-with-a-rather-long-title-to-fill-the-table-of-contents\"", article.Json.GetProperty("html").GetString(), StringComparison.Ordinal);
    }
}
