using System.ServiceModel.Syndication;
using System.Xml;
using Blog.Articles;
using Blog.Functions.Http;
using Blog.Queries;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Feeds;

/// <summary>What XML cannot carry never breaks a feed: characters outside XML 1.0 are left out, the rest kept exactly.</summary>
public sealed class FeedWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u0001b\u001Fc", "abc")]
    [InlineData("pair 😀 and \uFFFE\uFFFF", "pair 😀 and ")]
    [InlineData("tab\tnew\nline\r", "tab\tnew\nline\r")]
    public void Safe_keeps_exactly_what_xml_can_carry(string text, string expected) =>
        Assert.Equal(expected, FeedWriter.Safe(text));

    [Fact]
    public void Safe_leaves_out_lone_surrogate_halves_and_keeps_pairs()
    {
        // Not theory data: a lone surrogate does not survive the serialisation of test cases.
        Assert.Equal("lone  surrogate  halves 😀", FeedWriter.Safe("lone \uD800 surrogate \uDC00 halves \uD83D\uDE00"));
        Assert.Equal("end", FeedWriter.Safe("end\uD83D"));
    }

    [Fact]
    public void A_title_and_html_with_control_characters_still_give_feeds_the_standard_reader_loads()
    {
        var summary = new ArticleSummary
        {
            Slug = "odd", Title = "Bell\u0007 & 😀", Description = "d\u0000", Excerpt = "e", Category = null, Categories = [],
            Tags = [new TaxonomyRef("t", "T\u0008ag")], Author = "A\u001B", CoverImage = null,
            PublishedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), UpdatedAt = null,
            ReadingTimeMinutes = 1, WordCount = 1, Featured = false,
        };
        var links = new SiteLinks(new BlogOptions(), HttpCall.Request("GET", "/api/feeds/rss"));
        FeedItem[] items = [new(summary, "<p>x\u0003y</p>")];

        foreach (var body in new[] { FeedWriter.Rss(items, links, "Feed"), FeedWriter.Atom(items, links, "Feed") })
        {
            using var reader = XmlReader.Create(new MemoryStream(body));
            var item = SyndicationFeed.Load(reader).Items.Single();
            Assert.Equal("Bell & 😀", item.Title.Text);
            Assert.Equal("Tag", item.Categories.Single().Name);
        }
    }
}
