using System.Globalization;
using Blog.Tests.Infrastructure;

namespace Blog.Tests.Feeds;

/// <summary>
/// A blog for the feed and sitemap tests: 22 visible articles (one with markup characters and CJK
/// in its title and body, one updated), a draft, a scheduled and an expired article that would
/// be among the newest if they were visible.
/// </summary>
public static class FeedCorpus
{
    public const string SpecialSlug = "special";

    /// <summary>A title holding what XML and JSON must escape, a CDATA end and CJK text.</summary>
    public const string SpecialTitle = "Q&A <b>bold</b> ]]> 漢字とかな";

    public const string SpecialBody = "Fish & chips < 3 ]]> 中文段落，还有日本語の文。\n\n```\nif (a < b && c]]>d) {}\n```";

    public const string UpdatedSlug = "p05";

    /// <summary>The visible slugs, newest first.</summary>
    public static IReadOnlyList<string> Visible { get; } =
        new[] { SpecialSlug }.Concat(Enumerable.Range(1, 21).Reverse().Select(Filler)).ToList();

    /// <summary>The hidden slugs: each would be the newest if it were visible.</summary>
    public static IReadOnlyList<string> Hidden { get; } = ["draft", "scheduled", "expired"];

    public static string Filler(int i) => "p" + i.ToString("00", CultureInfo.InvariantCulture);

    public static async Task PublishAsync(TestBlog blog)
    {
        for (var i = 1; i <= 21; i++)
        {
            await blog.PublishAsync($"{Filler(i)}.md", Post.Markdown(
                title: $"Post {i}",
                slug: Filler(i),
                date: $"2026-10-{i:00}T08:00:00Z",
                tags: i % 2 == 0 ? ["even", "all"] : ["odd", "all"],
                category: i % 3 == 0 ? "Third" : "News",
                body: $"Body of post {i}.",
                extra: Filler(i) == UpdatedSlug ? ["updated: 2026-11-15T10:00:00Z", "author: Jane Doe"] : []));
        }

        await blog.PublishAsync("special.md", Post.Markdown(
            title: SpecialTitle, slug: SpecialSlug, date: "2026-11-20T08:00:00Z", tags: ["even", "cjk"], category: "News",
            body: SpecialBody, extra: ["author: 李 & Smith"]));
        await blog.PublishAsync("draft.md", Post.Markdown(title: "Draft", slug: "draft", date: "2026-11-27T08:00:00Z", draft: true, tags: ["even"], category: "News"));
        await blog.PublishAsync("scheduled.md", Post.Markdown(title: "Scheduled", slug: "scheduled", date: "2026-12-24T08:00:00Z", tags: ["even"], category: "News"));
        await blog.PublishAsync("expired.md", Post.Markdown(
            title: "Expired", slug: "expired", date: "2026-11-26T08:00:00Z", expires: "2026-11-27T00:00:00Z", tags: ["even"], category: "News"));
    }
}
