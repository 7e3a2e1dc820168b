using System.Net;
using System.Text.Json;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.EndToEnd;

/// <summary>
/// The whole product over real HTTP, the same assertions on every host: Azurite, a host process
/// with its own table and posts container, uploads with the Azure SDK reaching the host as they
/// would there, and an <see cref="HttpClient"/> reading the API.
/// </summary>
public abstract class EndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>The longest a script run against the host may take (a few seconds normally) before it is ended and the test fails.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    protected IAppHost Host { get; private set; } = null!;

    /// <summary>Starts this class's host on <paramref name="storage"/> (or skips the test where it cannot run).</summary>
    protected abstract Task<IAppHost> StartHostAsync(AzuriteFixture storage);

    public async ValueTask InitializeAsync()
    {
        Host = await StartHostAsync(azurite);
        await Host.Posts.CreateIfNotExistsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            await Host.Posts.DeleteIfExistsAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<JsonElement> GetJsonAsync(string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await Host.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
    }

    private Task EventuallyAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(Host, condition, what);

    private async Task<HttpStatusCode> StatusAsync(string path, HttpMethod? method = null, string? header = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (header is not null)
        {
            request.Headers.Add("x-functions-key", header);
        }

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Upload_update_move_break_and_read_back_over_http()
    {
        // Publish.
        await Host.UploadAsync("2026/launch.md", Post.Markdown(title: "Launch", slug: "launch", tags: ["news", "ai"], category: "Updates"));
        await EventuallyAsync(async () => await StatusAsync("articles/launch") == HttpStatusCode.OK, "the article is published");
        var tags = await GetJsonAsync("tags");
        Assert.Equal(2, tags.GetProperty("items").GetArrayLength());

        // Update: tags change, counts follow.
        await Host.UploadAsync("2026/launch.md", Post.Markdown(title: "Launch v2", slug: "launch", tags: ["ai", "tools"], category: "Updates"));
        await EventuallyAsync(async () => (await GetJsonAsync("articles/launch")).GetProperty("title").GetString() == "Launch v2", "the update is published");
        // The lost tag goes last in a publish: wait for it rather than race it.
        await EventuallyAsync(async () => await StatusAsync("tags/news") == HttpStatusCode.NotFound, "the lost tag is gone");
        var slugs = (await GetJsonAsync("tags")).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).Order().ToList();
        Assert.Equal(["ai", "tools"], slugs);

        // Slug change: the old slug answers 301.
        await Host.UploadAsync("2026/launch.md", Post.Markdown(title: "Launch v3", slug: "launch-day", tags: ["ai", "tools"], category: "Updates"));
        await EventuallyAsync(async () => await StatusAsync("articles/launch") == HttpStatusCode.MovedPermanently, "the old slug redirects");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("articles/launch-day"));

        // A broken upload: refused with a reason the author can act on, the previous version stays live.
        await Host.UploadAsync("2026/launch.md", "---\ntitle: Broken\ndate: not a date\n---\nText.\n");
        await EventuallyAsync(
            async () => (await GetJsonAsync("manage/ingest-errors", Host.FunctionKey)).GetProperty("items").EnumerateArray()
                .Any(e => e.GetProperty("blobName").GetString() == "2026/launch.md" && e.GetProperty("error").GetString()!.Contains("date", StringComparison.OrdinalIgnoreCase)),
            "the refusal is recorded");
        Assert.Equal("Launch v3", (await GetJsonAsync("articles/launch-day")).GetProperty("title").GetString());
        var file = await GetJsonAsync("manage/files/2026/launch.md", Host.FunctionKey);
        Assert.Equal("refused", file.GetProperty("state").GetString());
        Assert.Equal("launch-day", file.GetProperty("slug").GetString());
        Assert.Equal((await Host.Posts.GetBlobClient("2026/launch.md").GetPropertiesAsync()).Value.ETag.ToString(), file.GetProperty("blobETag").GetString());
    }

    [Fact]
    public async Task Drafts_and_scheduled_posts_stay_invisible_and_paging_returns_everything_once()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Host.UploadAsync($"p{i}.md", Post.Markdown(title: $"Post {i}", slug: $"p{i}", date: $"2026-10-0{i}T12:00:00Z", tags: ["series"]));
        }

        await Host.UploadAsync("draft.md", Post.Markdown(title: "Draft", slug: "draft", draft: true, tags: ["series"]));
        await Host.UploadAsync("future.md", Post.Markdown(title: "Future", slug: "future", date: "2099-01-01T00:00:00Z", tags: ["series"]));
        await EventuallyAsync(async () => (await GetJsonAsync("articles?limit=1")).GetProperty("total").GetInt32() == 7, "all seven are published");
        await EventuallyAsync(
            async () => await StatusAsync("manage/articles/draft", header: Host.FunctionKey) == HttpStatusCode.OK
                && await StatusAsync("manage/articles/future", header: Host.FunctionKey) == HttpStatusCode.OK,
            "the hidden ones are processed");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("articles/draft"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("articles/future"));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync("articles?limit=3&tag=series" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["p7", "p6", "p5", "p4", "p3", "p2", "p1"], seen);
        Assert.Equal(7, (await GetJsonAsync("tags/series")).GetProperty("count").GetInt32());

        // Search: a word every body holds finds the seven visible ones, newest first.
        var found = await GetJsonAsync("search?q=WORTH&limit=100");
        Assert.Equal(["p7", "p6", "p5", "p4", "p3", "p2", "p1"], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
        Assert.Equal(7, found.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_answers_304()
    {
        await Host.UploadAsync("cached.md", Post.Markdown(title: "Cached", slug: "cached"));
        await EventuallyAsync(async () => await StatusAsync("articles/cached") == HttpStatusCode.OK, "the article is published");

        using var first = await Host.Client.GetAsync("articles/cached");
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "articles/cached");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var second = await Host.Client.SendAsync(conditional);

        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), first.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task An_image_beside_a_post_is_served_by_the_media_route_the_article_points_to()
    {
        var image = new byte[64 * 1024];
        Random.Shared.NextBytes(image);
        image[0] = 0x89;
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        await Host.Posts.GetBlobClient("2026/11/img/chart.png").UploadAsync(BinaryData.FromBytes(image), overwrite: true);
        await Host.Posts.GetBlobClient("2026/11/logo.svg").UploadAsync(BinaryData.FromBytes(svg), overwrite: true);
        await Host.UploadAsync("2026/11/pictured.md", Post.Markdown(title: "Pictured", slug: "pictured", body: "![Chart](./img/chart.png) ![Logo](logo.svg) ![Gone](missing.png)"));
        await EventuallyAsync(async () => await StatusAsync("articles/pictured") == HttpStatusCode.OK, "the article is published");

        var html = (await GetJsonAsync("articles/pictured")).GetProperty("html").GetString()!;
        Assert.Contains("src=\"/api/media/2026/11/img/chart.png\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/api/media/2026/11/logo.svg\"", html, StringComparison.Ordinal);

        // The URL in the article, resolved against the host, serves the bytes.
        using var response = await Host.Client.GetAsync(new Uri(Host.BaseAddress, "/api/media/2026/11/img/chart.png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(image, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl?.MaxAge);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "media/2026/11/img/chart.png");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Host.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var head = await Host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "media/2026/11/img/chart.png"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(image.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var logo = await Host.Client.GetAsync("media/2026/11/logo.svg");
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", string.Join(',', logo.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        foreach (var path in new[] { "media/2026/11/pictured.md", "media/2026/11/missing.png", "media/2026/11/img%5Cchart.png" })
        {
            using var refused = await Host.Client.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // The missing image is a warning in the file's status; the article is live all the same. The
        // status is recorded last in a publish: wait for it rather than race it.
        await EventuallyAsync(
            async () => (await GetJsonAsync("manage/files/2026/11/pictured.md", Host.FunctionKey)).GetProperty("warnings").GetArrayLength() > 0,
            "the warning is recorded");
        var file = await GetJsonAsync("manage/files/2026/11/pictured.md", Host.FunctionKey);
        Assert.Equal("published", file.GetProperty("state").GetString());
        Assert.Equal(
            "image missing.png (2026/11/missing.png) was not found in the container.",
            Assert.Single(file.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task An_svg_with_a_script_opened_from_the_media_route_in_a_browser_runs_no_script()
    {
        var browser = Browsers
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        Assert.SkipWhen(browser is null, "No Chromium on PATH to open the SVG in.");
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text id=\"t\">quiet</text><script>document.getElementById('t').textContent='SCRIPT-RAN'</script></svg>";
        await Host.Posts.GetBlobClient("probe/script.svg").UploadAsync(BinaryData.FromString(svg), overwrite: true);
        var file = Path.Combine(Directory.CreateTempSubdirectory("svg-").FullName, "script.svg");
        await File.WriteAllTextAsync(file, svg);

        // The probe can see a script run: opened as a file, without the policy, it does.
        Assert.Contains(">SCRIPT-RAN<", await DumpDomAsync(browser!, new Uri(file).AbsoluteUri), StringComparison.Ordinal);

        var served = await DumpDomAsync(browser!, new Uri(Host.BaseAddress, "media/probe/script.svg").AbsoluteUri);
        Assert.Contains(">quiet<", served, StringComparison.Ordinal);
        Assert.DoesNotContain(">SCRIPT-RAN<", served, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    private static readonly string[] Browsers = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The document a headless browser holds once <paramref name="url"/> has loaded (and any script in it has run).</summary>
    private static async Task<string> DumpDomAsync(string browser, string url)
    {
        var profile = Directory.CreateTempSubdirectory("browser-").FullName;
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo(browser);
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", "--dump-dom", url })
            {
                info.ArgumentList.Add(argument);
            }

            var (process, output) = ProcessOutput.Start(info);
            using (process)
            {
                await output.WaitForExitAsync(process, ScriptTimeout);
                return output.ToString();
            }
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [Fact]
    public async Task Authors_with_their_profile_and_a_series_in_order_answer_over_http()
    {
        await Host.UploadAsync("part-2.md", Post.Markdown(title: "Part two", slug: "part-2", date: "2026-11-02", extra: ["authors: [Ada Lovelace, Alan Turing]", "series: Engines", "seriesOrder: 2"]));
        await Host.UploadAsync("part-1.md", Post.Markdown(title: "Part one", slug: "part-1", date: "2026-11-03", extra: ["author: Ada Lovelace", "series: Engines", "seriesOrder: 1"]));
        await Host.UploadAsync("authors/ada-lovelace.yml", "name: Ada King\nbio: Wrote the first program.\n");
        await EventuallyAsync(
            async () => await StatusAsync("articles/part-1") == HttpStatusCode.OK && await StatusAsync("articles/part-2") == HttpStatusCode.OK,
            "both parts are published");
        await EventuallyAsync(
            async () => (await GetJsonAsync("authors/ada-lovelace")).GetProperty("bio").ValueKind == JsonValueKind.String,
            "the profile is read");

        var ada = await GetJsonAsync("authors/ada-lovelace");
        var authors = await GetJsonAsync("authors");
        var series = await GetJsonAsync("series/engines");
        var two = await GetJsonAsync("articles/part-2");
        var byAlan = await GetJsonAsync("articles?author=alan-turing");

        Assert.Equal(("Ada King", "Wrote the first program.", 2), (ada.GetProperty("name").GetString(), ada.GetProperty("bio").GetString(), ada.GetProperty("count").GetInt32()));
        Assert.Equal(["ada-lovelace", "alan-turing"], authors.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal(["part-1", "part-2"], series.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal("part-1", two.GetProperty("series").GetProperty("previous").GetProperty("slug").GetString());
        Assert.Equal(["Ada Lovelace", "Alan Turing"], two.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(["part-2"], byAlan.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task The_rss_feed_and_the_sitemap_list_a_published_article()
    {
        await Host.UploadAsync("fed.md", Post.Markdown(title: "Fed & <read>", slug: "fed", tags: ["feeds"], category: "News", body: "Full *HTML* body."));
        await EventuallyAsync(async () => await StatusAsync("articles/fed") == HttpStatusCode.OK, "the article is published");

        using var rss = await Host.Client.GetAsync("feeds/rss?tag=feeds");
        Assert.Equal(HttpStatusCode.OK, rss.StatusCode);
        Assert.Equal("application/rss+xml", rss.Content.Headers.ContentType?.MediaType);
        using (var reader = System.Xml.XmlReader.Create(await rss.Content.ReadAsStreamAsync()))
        {
            var item = Assert.Single(System.ServiceModel.Syndication.SyndicationFeed.Load(reader).Items);
            Assert.Equal("Fed & <read>", item.Title.Text);
            Assert.EndsWith("/articles/fed", item.Id, StringComparison.Ordinal);
            var html = item.ElementExtensions.ReadElementExtensions<System.Xml.XmlElement>("encoded", "http://purl.org/rss/1.0/modules/content/").Single().InnerText;
            Assert.Equal((await GetJsonAsync("articles/fed")).GetProperty("html").GetString(), html);
        }

        using var sitemap = await Host.Client.GetAsync("sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, sitemap.StatusCode);
        Assert.Equal("application/xml", sitemap.Content.Headers.ContentType?.MediaType);
        var urlset = System.Xml.Linq.XDocument.Parse(await sitemap.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locations = urlset.Root!.Elements(ns + "url").Select(url => url.Element(ns + "loc")!.Value).ToList();
        Assert.Contains(locations, loc => loc.EndsWith("/articles/fed", StringComparison.Ordinal));
        Assert.Contains(locations, loc => loc.EndsWith("/tags/feeds", StringComparison.Ordinal));
        Assert.Contains(locations, loc => loc.EndsWith("/categories/news", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Management_routes_answer_401_without_the_function_key_and_work_with_it_in_the_header_or_the_query()
    {
        await Host.UploadAsync("keyed.md", Post.Markdown(title: "Keyed", slug: "keyed", draft: true));
        var key = Uri.EscapeDataString(Host.FunctionKey);

        foreach (var (method, path) in new[] { (HttpMethod.Get, "manage/ingest-errors"), (HttpMethod.Get, "manage/articles/keyed"), (HttpMethod.Post, "manage/reindex"), (HttpMethod.Delete, "manage/articles/keyed") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, method));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, method, header: "not-the-key"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync($"{path}?code=not-the-key", method));
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("manage/ingest-errors", header: Host.FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"manage/ingest-errors?code={key}"));
        await EventuallyAsync(async () => await StatusAsync($"manage/articles/keyed?code={key}") == HttpStatusCode.OK, "the draft can be previewed");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("manage/reindex", HttpMethod.Post, header: Host.FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"manage/articles/keyed?code={key}", HttpMethod.Delete));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("manage/articles/keyed", header: Host.FunctionKey));

        // The key opens the management routes only: public routes stay anonymous.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("articles"));
    }

    [Fact]
    public async Task The_post_script_publishes_local_files_and_says_what_became_of_each()
    {
        var folder = Directory.CreateTempSubdirectory("posts-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "2026", "12"));
            await File.WriteAllTextAsync(Path.Combine(folder, "2026", "12", "from-disk.md"), Post.Markdown(title: "From disk", slug: "from-disk", body: "![Chart](./missing.png)"));
            await File.WriteAllTextAsync(Path.Combine(folder, "secret.md"), Post.Markdown(title: "Secret", slug: "secret-plan", draft: true));
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.md"), "---\ntitle: Broken\ndate: soon\n---\nText.\n");

            var info = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = folder };
            info.Environment.Remove("INIT_CWD"); // set only under npm run: the file names are relative to the working directory
            foreach (var argument in new[] { RepositoryRoot.Combine("scripts", "post.mjs"), "2026/12/from-disk.md", "secret.md", "broken.md" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["BLOG_API"] = Host.BaseAddress.ToString();
            info.Environment["BlogStorage"] = azurite.ConnectionString;
            info.Environment["Blog__PostsContainer"] = Host.Posts.Name;
            info.Environment["BLOG_FUNCTION_KEY"] = Host.FunctionKey;
            if (Host.BlobsKey is { } blobsKey)
            {
                info.Environment["BLOG_BLOBS_KEY"] = blobsKey;
            }

            var (post, output) = ProcessOutput.Start(info);
            using (post)
            {
                await output.WaitForExitAsync(post, ScriptTimeout);
                var text = output.ToString();
                Assert.True(post.ExitCode == 1, $"exit code {post.ExitCode} (1: a file was refused)\n{text}\n{Host.Output}");
                var api = Host.BaseAddress.ToString().TrimEnd('/');
                Assert.Contains($"published  2026/12/from-disk.md: {api}/articles/from-disk", text, StringComparison.Ordinal);
                Assert.Contains("warning    2026/12/from-disk.md: image ./missing.png (2026/12/missing.png) was not found in the container.", text, StringComparison.Ordinal);
                Assert.Contains($"published  secret.md as a draft or a scheduled post, not public yet; preview: {api}/manage/articles/secret-plan", text, StringComparison.Ordinal);
                Assert.Contains("refused    broken.md: date: 'soon' is not a date.", text, StringComparison.Ordinal);
                Assert.Contains("(line 3)", text, StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.OK, await StatusAsync("articles/from-disk"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_smoke_script_passes_against_the_running_host()
    {
        await Host.UploadAsync("smoke.md", Post.Markdown(title: "Smoke", slug: "smoke", tags: ["t"], category: "c"));
        await EventuallyAsync(async () => await StatusAsync("articles/smoke") == HttpStatusCode.OK, "the article is published");

        var info = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = RepositoryRoot.FullPath };
        info.ArgumentList.Add(RepositoryRoot.Combine("scripts", "smoke.mjs"));
        info.ArgumentList.Add(Host.BaseAddress.ToString());
        info.Environment["BLOG_FUNCTION_KEY"] = Host.FunctionKey;
        var (smoke, output) = ProcessOutput.Start(info);
        using (smoke)
        {
            await output.WaitForExitAsync(smoke, ScriptTimeout);
            Assert.True(smoke.ExitCode == 0, output.ToString());
            Assert.Contains("smoke: all checks passed", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("ok   management without a key (401)", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("ok   rss feed (200)", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("ok   sitemap (200)", output.ToString(), StringComparison.Ordinal);
        }
    }
}

/// <summary>The end-to-end assertions on the offline dev host, which hears of uploads by watching the container.</summary>
public sealed class DevHostEndToEndTests(AzuriteFixture azurite) : EndToEndTests(azurite)
{
    protected override async Task<IAppHost> StartHostAsync(AzuriteFixture storage) => await DevHostProcess.StartAsync(storage);
}

/// <summary>
/// The end-to-end assertions on the real Azure Functions host, which hears of uploads through
/// Event Grid deliveries to its blob webhook.
/// </summary>
public sealed class FunctionsHostEndToEndTests(AzuriteFixture azurite) : EndToEndTests(azurite)
{
    protected override async Task<IAppHost> StartHostAsync(AzuriteFixture storage)
    {
        Assert.SkipWhen(FunctionsHostProcess.SkipReason is not null, FunctionsHostProcess.SkipReason ?? string.Empty);
        return await FunctionsHostProcess.StartAsync(storage);
    }
}
