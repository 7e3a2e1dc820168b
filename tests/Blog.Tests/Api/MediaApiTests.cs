using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Api;

/// <summary>
/// Images beside the posts: a post's relative image URL is rewritten to the media route at
/// publishing, and the route serves the blob's bytes with its extension's content type, the blob's
/// ETag, long caching and nosniff; anything else answers a 404 problem. A missing image is a
/// warning in the file's status, never a refusal.
/// </summary>
public sealed class MediaApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private static byte[] Png(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<string> UploadBytesAsync(string name, byte[] bytes, string? storedContentType = null)
    {
        var blob = _blog.Posts.GetBlobClient(name);
        var info = await blob.UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = storedContentType is null ? null : new BlobHttpHeaders { ContentType = storedContentType } });
        return info.Value.ETag.ToString();
    }

    [Fact]
    public async Task A_post_s_relative_image_is_published_as_a_media_url_that_serves_the_bytes_with_caching_headers()
    {
        var image = Png(300 * 1024);
        var blobETag = await UploadBytesAsync("2026/11/img/chart.png", image);
        await _blog.PublishAsync("2026/11/post.md", Post.Markdown(title: "Chart", slug: "chart", body: "![A chart](./img/chart.png)"));

        var html = (await _api.GetAsync("/api/articles/chart")).Json.GetProperty("html").GetString()!;
        Assert.Contains("<img src=\"/api/media/2026/11/img/chart.png\"", html, StringComparison.Ordinal);

        var answer = await _api.GetAsync("/api/media/2026/11/img/chart.png");
        Assert.Equal(200, answer.Status);
        Assert.Equal(image, answer.Body);
        Assert.Equal("image/png", answer.Header("Content-Type"));
        Assert.Equal(image.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Header("Content-Length"));
        Assert.Equal("public, max-age=86400", answer.Header("Cache-Control"));
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
        Assert.Equal("*", answer.Header("Access-Control-Allow-Origin"));
        Assert.Null(answer.Header("Content-Security-Policy"));
        var etag = answer.Header("ETag")!;
        Assert.Equal("\"" + blobETag.Trim('"') + "\"", etag);
        Assert.False(etag.StartsWith("W/", StringComparison.Ordinal));

        var conditional = await _api.GetAsync("/api/media/2026/11/img/chart.png", ("If-None-Match", etag));
        Assert.Equal(304, conditional.Status);
        Assert.Empty(conditional.Body);
        Assert.Equal(etag, conditional.Header("ETag"));
        var stale = await _api.GetAsync("/api/media/2026/11/img/chart.png", ("If-None-Match", "\"0xOLD\""));
        Assert.Equal(200, stale.Status);
        Assert.Equal(image, stale.Body);

        var head = await _api.SendAsync("HEAD", "/api/media/2026/11/img/chart.png");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal("image/png", head.Header("Content-Type"));
        Assert.Equal(image.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Equal(etag, head.Header("ETag"));
        Assert.Equal(304, (await _api.SendAsync("HEAD", "/api/media/2026/11/img/chart.png", ("If-None-Match", etag))).Status);

        // Published with no warning: the image is there.
        var status = await _api.GetAsync("/api/manage/files/2026/11/post.md");
        Assert.Equal(0, status.Json.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task The_content_type_follows_the_extension_never_the_type_stored_with_the_blob()
    {
        var bytes = "<html><script>alert(1)</script></html>"u8.ToArray();
        await UploadBytesAsync("trap.png", bytes, storedContentType: "text/html");
        await UploadBytesAsync("Photo.JPEG", Png(100));
        await UploadBytesAsync("a/anim.gif", Png(100), storedContentType: "application/octet-stream");
        await UploadBytesAsync("a/b/x.webp", Png(100));
        await UploadBytesAsync("x.avif", Png(100));

        var trap = await _api.GetAsync("/api/media/trap.png");
        Assert.Equal(200, trap.Status);
        Assert.Equal("image/png", trap.Header("Content-Type"));
        Assert.Equal("nosniff", trap.Header("X-Content-Type-Options"));
        Assert.Equal(bytes, trap.Body);

        Assert.Equal("image/jpeg", (await _api.GetAsync("/api/media/Photo.JPEG")).Header("Content-Type"));
        Assert.Equal("image/gif", (await _api.GetAsync("/api/media/a/anim.gif")).Header("Content-Type"));
        Assert.Equal("image/webp", (await _api.GetAsync("/api/media/a/b/x.webp")).Header("Content-Type"));
        Assert.Equal("image/avif", (await _api.GetAsync("/api/media/x.avif")).Header("Content-Type"));
    }

    [Fact]
    public async Task An_svg_is_served_with_a_content_security_policy_under_which_no_script_runs()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><circle r=\"5\" onload=\"alert(2)\"/></svg>"u8.ToArray();
        await UploadBytesAsync("2026/logo.svg", svg);

        var answer = await _api.GetAsync("/api/media/2026/logo.svg");

        Assert.Equal(200, answer.Status);
        Assert.Equal("image/svg+xml", answer.Header("Content-Type"));
        Assert.Equal(svg, answer.Body);
        var policy = answer.Header("Content-Security-Policy")!;
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'none'", directives);
        Assert.Contains("sandbox", directives); // a sandbox without allow-scripts: no script runs, whatever the other directives say
        Assert.DoesNotContain(directives, d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("allow-scripts", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", answer.Header("X-Content-Type-Options"));
        Assert.Equal(policy, (await _api.SendAsync("HEAD", "/api/media/2026/logo.svg")).Header("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/api/media/2026/11/post.md")]
    [InlineData("/api/media/2026/11/page.html")]
    [InlineData("/api/media/2026/11/missing.png")]
    [InlineData("/api/media/2026/11/noextension")]
    [InlineData("/api/media/2026/11/.png")]
    [InlineData("/api/media/2026/../2026/11/chart.png")]
    [InlineData("/api/media/../posts/2026/11/chart.png")]
    [InlineData("/api/media/%2e%2e/2026/11/chart.png")]
    [InlineData("/api/media/2026/./11/chart.png")]
    [InlineData("/api/media/2026//11/chart.png")]
    [InlineData("/api/media/2026%5C11%5Cchart.png")]
    [InlineData("/api/media/2026%2F11%2Fchart.png")]
    [InlineData("/api/media/2026/11/chart%252Epng")]
    [InlineData("/api/media/2026/11/chart.png%0A")]
    [InlineData("/api/media/2026/11/%20/chart.png")]
    public async Task Anything_but_a_plain_path_to_an_image_answers_a_404_problem(string path)
    {
        await UploadBytesAsync("2026/11/chart.png", Png(100));
        await UploadBytesAsync("2026/11/post.md", "---\ntitle: x\n---\n"u8.ToArray());
        await UploadBytesAsync("2026/11/page.html", "<script>alert(1)</script>"u8.ToArray(), storedContentType: "text/html");
        await UploadBytesAsync("2026/11/noextension", Png(100));

        var answer = await _api.GetAsync(path);

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal(404, answer.Json.GetProperty("status").GetInt32());
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        Assert.Equal(200, (await _api.GetAsync("/api/media/2026/11/chart.png")).Status); // the same image at its plain path
    }

    [Fact]
    public async Task A_very_long_path_answers_404_not_an_error()
    {
        var answer = await _api.GetAsync("/api/media/" + string.Concat(Enumerable.Repeat("segment/", 200)) + "x.png");

        Assert.Equal(404, answer.Status);
    }

    [Fact]
    public async Task A_missing_image_is_a_warning_in_the_file_s_status_and_the_article_is_published_all_the_same()
    {
        await UploadBytesAsync("2026/11/present.png", Png(100));
        var result = await _blog.PublishAsync(
            "2026/11/post.md",
            Post.Markdown(title: "Gaps", slug: "gaps", body: "![here](present.png) ![gone](./chart.png) <img src=\"../raw.gif\"> [paper](paper.pdf) ![up](../../../x.png)"));

        Assert.Equal(Blog.Publishing.PublishOutcome.Published, result.Outcome);
        Assert.Equal(200, (await _api.GetAsync("/api/articles/gaps")).Status);
        var status = (await _api.GetAsync("/api/manage/files/2026/11/post.md")).Json;
        Assert.Equal("published", status.GetProperty("state").GetString());
        var warnings = status.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(
            [
                "link paper.pdf (2026/11/paper.pdf) is not a file the media route serves (images named .png, .jpg, .jpeg, .gif, .webp, .avif, .svg, without % or backslashes in the name): readers will not get it.",
                "image ../../../x.png points above the top of the posts container (from 2026/11/post.md); it was left as written.",
                "image ./chart.png (2026/11/chart.png) was not found in the container.",
                "image ../raw.gif (2026/raw.gif) was not found in the container.",
            ],
            warnings);

        // The images arrive after the post: its warnings stay until the post is uploaded again.
        await UploadBytesAsync("2026/11/chart.png", Png(100));
        Assert.Equal(4, (await _api.GetAsync("/api/manage/files/2026/11/post.md")).Json.GetProperty("warnings").GetArrayLength());

        // The same bytes again: nothing is republished, but the images are looked for again.
        var html = (await _api.GetAsync("/api/articles/gaps")).Json.GetProperty("html").GetString();
        var rows = await _blog.ReadAllRowsAsync();
        var again = await _blog.PublishAsync(
            "2026/11/post.md",
            Post.Markdown(title: "Gaps", slug: "gaps", body: "![here](present.png) ![gone](./chart.png) <img src=\"../raw.gif\"> [paper](paper.pdf) ![up](../../../x.png)"));
        Assert.Equal(Blog.Publishing.PublishOutcome.Unchanged, again.Outcome);
        var after = await _blog.ReadAllRowsAsync();
        Assert.All(rows.Where(pair => !pair.Key.StartsWith(Blog.Storage.BlogKeys.SourcePartition + " ", StringComparison.Ordinal)), pair => Assert.Equal(pair.Value.ETag, after[pair.Key].ETag));
        Assert.Equal(html, (await _api.GetAsync("/api/articles/gaps")).Json.GetProperty("html").GetString());
        var remaining = (await _api.GetAsync("/api/manage/files/2026/11/post.md")).Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(3, remaining.Count);
        Assert.DoesNotContain(remaining, w => w.Contains("chart.png", StringComparison.Ordinal));

        // A changed post is looked at whole: with every image there and no other trouble, no warning.
        await UploadBytesAsync("2026/raw.gif", Png(100));
        await _blog.PublishAsync("2026/11/post.md", Post.Markdown(title: "Gaps, fixed", slug: "gaps", body: "![here](present.png) ![gone](./chart.png) <img src=\"../raw.gif\">"));
        Assert.Equal(0, (await _api.GetAsync("/api/manage/files/2026/11/post.md")).Json.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task Looking_for_images_costs_nothing_without_relative_urls_and_one_request_per_distinct_image_with_them()
    {
        int Lookups() => _blog.Requests.Uris.Count(uri => uri.AbsolutePath.Contains($"/{_blog.Options.PostsContainer}/", StringComparison.Ordinal)
            && !uri.AbsolutePath.EndsWith(".md", StringComparison.Ordinal));

        var before = Lookups();
        await _blog.PublishAsync("plain.md", Post.Markdown(title: "Plain", slug: "plain", body: "![abs](https://example.com/a.png) ![site](/a.png) [x](#y)"));
        Assert.Equal(before, Lookups());

        await _blog.PublishAsync(
            "with/images.md",
            Post.Markdown(title: "Images", slug: "images", body: "![a](a.png) ![a again](./a.png) [a](a.png) ![b](b.jpg) [pdf](c.pdf)", extra: "coverImage: b.jpg"));
        Assert.Equal(before + 2, Lookups());
    }

    [Fact]
    public async Task A_reindex_after_the_media_base_changed_rewrites_the_urls_and_only_then()
    {
        await UploadBytesAsync("2026/chart.png", Png(100));
        await _blog.PublishAsync("2026/post.md", Post.Markdown(title: "Moved", slug: "moved", body: "![c](chart.png)"));
        Assert.Equal(0, (await _api.Reindexer.ReindexAsync()).Published); // nothing changed: nothing to do

        var compiler = new Blog.Publishing.ArticleCompiler(new Blog.Rendering.MarkdownRenderer(mediaBaseUrl: "https://cdn.example.com/posts"));
        var publisher = new Blog.Publishing.ArticlePublisher(_blog.Store, compiler, _blog.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<Blog.Publishing.ArticlePublisher>.Instance);
        var reindexer = new Blog.Operations.Reindexer(_blog.Store, publisher, Microsoft.Extensions.Logging.Abstractions.NullLogger<Blog.Operations.Reindexer>.Instance);

        Assert.Equal(1, (await reindexer.ReindexAsync()).Published);
        Assert.Contains(
            "src=\"https://cdn.example.com/posts/2026/chart.png\"",
            (await _api.GetAsync("/api/articles/moved")).Json.GetProperty("html").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(0, (await reindexer.ReindexAsync()).Published);
    }
}
