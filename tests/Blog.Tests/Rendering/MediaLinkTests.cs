using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// Relative image and link URLs resolve against the folder of the article's blob and go to the
/// media route (<see cref="MediaLinks"/>); everything else stays as written.
/// </summary>
public sealed class MediaLinkTests
{
    private const string BlobName = "2026/11/post.md";

    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("./chart.png", "/api/media/2026/11/chart.png")]
    [InlineData("chart.png", "/api/media/2026/11/chart.png")]
    [InlineData("./img/chart.png", "/api/media/2026/11/img/chart.png")]
    [InlineData("../x.jpg", "/api/media/2026/x.jpg")]
    [InlineData("../../x.jpg", "/api/media/x.jpg")]
    [InlineData("img/../chart.png", "/api/media/2026/11/chart.png")]
    [InlineData("./img/./a//b.png", "/api/media/2026/11/img/a/b.png")]
    [InlineData("chart.png?v=2#top", "/api/media/2026/11/chart.png?v=2#top")]
    [InlineData("chart.png#frag", "/api/media/2026/11/chart.png#frag")]
    [InlineData("my%20chart.png", "/api/media/2026/11/my%20chart.png")]
    [InlineData("caf\u00e9.png", "/api/media/2026/11/caf%C3%A9.png")]
    [InlineData("\u56fe\u8868.png", "/api/media/2026/11/%E5%9B%BE%E8%A1%A8.png")]
    [InlineData("a&b (1).png", "/api/media/2026/11/a%26b%20%281%29.png")]
    [InlineData("img\\chart.png", "/api/media/2026/11/img/chart.png")]
    public void Resolves_against_the_post_s_folder_and_encodes_each_segment(string url, string expected)
    {
        var media = _renderer.MediaFor(BlobName);

        Assert.Equal(expected, media.Rewrite(url, isImage: true));
        Assert.Empty(media.Warnings);
        Assert.Single(media.Targets);
    }

    [Theory]
    [InlineData("https://cdn.example.com/a.png")]
    [InlineData("HTTP://cdn.example.com/a.png")]
    [InlineData("//cdn.example.com/a.png")]
    [InlineData("/images/a.png")]
    [InlineData("#section")]
    [InlineData("?page=2")]
    [InlineData("mailto:a@example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,AAAA")]
    [InlineData("")]
    [InlineData("./")]
    [InlineData("../")]
    [InlineData("img/")]
    [InlineData(".")]
    public void Leaves_absolute_site_fragment_query_and_folder_urls_as_written(string url)
    {
        var media = _renderer.MediaFor(BlobName);

        Assert.Same(url, media.Rewrite(url, isImage: true));
        Assert.Same(url, media.Rewrite(url, isImage: false));
        Assert.Empty(media.Targets);
        Assert.Empty(media.Warnings);
    }

    [Fact]
    public void A_url_above_the_container_s_top_stays_as_written_with_a_warning()
    {
        var media = _renderer.MediaFor(BlobName);

        Assert.Equal("../../../x.png", media.Rewrite("../../../x.png", isImage: true));
        Assert.Empty(media.Targets);
        Assert.Equal("image ../../../x.png points above the top of the posts container (from 2026/11/post.md); it was left as written.", Assert.Single(media.Warnings));
    }

    [Theory]
    [InlineData("./other-post.md")]
    [InlineData("../2025/older.markdown#part")]
    [InlineData("NOTES.MD")]
    public void Links_to_markdown_files_stay_as_written(string url)
    {
        var media = _renderer.MediaFor(BlobName);

        Assert.Same(url, media.Rewrite(url, isImage: false));
        Assert.Empty(media.Targets);
    }

    [Fact]
    public void A_link_to_a_file_the_route_does_not_serve_is_rewritten_with_a_warning()
    {
        var media = _renderer.MediaFor(BlobName);

        Assert.Equal("/api/media/2026/11/paper.pdf", media.Rewrite("./paper.pdf", isImage: false));
        Assert.Contains("link ./paper.pdf (2026/11/paper.pdf) is not a file the media route serves", Assert.Single(media.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_images_and_links_and_raw_html_img_and_a_are_rewritten_with_lazy_loading_kept()
    {
        var media = _renderer.MediaFor(BlobName);
        var html = _renderer.Render(
            """
            ![Chart](./chart.png "A chart") and [the data](data/table.csv) and [top](#top) and [home](/about) and [elsewhere](https://example.com/x.png).

            Reference style: ![ref][logo]

            [logo]: ../logo.svg

            <figure><img src="./img/raw.png" alt="Raw"><figcaption><a href="raw.gif?x=1">raw</a></figcaption></figure>

            Inline <img src="inline.webp"> image.
            """,
            media: media).Html;

        Assert.Contains("<img src=\"/api/media/2026/11/chart.png\" loading=\"lazy\" alt=\"Chart\" title=\"A chart\" />", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/media/2026/11/data/table.csv\">the data</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#top\">top</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/about\">home</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/x.png\"", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/api/media/2026/logo.svg\" loading=\"lazy\" alt=\"ref\" />", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/api/media/2026/11/img/raw.png\" alt=\"Raw\" loading=\"lazy\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/media/2026/11/raw.gif?x=1\">raw</a>", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/api/media/2026/11/inline.webp\" loading=\"lazy\">", html, StringComparison.Ordinal);
        Assert.Equal(
            ["2026/11/chart.png", "2026/11/data/table.csv", "2026/logo.svg", "2026/11/img/raw.png", "2026/11/raw.gif", "2026/11/inline.webp"],
            media.Targets.Select(t => t.Path));
    }

    [Fact]
    public void Without_media_links_relative_urls_stay_as_written()
    {
        var html = _renderer.Render("![Chart](./chart.png) <img src=\"x.png\">").Html;

        Assert.Contains("src=\"./chart.png\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"x.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsafe_urls_are_still_refused_after_rewriting()
    {
        var media = _renderer.MediaFor(BlobName);
        var html = _renderer.Render("[x](javascript:alert(1)) ![y](data:image/png;base64,AA) <img src=\"javascript:x\"> <a href=\"vbscript:x\">v</a>", media: media).Html;

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/api/media", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://cdn.example.com/posts/", "https://cdn.example.com/posts/2026/11/chart.png")]
    [InlineData("https://cdn.example.com", "https://cdn.example.com/2026/11/chart.png")]
    [InlineData("/media", "/media/2026/11/chart.png")]
    [InlineData(null, "/api/media/2026/11/chart.png")]
    public void The_media_base_is_configurable_to_a_path_or_an_absolute_url(string? mediaBase, string expected)
    {
        var renderer = new MarkdownRenderer(mediaBaseUrl: mediaBase);

        Assert.Contains($"src=\"{expected}\"", renderer.Render("![c](chart.png)", media: renderer.MediaFor(BlobName)).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//cdn.example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://cdn.example.com")]
    [InlineData("media")]
    [InlineData("/api/media?x=1")]
    [InlineData("https://cdn.example.com/a b")]
    public void A_media_base_that_is_neither_a_path_nor_an_http_url_stops_the_start(string mediaBase)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MarkdownRenderer(mediaBaseUrl: mediaBase));

        Assert.Contains("Blog__MediaBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_compiler_rewrites_by_blob_name_and_the_cover_image_too()
    {
        var compiler = new ArticleCompiler(_renderer);
        var markdown = Post.Markdown(body: "![a](./a.png) ![b](../../../up.png)", extra: "coverImage: ./cover.jpg");

        var article = compiler.Compile("notes/deep/post.md", Encoding.UTF8.GetBytes(markdown));
        var again = compiler.Compile("notes/deep/post.md", Encoding.UTF8.GetBytes(markdown));
        var elsewhere = compiler.Compile("post.md", Encoding.UTF8.GetBytes(markdown));

        Assert.Equal("/api/media/notes/deep/cover.jpg", article.CoverImage);
        Assert.Contains("src=\"/api/media/notes/deep/a.png\"", article.Html, StringComparison.Ordinal);
        Assert.Equal(["notes/deep/a.png", "notes/deep/cover.jpg"], article.MediaTargets.Select(t => t.Path));
        Assert.Equal("image ../../../up.png points above the top of the posts container (from notes/deep/post.md); it was left as written.", Assert.Single(article.Warnings));
        Assert.Equal(article.Html, again.Html);
        Assert.Contains("src=\"/api/media/a.png\"", elsewhere.Html, StringComparison.Ordinal);
    }
}
