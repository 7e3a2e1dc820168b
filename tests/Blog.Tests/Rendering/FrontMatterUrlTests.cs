using System.Text;
using Blog.Publishing;
using Blog.Rendering;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// The URLs of the front matter follow the rules links follow (<see cref="UrlPolicy"/>):
/// <c>canonicalUrl</c> a plain absolute http(s) URL, <c>coverImage</c> that or a path on the
/// site (a relative one, beside the post, goes to the media route). Pages write both into attributes (<c>&lt;link href&gt;</c>, <c>&lt;img src&gt;</c>),
/// so neither may hold a character that could end the attribute; what breaks a rule is
/// refused with the line it stands on.
/// </summary>
public sealed class FrontMatterUrlTests
{
    private const int FirstExtraLine = 4; // ---, title, date, then the line under test

    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());

    [Fact]
    public void Refuses_a_canonical_url_that_would_end_its_attribute_with_the_authors_line()
    {
        var rejection = Refuse("canonicalUrl: \"https://ok.example/\\\"><script>alert(1)</script>\"");

        Assert.Equal(
            "canonicalUrl: 'https://ok.example/\"><script>alert(1)</script>' holds a space, quote, angle bracket, backtick, backslash or control character, which a URL cannot carry as written. Percent-encode it (a space is %20, a double quote %22) or leave it out.",
            rejection.Message);
        Assert.Equal(FirstExtraLine, rejection.Line);
    }

    [Theory]
    [InlineData("canonicalUrl: https://ok.example/a<b>")]
    [InlineData("canonicalUrl: https://ok.example/'onmouseover='x")]
    [InlineData("canonicalUrl: \"https://ok.example/a b\"")]
    [InlineData("canonicalUrl: \"https://ok.example/a\\tb\"")]
    [InlineData("canonical_url: https://ok.example/`x`")]
    [InlineData("coverImage: \"https://ok.example/\\\"><script>alert(1)</script>.png\"")]
    [InlineData("coverImage: /images/<img>.png")]
    [InlineData("coverImage: \"/images/my cover.png\"")]
    [InlineData("image: /images\\cover.png")]
    public void Refuses_urls_that_could_end_an_attribute(string line)
    {
        var rejection = Refuse(line);

        Assert.StartsWith(line[..line.IndexOf(':', StringComparison.Ordinal)] + ": '", rejection.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            "' holds a space, quote, angle bracket, backtick, backslash or control character, which a URL cannot carry as written. Percent-encode it (a space is %20, a double quote %22) or leave it out.",
            rejection.Message,
            StringComparison.Ordinal);
        Assert.Equal(FirstExtraLine, rejection.Line);
    }

    [Theory]
    [InlineData("coverImage: \\\\evil.example\\x.png")]
    [InlineData("coverImage: \"\\\\\\\\evil.example/x.png\"")]
    [InlineData("coverImage: /\\evil.example/x.png")]
    [InlineData("coverImage: \"/\\t/evil.example/x.png\"")]
    [InlineData("coverImage: //evil.example/x.png")]
    [InlineData("coverImage: https:\\\\evil.example/x.png")]
    [InlineData("coverImage: https:evil.example/x.png")]
    [InlineData("coverImage: javascript:alert(1)")]
    [InlineData("coverImage: data:image/png;base64,AAAA")]
    [InlineData("feature_image: mailto:a@example.com")]
    public void Refuses_cover_images_that_are_neither_http_nor_a_path(string line)
    {
        var rejection = Refuse(line);

        Assert.EndsWith(
            "' is not a usable image address. Use an http(s) URL or a path such as /images/cover.png.",
            rejection.Message,
            StringComparison.Ordinal);
        Assert.Equal(FirstExtraLine, rejection.Line);
    }

    [Theory]
    [InlineData("canonicalUrl: /posts/original")]
    [InlineData("canonicalUrl: //example.com/original")]
    [InlineData("canonicalUrl: \\\\example.com\\original")]
    [InlineData("canonicalUrl: https:/example.com/original")]
    [InlineData("canonicalUrl: https:\\\\example.com/original")]
    [InlineData("canonicalUrl: ftp://example.com/original")]
    [InlineData("canonicalUrl: mailto:a@example.com")]
    [InlineData("canonicalUrl: original")]
    public void Refuses_canonical_urls_that_are_not_absolute_http(string line)
    {
        var rejection = Refuse(line);

        Assert.EndsWith("' is not an http(s) URL.", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(FirstExtraLine, rejection.Line);
    }

    [Theory]
    [InlineData("coverImage: https://cdn.example.com/cover.png?w=800&h=400", "https://cdn.example.com/cover.png?w=800&h=400")]
    [InlineData("coverImage: HTTP://cdn.example.com/cover.png", "HTTP://cdn.example.com/cover.png")]
    [InlineData("coverImage: /images/cover.png", "/images/cover.png")]
    [InlineData("coverImage: images/cover%20photo.png", "/api/media/2026/images/cover%20photo.png")] // beside the post: the media route
    [InlineData("coverImage: ../cover.png", "/api/media/cover.png")]
    [InlineData("coverImage: ./cover.png?v=2#top", "/api/media/2026/cover.png?v=2#top")]
    [InlineData("coverImage: ../../cover.png", "../../cover.png")] // above the container's top: left as written
    [InlineData("coverImage: /images/caf\u00e9.png", "/images/caf\u00e9.png")]
    [InlineData("image:\n  path: /images/cover.png\n  alt: A cover", "/images/cover.png")]
    public void Accepts_http_and_path_cover_images(string line, string expected)
    {
        Assert.Equal(expected, Compile(line).CoverImage);
    }

    [Theory]
    [InlineData("canonicalUrl: https://example.com/original", "https://example.com/original")]
    [InlineData("canonicalUrl: \"https://example.com/a?b=c&d=e#f\"", "https://example.com/a?b=c&d=e#f")]
    [InlineData("canonical_url: http://example.com:8080/x", "http://example.com:8080/x")]
    public void Accepts_plain_absolute_http_canonical_urls(string line, string expected)
    {
        Assert.Equal(expected, Compile(line).CanonicalUrl);
    }

    private CompiledArticle Compile(string line) =>
        _compiler.Compile("2026/post.md", Encoding.UTF8.GetBytes(Post.Markdown(date: "2026-11-28", extra: line)));

    private Rejection Refuse(string line) =>
        Assert.Throws<ContentRejectedException>(() => Compile(line)).Rejection;
}
