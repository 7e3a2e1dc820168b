using Blog.Rendering;
using Xunit;

namespace Blog.Tests.Rendering;

/// <summary>
/// URLs that name a host must spell it plainly. Browsers read a backslash as a slash and skip
/// tabs and line breaks, so <c>\\evil.example/x</c> leads to <c>https://evil.example/x</c>
/// though it looks like a path; every such spelling is refused, in Markdown and raw HTML alike.
/// </summary>
public sealed class UrlPolicyTests
{
    private const string Site = "blog.example.com";

    private readonly MarkdownRenderer _renderer = new(new Uri("https://" + Site + "/"));

    /// <summary>Spellings a browser reads as naming the host evil.example.</summary>
    public static TheoryData<string> DisguisedHosts() => new()
    {
        "\\\\evil.example/x",
        "/\\evil.example/x",
        "\\/evil.example/x",
        "\\\\\\evil.example/x",
        "/\t/evil.example/x",
        "/\n/evil.example/x",
        "\t\\\\evil.example/x",
        "\\\t\\evil.example/x",
        "/\r\n\\evil.example/x",
        " \\\\evil.example/x",
        "///evil.example/x",
        "https:\\\\evil.example/x",
        "https:/\\evil.example/x",
        "https:\\/evil.example/x",
        "https:/evil.example/x",
        "https:evil.example/x",
        "http:evil.example/x",
        "HTTPS:\\\\evil.example/x",
        "https:///evil.example/x",
        "https:/\t/evil.example/x",
        "https:\t//evil.example/x",
    };

    [Theory]
    [MemberData(nameof(DisguisedHosts))]
    public void Disguised_hosts_are_refused_as_links_and_images(string url)
    {
        Assert.False(UrlPolicy.IsSafeLink(url));
        Assert.False(UrlPolicy.IsSafeImage(url));
        Assert.False(UrlPolicy.IsAbsoluteWebUrl(url));
        Assert.False(UrlPolicy.IsRelative(url));
    }

