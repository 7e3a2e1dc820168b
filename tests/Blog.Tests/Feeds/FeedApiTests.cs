using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Feeds;

/// <summary>
/// The RSS, Atom and JSON feeds, read back with the standard readers: exactly the newest visible
/// articles, their full HTML and text round-tripping exactly, narrowing by tag and category, and
/// links that follow the configured templates.
/// </summary>
public sealed class FeedApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Site = "http://localhost:7071/";

    private TestBlog _blog = null!;
    private TestApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        _api = new TestApi(_blog);
        await FeedCorpus.PublishAsync(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    private static string ArticleUrl(string slug) => Site + "articles/" + slug;

    private async Task<SyndicationFeed> LoadAsync(string path, string contentType, TestApi? api = null)
    {
        var answer = await (api ?? _api).GetAsync(path);
        Assert.True(answer.Status == 200, $"{path}: {answer.Status} {answer.Text}");
        Assert.Equal(contentType, answer.Header("Content-Type"));
        using var reader = XmlReader.Create(new MemoryStream(answer.Body));
        return SyndicationFeed.Load(reader);
    }

    private async Task<JsonFeed> LoadJsonAsync(string path, TestApi? api = null)
    {
        var answer = await (api ?? _api).GetAsync(path);
        Assert.True(answer.Status == 200, $"{path}: {answer.Status} {answer.Text}");
        Assert.Equal("application/feed+json; charset=utf-8", answer.Header("Content-Type"));
        var feed = JsonSerializer.Deserialize<JsonFeed>(answer.Body)!;
        Assert.Equal("https://jsonfeed.org/version/1.1", feed.Version);
        return feed;
    }

    private async Task<string> HtmlOfAsync(string slug) => (await _api.GetAsync("/api/articles/" + slug)).Json.GetProperty("html").GetString()!;

    private static string? Encoded(SyndicationItem item) =>
        item.ElementExtensions.ReadElementExtensions<XmlElement>("encoded", "http://purl.org/rss/1.0/modules/content/").SingleOrDefault()?.InnerText;

    [Fact]
    public async Task Rss_holds_the_twenty_newest_visible_articles_with_full_html_and_exact_text()
    {
        var feed = await LoadAsync("/api/feeds/rss", "application/rss+xml; charset=utf-8");
        var items = feed.Items.ToList();

        Assert.Equal(FeedCorpus.Visible.Take(20).Select(ArticleUrl), items.Select(i => i.Id));
        Assert.Equal(FeedCorpus.Visible.Take(20).Select(ArticleUrl), items.Select(i => i.Links.Single(l => l.RelationshipType is null or "alternate").Uri.ToString()));
        Assert.DoesNotContain(items, i => FeedCorpus.Hidden.Any(h => i.Id.EndsWith("/" + h, StringComparison.Ordinal)));

        var special = items[0];
        Assert.Equal(FeedCorpus.SpecialTitle, special.Title.Text);
        var html = await HtmlOfAsync(FeedCorpus.SpecialSlug);
        Assert.Contains("]]&gt;", html, StringComparison.Ordinal);
        Assert.Contains("中文段落", html, StringComparison.Ordinal);
        Assert.Equal(html, Encoded(special));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), special.PublishDate);
        Assert.Equal(["News", "even", "cjk"], special.Categories.Select(c => c.Name));
        Assert.Equal(Site + "categories/news", special.Categories[0].Scheme);
        Assert.Equal(Site + "tags/cjk", special.Categories[2].Scheme);
        Assert.Equal("李 & Smith", special.ElementExtensions.ReadElementExtensions<XmlElement>("creator", "http://purl.org/dc/elements/1.1/").Single().InnerText);
        Assert.All(items, item => Assert.False(string.IsNullOrEmpty(Encoded(item))));
        Assert.Equal(await HtmlOfAsync("p10"), Encoded(items.Single(i => i.Id == ArticleUrl("p10"))));
        Assert.Equal(Site + "api/feeds/rss", feed.Links.Single(l => l.RelationshipType == "self").Uri.ToString());
    }

    [Fact]
    public async Task Every_author_of_an_article_is_in_each_feed()
    {
        await _blog.PublishAsync("pair.md", Post.Markdown(title: "Pair", slug: "pair", date: "2026-11-21T08:00:00Z", extra: "authors: [Ada Lovelace, Alan Turing]"));
        string[] both = ["Ada Lovelace", "Alan Turing"];

        var rss = (await LoadAsync("/api/feeds/rss", "application/rss+xml; charset=utf-8")).Items.First();
        var atom = (await LoadAsync("/api/feeds/atom", "application/atom+xml; charset=utf-8")).Items.First();
        var json = (await LoadJsonAsync("/api/feeds/json")).Items[0];

        Assert.Equal(both, rss.ElementExtensions.ReadElementExtensions<XmlElement>("creator", "http://purl.org/dc/elements/1.1/").Select(e => e.InnerText));
        Assert.Equal(both, atom.Authors.Select(a => a.Name));
        Assert.Equal(both, json.Authors.Select(a => a.Name));
    }

    [Fact]
    public async Task Atom_holds_the_same_articles_with_html_content_dates_categories_and_authors()
    {
        var feed = await LoadAsync("/api/feeds/atom", "application/atom+xml; charset=utf-8");
        var items = feed.Items.ToList();

        Assert.Equal(FeedCorpus.Visible.Take(20).Select(ArticleUrl), items.Select(i => i.Id));
        var special = items[0];
        Assert.Equal(FeedCorpus.SpecialTitle, special.Title.Text);
        var content = Assert.IsType<TextSyndicationContent>(special.Content);
        Assert.Equal("html", content.Type);
        Assert.Equal(await HtmlOfAsync(FeedCorpus.SpecialSlug), content.Text);
        Assert.Equal("李 & Smith", special.Authors.Single().Name);
        Assert.Equal(["News", "even", "cjk"], special.Categories.Select(c => c.Name));
        Assert.Equal(Site + "tags/even", special.Categories[1].Scheme);
        Assert.Equal(ArticleUrl(FeedCorpus.SpecialSlug), special.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());

        var updated = items.Single(i => i.Id == ArticleUrl(FeedCorpus.UpdatedSlug));
        Assert.Equal(new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero), updated.PublishDate);
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), updated.LastUpdatedTime);
        Assert.Equal("Jane Doe", updated.Authors.Single().Name);
        Assert.Equal("Body of post 5.", updated.Summary.Text);
        Assert.Equal(Site + "api/feeds/atom", feed.Links.Single(l => l.RelationshipType == "self").Uri.ToString());
    }

    [Fact]
    public async Task Json_feed_holds_the_same_articles_as_json_feed_1_1()
    {
        var feed = await LoadJsonAsync("/api/feeds/json");

        Assert.Equal(FeedCorpus.Visible.Take(20).Select(ArticleUrl), feed.Items.Select(i => i.Id));
        Assert.Equal(Site + "api/feeds/json", feed.FeedUrl);
        Assert.Equal(Site, feed.HomePageUrl);
        var special = feed.Items[0];
        Assert.Equal(FeedCorpus.SpecialTitle, special.Title);
        Assert.Equal(ArticleUrl(FeedCorpus.SpecialSlug), special.Url);
        Assert.Equal(await HtmlOfAsync(FeedCorpus.SpecialSlug), special.ContentHtml);
        Assert.Equal(["News", "even", "cjk"], special.Tags);
        Assert.Equal("李 & Smith", special.Authors.Single().Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), special.DatePublished);
        var updated = feed.Items.Single(i => i.Id == ArticleUrl(FeedCorpus.UpdatedSlug));
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero), updated.DateModified);
    }

    [Fact]
    public async Task A_scheduled_article_enters_the_feeds_when_its_moment_comes()
    {
        _blog.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero));

        var feed = await LoadJsonAsync("/api/feeds/json");

        Assert.Equal(ArticleUrl("scheduled"), feed.Items[0].Id);
        Assert.Equal(FeedCorpus.Visible.Take(19).Select(ArticleUrl), feed.Items.Skip(1).Select(i => i.Id));
    }

    [Theory]
    [InlineData("?tag=odd")]
    [InlineData("?category=third")]
    [InlineData("?tag=even&category=third")]
    [InlineData("?tag=cjk")]
    public async Task Tag_and_category_narrow_every_feed(string query)
    {
        var tag = query.Contains("tag=", StringComparison.Ordinal) ? query.Split("tag=")[1].Split('&')[0] : null;
        var third = query.Contains("category=third", StringComparison.Ordinal);
        var expected = FeedCorpus.Visible.Where(slug =>
            (tag is null || (slug == FeedCorpus.SpecialSlug ? tag is "even" or "cjk" : tag == (int.Parse(slug[1..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? "even" : "odd") || tag == "all")) &&
            (!third || (slug != FeedCorpus.SpecialSlug && int.Parse(slug[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0)))
            .Take(20).Select(ArticleUrl).ToList();
        Assert.NotEmpty(expected);

        Assert.Equal(expected, (await LoadAsync("/api/feeds/rss" + query, "application/rss+xml; charset=utf-8")).Items.Select(i => i.Id));
        Assert.Equal(expected, (await LoadAsync("/api/feeds/atom" + query, "application/atom+xml; charset=utf-8")).Items.Select(i => i.Id));
        Assert.Equal(expected, (await LoadJsonAsync("/api/feeds/json" + query)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_tag_nobody_uses_yet_gives_a_valid_empty_feed()
    {
        Assert.Empty((await LoadAsync("/api/feeds/rss?tag=nobody-yet", "application/rss+xml; charset=utf-8")).Items);
        Assert.Empty((await LoadAsync("/api/feeds/atom?category=nothing-here", "application/atom+xml; charset=utf-8")).Items);
        Assert.Empty((await LoadJsonAsync("/api/feeds/json?tag=nobody-yet")).Items);
    }

    [Theory]
    [InlineData("/api/feeds/rss?tag=Not%20A%20Slug", "tag must be a tag slug")]
    [InlineData("/api/feeds/atom?tag=a&tag=b", "tag may be given only once")]
    [InlineData("/api/feeds/json?category=a&category=b", "category may be given only once")]
    [InlineData("/api/feeds/json?category=news%0A", "category must be a category slug")]
    public async Task A_bad_tag_or_category_is_a_400_problem(string path, string detail)
    {
        var answer = await _api.GetAsync(path);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json; charset=utf-8", answer.Header("Content-Type"));
        Assert.StartsWith(detail, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_follow_the_configured_templates_and_site_url()
    {
        var api = new TestApi(_blog,
            ("Blog:SiteUrl", "https://example.com/blog/"),
            ("Blog:ArticleUrlTemplate", "https://cdn.example.org/posts/{slug}.html"),
            ("Blog:TagUrlTemplate", "/topics/{slug}/"),
            ("Blog:CategoryUrlTemplate", "sections/{slug}"),
            ("Blog:FeedTitle", "Example & Co"));

        var atom = await LoadAsync("/api/feeds/atom?tag=cjk", "application/atom+xml; charset=utf-8", api);
        var item = atom.Items.Single();

        Assert.Equal("Example & Co", atom.Title.Text);
        Assert.Equal("https://cdn.example.org/posts/special.html", item.Id);
        Assert.Equal("https://cdn.example.org/posts/special.html", item.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal("https://example.com/blog/sections/news", item.Categories[0].Scheme);
        Assert.Equal("https://example.com/blog/topics/cjk/", item.Categories[2].Scheme);
        Assert.Equal("https://example.com/blog/", atom.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal(Site + "api/feeds/atom?tag=cjk", atom.Links.Single(l => l.RelationshipType == "self").Uri.ToString());

        var json = await LoadJsonAsync("/api/feeds/json?tag=cjk", api);
        Assert.Equal("https://cdn.example.org/posts/special.html", json.Items.Single().Url);
        Assert.Equal("https://example.com/blog/", json.HomePageUrl);
    }

    private sealed record JsonFeed(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("home_page_url")] string HomePageUrl,
        [property: JsonPropertyName("feed_url")] string FeedUrl,
        [property: JsonPropertyName("items")] IReadOnlyList<JsonFeedItem> Items);

    private sealed record JsonFeedItem(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("content_html")] string ContentHtml,
        [property: JsonPropertyName("summary")] string Summary,
        [property: JsonPropertyName("date_published")] DateTimeOffset DatePublished,
        [property: JsonPropertyName("date_modified")] DateTimeOffset DateModified,
        [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
        [property: JsonPropertyName("authors")] IReadOnlyList<JsonFeedAuthor> Authors);

    private sealed record JsonFeedAuthor([property: JsonPropertyName("name")] string Name);
}
