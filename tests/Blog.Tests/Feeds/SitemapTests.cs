using System.Xml.Linq;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Feeds;

/// <summary>
/// <c>/api/sitemap.xml</c>: a sitemaps.org urlset of every visible article (with its last
/// change), tag and category page; above the part size, an index of parts.
/// </summary>
public sealed class SitemapTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private static readonly string[] Tags = ["all", "cjk", "even", "odd"];

    private static readonly string[] Categories = ["news", "third"];

    private TestBlog _blog = null!;

    public async ValueTask InitializeAsync()
    {
        _blog = await TestBlog.CreateAsync(azurite);
        await FeedCorpus.PublishAsync(_blog);
    }

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    /// <summary>Every page of the corpus, in the sitemap's order: articles newest first, then tags and categories by slug.</summary>
    private static List<string> ExpectedLocations(string site) =>
        FeedCorpus.Visible.Select(slug => site + "articles/" + slug)
            .Concat(Tags.Select(tag => site + "tags/" + tag))
            .Concat(Categories.Select(category => site + "categories/" + category))
            .ToList();

    private static async Task<XDocument> LoadAsync(TestApi api, string path)
    {
        var answer = await api.GetAsync(path);
        Assert.True(answer.Status == 200, $"{path}: {answer.Status} {answer.Text}");
        Assert.Equal("application/xml; charset=utf-8", answer.Header("Content-Type"));
        return XDocument.Load(new MemoryStream(answer.Body));
    }

    private static List<string> Locations(XDocument urlset)
    {
        Assert.Equal(Sitemaps + "urlset", urlset.Root!.Name);
        Assert.All(urlset.Root.Elements(), url => Assert.Equal(Sitemaps + "url", url.Name));
        return urlset.Root.Elements(Sitemaps + "url").Select(url => url.Element(Sitemaps + "loc")!.Value).ToList();
    }

    [Fact]
    public async Task The_sitemap_lists_exactly_the_visible_articles_tags_and_categories_with_last_changes()
    {
        var document = await LoadAsync(new TestApi(_blog), "/api/sitemap.xml");

        Assert.Equal(ExpectedLocations("http://localhost:7071/"), Locations(document));
        var lastmod = document.Root!.Elements(Sitemaps + "url")
            .ToDictionary(url => url.Element(Sitemaps + "loc")!.Value, url => url.Element(Sitemaps + "lastmod")?.Value);
        Assert.Equal("2026-11-15T10:00:00Z", lastmod["http://localhost:7071/articles/" + FeedCorpus.UpdatedSlug]);
        Assert.Equal("2026-11-20T08:00:00Z", lastmod["http://localhost:7071/articles/special"]);
        Assert.Equal("2026-10-01T08:00:00Z", lastmod["http://localhost:7071/articles/p01"]);
        Assert.Null(lastmod["http://localhost:7071/tags/even"]);
    }

    [Fact]
    public async Task Hidden_articles_appear_when_visible_and_a_tag_whose_articles_all_expired_leaves()
    {
        await _blog.PublishAsync("lonely.md", Post.Markdown(
            title: "Lonely", slug: "lonely", date: "2026-11-25T08:00:00Z", expires: "2026-12-01T00:00:00Z", tags: ["lonely-tag"]));
        var api = new TestApi(_blog, ("Blog:SiteUrl", "https://example.com"), ("Blog:TagUrlTemplate", "https://tags.example.com/{slug}"));

        var now = Locations(await LoadAsync(api, "/api/sitemap.xml"));
        Assert.Contains("https://example.com/articles/lonely", now);
        Assert.Contains("https://tags.example.com/lonely-tag", now);
        Assert.DoesNotContain("https://example.com/articles/scheduled", now);

        _blog.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero));
        var later = Locations(await LoadAsync(api, "/api/sitemap.xml"));
        Assert.DoesNotContain("https://example.com/articles/lonely", later);
        Assert.DoesNotContain("https://tags.example.com/lonely-tag", later);
        Assert.Equal("https://example.com/articles/scheduled", later[0]);
    }

    [Fact]
    public async Task Above_the_part_size_the_sitemap_is_an_index_of_parts_that_together_list_every_page()
    {
        var api = new TestApi(_blog, ("Blog:SitemapPartSize", "3"));
        var expected = ExpectedLocations("http://localhost:7071/");
        var partCount = (expected.Count + 2) / 3;

        var index = await LoadAsync(api, "/api/sitemap.xml");
        Assert.Equal(Sitemaps + "sitemapindex", index.Root!.Name);
        var parts = index.Root.Elements().Select(e =>
        {
            Assert.Equal(Sitemaps + "sitemap", e.Name);
            return e.Element(Sitemaps + "loc")!.Value;
        }).ToList();
        Assert.Equal(Enumerable.Range(1, partCount).Select(p => $"http://localhost:7071/api/sitemap.xml?part={p}"), parts);

        var listed = new List<string>();
        foreach (var part in parts)
        {
            var locations = Locations(await LoadAsync(api, part["http://localhost:7071".Length..]));
            Assert.InRange(locations.Count, 1, 3);
            listed.AddRange(locations);
        }

        Assert.Equal(expected, listed);

        var beyond = await api.GetAsync($"/api/sitemap.xml?part={partCount + 1}");
        Assert.Equal(404, beyond.Status);
        Assert.Equal("application/problem+json; charset=utf-8", beyond.Header("Content-Type"));
        foreach (var malformed in new[] { "0", "-1", "x", "1.5", "99999999999" })
        {
            var answer = await api.GetAsync("/api/sitemap.xml?part=" + malformed);
            Assert.True(answer.Status == 400, $"part={malformed}: {answer.Status}");
            Assert.Contains("part must be", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(400, (await api.GetAsync("/api/sitemap.xml?part=1&part=2")).Status);
    }

    [Fact]
    public async Task Within_the_part_size_part_one_is_the_whole_sitemap_and_part_two_is_missing()
    {
        var api = new TestApi(_blog);

        Assert.Equal(ExpectedLocations("http://localhost:7071/"), Locations(await LoadAsync(api, "/api/sitemap.xml?part=1")));
        Assert.Equal(404, (await api.GetAsync("/api/sitemap.xml?part=2")).Status);
    }
}