    [Theory]
    [MemberData(nameof(DisguisedHosts))]
    public void Disguised_hosts_in_raw_html_attributes_are_dropped(string url)
    {
        var encoded = System.Net.WebUtility.HtmlEncode(url).Replace("\t", "&#9;", StringComparison.Ordinal)
            .Replace("\n", "&#10;", StringComparison.Ordinal).Replace("\r", "&#13;", StringComparison.Ordinal);
        var html = _renderer.Render(
            $"<a href=\"{encoded}\">a</a> <img src=\"{encoded}\" alt=\"i\"> <q cite=\"{encoded}\">q</q>\n\n<blockquote cite=\"{encoded}\">b</blockquote>").Html;

        Assert.DoesNotContain("evil", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DisguisedHosts))]
    public void Disguised_hosts_in_markdown_links_and_images_are_refused(string url)
    {
        // As a character reference, so that Markdown's own backslash escapes leave the URL as it is.
        var written = string.Concat(url.Select(c => c is '\\' or '\t' or '\n' or '\r' or ' ' ? $"&#{(int)c};" : c.ToString()));
        var html = _renderer.Render($"[link]({written}) ![image]({written}) [reference][r]\n\n[r]: {written}").Html;

        Assert.DoesNotContain("evil", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<a href=\"#\">").Length - 1);
    }

    [Theory]
    [InlineData("https:\\\\evil.example/x")]
    [InlineData("https:/\\evil.example/x")]
    [InlineData("http:evil.example/x")]
    public void Disguised_hosts_in_autolinks_stay_text(string url)
    {
        var html = _renderer.Render($"<{url}>").Html;

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_written_plainly_is_external_and_allowed()
    {
        Assert.True(UrlPolicy.IsSafeLink("//evil.example/x"));
        Assert.True(UrlPolicy.IsExternal("//evil.example/x", Site));
        Assert.True(UrlPolicy.IsExternal(" //evil.example/x", Site));
        Assert.True(UrlPolicy.IsExternal("ht\ttps://evil.example/x", Site));
        Assert.False(UrlPolicy.IsExternal("//" + Site + "/x", Site));

        var html = _renderer.Render("[a](//evil.example/x) <a href=\"//evil.example/y\">b</a>").Html;

        Assert.Contains("<a href=\"//evil.example/x\" rel=\"noopener noreferrer\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"//evil.example/y\" rel=\"noopener noreferrer\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://blog.example.com@evil.example/", true)]
    [InlineData("https://evil.example\\@blog.example.com/", true)]
    [InlineData("https://evil.example#@blog.example.com", true)]
    [InlineData("https://evil.example?@blog.example.com", true)]
    [InlineData("https://blog.example.com.evil.example/", true)]
    [InlineData("https://blog%2Eexample.com/", true)]
    [InlineData("https://user:pass@blog.example.com:8443/x", false)]
    [InlineData("HTTPS://BLOG.EXAMPLE.COM/x", false)]
    [InlineData("https://blog.example.com\\path", false)]
    [InlineData("/posts/x", false)]
    [InlineData("posts/x", false)]
    [InlineData("/\u0001/evil.example", false)]
    [InlineData("%5C%5Cevil.example/x", false)]
    [InlineData("#top", false)]
    [InlineData("mailto:someone@evil.example", false)]
    public void Only_the_site_host_as_a_browser_reads_it_is_internal(string url, bool external)
    {
        Assert.True(UrlPolicy.IsSafeLink(url));
        Assert.Equal(external, UrlPolicy.IsExternal(url, Site));
    }

    [Theory]
    [InlineData("/images/cover.png", true)]
    [InlineData("images/cover.png", true)]
    [InlineData("../cover.png", true)]
    [InlineData("/images\\cover.png", true)]
    [InlineData("//cdn.example/cover.png", false)]
    [InlineData("https://cdn.example/cover.png", false)]
    [InlineData("mailto:a@example.com", false)]
    [InlineData("", false)]
    public void Relative_means_a_path_query_or_fragment_that_names_no_host(string url, bool relative)
    {
        Assert.Equal(relative, UrlPolicy.IsRelative(url));
    }

    [Theory]
    [InlineData("foo):", true)]
    [InlineData("a b:c", false)] // browsers see no scheme; refused here, on the safe side
    [InlineData("1password:x", true)]
    [InlineData("caf\u00e9:menu", true)]
    [InlineData("ja\u00a0vascript:alert(1)", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("JAVA\nSCRIPT:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("a+b.c-d:x", false)]
    [InlineData("averyveryverylongscheme:x", false)]
    public void A_colon_ends_a_scheme_only_after_letters_digits_plus_minus_or_dots(string url, bool relative)
    {
        // As browsers parse URLs: "foo):" has no scheme, so it is a path on the site, not a
        // scheme to refuse; whatever has a scheme and is not allowed stays refused.
        Assert.Equal(relative, UrlPolicy.IsRelative(url));
        Assert.Equal(relative, UrlPolicy.IsSafeLink(url));
    }

    [Fact]
    public void A_relative_link_with_a_colon_after_a_non_scheme_character_is_kept()
    {
        // CommonMark example 500 (spec 0.31): backslash escapes in a link destination.
        var html = _renderer.Render("[link](foo\\)\\:)").Html;

        Assert.Equal("<p><a href=\"foo):\">link</a></p>\n", html);
    }

    [Theory]
    [InlineData("https://example.com/a?b=c#d", true)]
    [InlineData("https://example.com/caf\u00e9.png", true)]
    [InlineData("https://example.com/a b", false)]
    [InlineData("https://example.com/\"><script>", false)]
    [InlineData("https://example.com/'x'", false)]
    [InlineData("https://example.com/<x>", false)]
    [InlineData("https://example.com/`x`", false)]
    [InlineData("https://example.com/a\\b", false)]
    [InlineData("https://example.com/a\tb", false)]
    [InlineData("https://example.com/a\u00a0b", false)]
    [InlineData("https://example.com/a\u0001b", false)]
    public void Attribute_safe_urls_hold_nothing_that_ends_an_attribute(string url, bool safe)
    {
        Assert.Equal(safe, UrlPolicy.IsAttributeSafe(url));
    }
}
