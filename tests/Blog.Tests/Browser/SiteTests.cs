using System.Net;
using System.Text.RegularExpressions;
using Blog.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Blog.Tests.Browser;

/// <summary>
/// The reference frontend in Chromium against the dev host with the sample posts: what each page
/// shows, paging, anchors, redirects, problems, and no console error or uncaught exception anywhere.
/// </summary>
public sealed class SiteTests(BlogSite site) : IClassFixture<BlogSite>
{
    /// <summary>The visible sample posts, newest first: neither the draft nor the one scheduled for 2027.</summary>
    private static readonly string[] VisibleNewestFirst =
    [
        "open-weights-coding-model",
        "evaluating-rag-pipelines",
        "china-ai-talent-retention",
        "agents-in-production",
        "gpu-prices-fall",
        "prompt-versioning",
    ];

    private static async Task<List<string>> CardSlugsAsync(ILocator cards)
    {
        var slugs = new List<string>();
        foreach (var card in await cards.AllAsync())
        {
            slugs.Add((await card.GetAttributeAsync("data-slug"))!);
        }

        return slugs;
    }

    [Fact]
    public void Chromium_is_there_or_was_installed_and_the_output_says_which()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(site.ChromiumSetup);
        Assert.True(File.Exists(SystemChromium.ExecutablePath));
        Assert.Contains(SystemChromium.ExecutablePath, site.ChromiumSetup, StringComparison.Ordinal);
        Assert.NotEmpty(site.Browser.Version);
    }

    [Fact]
    public async Task Home_lists_the_visible_posts_newest_first_with_their_details_and_the_feed_and_categories()
    {
        await using var home = await site.OpenAsync("index.html");

        Assert.Equal(VisibleNewestFirst, await CardSlugsAsync(home.Page.Locator("#articles .card")));
        await Expect(home.Page.Locator("#list-status")).ToHaveTextAsync("Showing 6 of 6 articles");
        await Expect(home.Page.Locator("#load-more")).ToBeHiddenAsync();

        var first = home.Page.Locator(".card[data-slug=open-weights-coding-model]");
        await Expect(first.Locator(".card-title a")).ToHaveTextAsync("An open-weights coding model closes the gap");
        await Expect(first.Locator(".card-title a")).ToHaveAttributeAsync("href", "article.html?slug=open-weights-coding-model");
        await Expect(first.Locator(".card-category")).ToHaveTextAsync("News");
        await Expect(first.Locator(".card-description")).ToContainTextAsync("32-billion-parameter model");
        await Expect(first.Locator(".reading-time")).ToHaveTextAsync("1 min read");
        await Expect(first.Locator("time")).ToHaveAttributeAsync("datetime", "2026-11-24T08:00:00Z");
        await Expect(first.Locator("time")).ToHaveTextAsync("November 24, 2026");
        await Expect(first.Locator(".tags a")).ToHaveTextAsync(["#models", "#open source", "#coding assistants"]);

        // The category switcher: every category with its count, "All" current.
        var categories = home.Page.Locator("#categories a");
        await Expect(categories).ToHaveTextAsync(["All", "Analysis (2)", "Guides (2)", "News (2)", "Engineering (1)"]);
        await Expect(categories.First).ToHaveAttributeAsync("aria-current", "page");
        await Expect(categories.Nth(1)).ToHaveAttributeAsync("href", "category.html?slug=analysis");

        // The RSS feed, as a link and in <head> with the other two feeds.
        var api = site.Host.BaseAddress.ToString().TrimEnd('/');
        await Expect(home.Page.Locator("#feed-link")).ToHaveAttributeAsync("href", api + "/feeds/rss");
        await Expect(home.Page.Locator("link[rel=alternate]")).ToHaveCountAsync(3);

        // Landmarks and one h1.
        await Expect(home.Page.Locator("header, main, footer, nav[aria-label=Site]")).ToHaveCountAsync(4);
        await Expect(home.Page.Locator("h1")).ToHaveCountAsync(1);

        var screenshot = await home.ScreenshotAsync("home");
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {screenshot}");
        home.AssertNoErrors();
    }

    [Fact]
    public async Task Load_more_pages_through_every_post_once_in_order()
    {
        await using var home = await site.OpenAsync("index.html?limit=2");
        var cards = home.Page.Locator("#articles .card");
        var button = home.Page.Locator("#load-more");

        await Expect(cards).ToHaveCountAsync(2);
        await Expect(home.Page.Locator("#list-status")).ToHaveTextAsync("Showing 2 of 6 articles");
        for (var expected = 4; expected <= 6; expected += 2)
        {
            await button.ClickAsync();
            await Expect(cards).ToHaveCountAsync(expected);
        }

        await Expect(button).ToBeHiddenAsync();
        var slugs = await CardSlugsAsync(cards);
        Assert.Equal(VisibleNewestFirst, slugs);
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        // Focus moves to the first article the last page brought.
        await Expect(cards.Nth(4).Locator(".card-title a")).ToBeFocusedAsync();
        home.AssertNoErrors();
    }

    [Fact]
    public async Task An_article_page_shows_every_element_of_the_article()
    {
        await using var article = await site.OpenAsync("article.html?slug=open-weights-coding-model");
        var page = article.Page;

        await Expect(page).ToHaveTitleAsync("An open-weights coding model closes the gap · The Blog");
        await Expect(page.Locator("h1")).ToHaveTextAsync("An open-weights coding model closes the gap");
        await Expect(page.Locator(".article-category a")).ToHaveTextAsync("News");
        await Expect(page.Locator(".article-category a")).ToHaveAttributeAsync("href", "category.html?slug=news");
        await Expect(page.Locator(".article-description")).ToHaveTextAsync(
            "A 32-billion-parameter model with a permissive licence now matches last year's best closed models on repository-level coding benchmarks.");
        await Expect(page.Locator(".article-meta .reading-time")).ToHaveTextAsync(new Regex(@"^\d+ min read$"));
        await Expect(page.Locator(".article-meta .reading-time")).ToHaveTextAsync("1 min read");
        await Expect(page.Locator(".article-meta time.published")).ToHaveTextAsync("November 24, 2026");
        await Expect(page.Locator(".article-meta time.published")).ToHaveAttributeAsync("datetime", "2026-11-24T08:00:00Z");
        await Expect(page.Locator(".article-meta .author")).ToHaveTextAsync("By Mara Lindqvist");

        // The body is the API's HTML as it is, headings with their ids.
        var (_, api) = await site.ApiAsync("articles/open-weights-coding-model");
        await Expect(page.Locator(".article-body h2")).ToHaveTextAsync(["What is new", "Why it matters"]);
        await Expect(page.Locator(".article-body h2#what-is-new")).ToHaveCountAsync(1);
        await Expect(page.Locator(".article-body strong")).ToHaveTextAsync("long-context repository data");
        Assert.Equal(
            await page.EvaluateAsync<string>("html => { const t = document.createElement('div'); t.innerHTML = html; return t.innerHTML; }", api.GetProperty("html").GetString()),
            await page.Locator(".article-body").InnerHTMLAsync());

        await Expect(page.Locator(".article-tags a")).ToHaveTextAsync(["#models", "#open source", "#coding assistants"]);
        await Expect(page.Locator(".article-tags a").First).ToHaveAttributeAsync("href", "tag.html?slug=models");
        await Expect(page.Locator("#related .card-title a")).ToHaveTextAsync(["Agents in production: five lessons from teams that shipped"]);
        await Expect(page.Locator("#related .card-title a")).ToHaveAttributeAsync("href", "article.html?slug=agents-in-production");
        await Expect(page.Locator("a.back-link")).ToHaveTextAsync("← Back to Blog");
        await Expect(page.Locator("a.back-link")).ToHaveAttributeAsync("href", "./");

        // The cover keeps its box while it loads, and it loaded.
        var cover = page.Locator(".cover img");
        await Expect(cover).ToHaveAttributeAsync("width", "1200");
        await Expect(cover).ToHaveAttributeAsync("height", "630");
        await Expect(cover).ToHaveAttributeAsync("alt", string.Empty);
        Assert.True(await cover.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        // Head: canonical URL of the page, the three feeds.
        await Expect(page.Locator("link[rel=canonical]")).ToHaveAttributeAsync("href", new Uri(site.SiteAddress, "article.html?slug=open-weights-coding-model").ToString());
        await Expect(page.Locator("link[rel=alternate][type='application/rss+xml']")).ToHaveAttributeAsync("href", site.Host.BaseAddress + "feeds/rss");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveCountAsync(3);

        var screenshot = await article.ScreenshotAsync("article");
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {screenshot}");
        article.AssertNoErrors();
    }

    [Fact]
    public async Task An_article_in_a_series_shows_its_part_and_links_its_neighbours()
    {
        await using var article = await site.OpenAsync("article.html?slug=evaluating-rag-pipelines");
        var page = article.Page;

        await Expect(page.Locator("#series h2")).ToHaveTextAsync("Part 2 of 2 in Shipping LLM features");
        await Expect(page.Locator("#series a[rel=prev]")).ToHaveTextAsync("Previous: Version your prompts like code");
        await Expect(page.Locator("#series a[rel=prev]")).ToHaveAttributeAsync("href", "article.html?slug=prompt-versioning");
        await Expect(page.Locator("#series a[rel=next]")).ToHaveCountAsync(0);
        await page.Locator("#series a[rel=prev]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Version your prompts like code");
        await Expect(page.Locator("#series a[rel=next]")).ToHaveAttributeAsync("href", "article.html?slug=evaluating-rag-pipelines");
        article.AssertNoErrors();
    }

    [Fact]
    public async Task An_author_link_opens_the_authors_page_with_the_profile_and_their_articles()
    {
        await using var article = await site.OpenAsync("article.html?slug=prompt-versioning");
        var page = article.Page;

        await Expect(page.Locator(".article-meta .author a[rel=author]")).ToHaveTextAsync("Dev Patel");
        await page.Locator(".article-meta .author a[rel=author]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"author\.html\?slug=dev-patel$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dev Patel");
        await Expect(page.Locator("#author-bio")).ToHaveTextAsync(new Regex("^Builds evaluation tooling"));
        await Expect(page.Locator("#page-count")).ToHaveTextAsync("3 articles");
        await Expect(page.Locator("#articles .card")).ToHaveCountAsync(3);
        Assert.Equal(["evaluating-rag-pipelines", "gpu-prices-fall", "prompt-versioning"], await CardSlugsAsync(page.Locator("#articles .card")));
        article.AssertNoErrors();
    }

    [Fact]
    public async Task Table_of_contents_links_scroll_to_their_headings()
    {
        // A phone-sized window, so the later headings start below the fold.
        await using var article = await site.OpenAsync("article.html?slug=evaluating-rag-pipelines", width: 390, height: 640);
        var page = article.Page;
        var links = page.Locator("#toc a");
        await Expect(links).ToHaveTextAsync(["The three numbers", "Measuring recall", "Checklist"]);

        foreach (var id in new[] { "checklist", "measuring-recall", "the-three-numbers" })
        {
            var heading = page.Locator($".article-body h2#{id}");
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await Expect(page.Locator("h1")).ToBeInViewportAsync();
            if (id == "checklist")
            {
                await Expect(heading).Not.ToBeInViewportAsync();
            }

            await page.Locator($"#toc a[href='#{id}']").ClickAsync();
            await Expect(heading).ToBeInViewportAsync();
            Assert.EndsWith("#" + id, page.Url, StringComparison.Ordinal);
        }

        await Expect(page.Locator(".article-tags a")).ToHaveTextAsync(["#evaluation", "#rag", "#python"]);
        await Expect(page.Locator("#related .card")).ToHaveCountAsync(2);
        article.AssertNoErrors();
    }

    [Fact]
    public async Task A_tag_page_lists_only_the_articles_with_that_tag_and_their_count()
    {
        await using var tag = await site.OpenAsync("tag.html?slug=evaluation");
        await Expect(tag.Page.Locator("h1")).ToHaveTextAsync("Tagged “evaluation”");
        await Expect(tag.Page.Locator("#page-count")).ToHaveTextAsync("3 articles");
        Assert.Equal(["evaluating-rag-pipelines", "agents-in-production", "prompt-versioning"], await CardSlugsAsync(tag.Page.Locator("#articles .card")));
        foreach (var card in await tag.Page.Locator("#articles .card").AllAsync())
        {
            await Expect(card.Locator(".tags a", new LocatorLocatorOptions { HasText = "#evaluation" })).ToHaveCountAsync(1);
        }

        await Expect(tag.Page.Locator("#feed-link")).ToHaveAttributeAsync("href", site.Host.BaseAddress + "feeds/rss?tag=evaluation");
        tag.AssertNoErrors();

        // Clicking a tag on an article leads there.
        await using var article = await site.OpenAsync("article.html?slug=agents-in-production");
        await article.Page.Locator(".article-tags a", new PageLocatorOptions { HasText = "#evaluation" }).ClickAsync();
        await article.WaitUntilShownAsync();
        await Expect(article.Page).ToHaveURLAsync(new Uri(site.SiteAddress, "tag.html?slug=evaluation").ToString());
        await Expect(article.Page.Locator("#articles .card")).ToHaveCountAsync(3);
        article.AssertNoErrors();
    }

    [Fact]
    public async Task A_category_page_lists_its_visible_articles_and_marks_itself_in_the_switcher()
    {
        await using var category = await site.OpenAsync("category.html?slug=analysis");
        await Expect(category.Page.Locator("h1")).ToHaveTextAsync("Analysis");
        await Expect(category.Page.Locator("#page-count")).ToHaveTextAsync("2 articles");
        // The scheduled "year in review" is in Analysis too, and not shown.
        Assert.Equal(["china-ai-talent-retention", "agents-in-production"], await CardSlugsAsync(category.Page.Locator("#articles .card")));
        await Expect(category.Page.Locator("#categories a[aria-current=page]")).ToHaveTextAsync("Analysis (2)");
        category.AssertNoErrors();
    }

    [Fact]
    public async Task Search_finds_the_articles_holding_every_word()
    {
        await using var search = await site.OpenAsync("search.html?q=evaluation");
        await Expect(search.Page.Locator("#search-input")).ToHaveValueAsync("evaluation");
        var slugs = await CardSlugsAsync(search.Page.Locator("#articles .card"));
        Assert.Equal(["agents-in-production", "evaluating-rag-pipelines", "prompt-versioning"], slugs.Order().ToList());
        await Expect(search.Page.Locator("#list-status")).ToHaveTextAsync("3 articles for “evaluation”");
        search.AssertNoErrors();
    }

    [Fact]
    public async Task An_old_slug_lands_on_the_article_under_its_current_slug()
    {
        Assert.Equal(HttpStatusCode.MovedPermanently, await RedirectStatusAsync("articles/prompt-management"));
        await using var article = await site.OpenAsync("article.html?slug=prompt-management");
        await Expect(article.Page.Locator("h1")).ToHaveTextAsync("Version your prompts like code");
        await Expect(article.Page).ToHaveURLAsync(new Uri(site.SiteAddress, "article.html?slug=prompt-versioning").ToString());
        await Expect(article.Page.Locator("link[rel=canonical]")).ToHaveAttributeAsync("href", new Uri(site.SiteAddress, "article.html?slug=prompt-versioning").ToString());
        article.AssertNoErrors();
    }

    [Fact]
    public async Task An_unknown_slug_shows_the_problem_the_api_answered()
    {
        var (status, problem) = await site.ApiAsync("articles/no-such-post");
        Assert.Equal(HttpStatusCode.NotFound, status);

        await using var missing = await site.OpenAsync("article.html?slug=no-such-post");
        await Expect(missing.Page.Locator("h1")).ToHaveTextAsync(problem.GetProperty("title").GetString()!);
        await Expect(missing.Page.Locator("#problem-detail")).ToHaveTextAsync(problem.GetProperty("detail").GetString()!);
        await Expect(missing.Page.Locator("#problem-detail")).ToContainTextAsync("no-such-post");
        await Expect(missing.Page.Locator("a.back-link")).ToHaveAttributeAsync("href", "./");
        // Chromium itself logs every failed request; the 404 of the article is this page's subject.
        missing.AssertNoErrors("status of 404 (Not Found) (at " + site.Host.BaseAddress + "articles/no-such-post");
    }

    private async Task<HttpStatusCode> RedirectStatusAsync(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.Host.BaseAddress };
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }
}
