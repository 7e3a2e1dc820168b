using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.EndToEnd;

/// <summary>
/// The whole product over real HTTP: Azurite, the dev host process watching the posts container,
/// uploads with the Azure SDK, and an <see cref="HttpClient"/> reading the API.
/// </summary>
public sealed class DevHostEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private DevHostProcess _host = null!;
    private BlobContainerClient _posts = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await DevHostProcess.StartAsync(azurite);
        _posts = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_host.PostsContainer);
        await _posts.CreateIfNotExistsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _posts.DeleteIfExistsAsync();
    }

    private async Task UploadAsync(string name, string markdown) =>
        await _posts.GetBlobClient(name).UploadAsync(BinaryData.FromString(markdown), overwrite: true);

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
    }

    /// <summary>Polls until <paramref name="condition"/> holds: the watcher publishes within about a second.</summary>
    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90); // generous: CI machines are shared
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.\n{_host.Output}");
            await Task.Delay(100);
        }
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Upload_update_move_break_and_read_back_over_http()
    {
        // Publish.
        await UploadAsync("2026/launch.md", Post.Markdown(title: "Launch", slug: "launch", tags: ["news", "ai"], category: "Updates"));
        await EventuallyAsync(async () => await StatusAsync("articles/launch") == HttpStatusCode.OK, "the article is published");
        var tags = await GetJsonAsync("tags");
        Assert.Equal(2, tags.GetProperty("items").GetArrayLength());

        // Update: tags change, counts follow.
        await UploadAsync("2026/launch.md", Post.Markdown(title: "Launch v2", slug: "launch", tags: ["ai", "tools"], category: "Updates"));
        await EventuallyAsync(async () => (await GetJsonAsync("articles/launch")).GetProperty("title").GetString() == "Launch v2", "the update is published");
        // The lost tag goes last in a publish: wait for it rather than race it.
        await EventuallyAsync(async () => await StatusAsync("tags/news") == HttpStatusCode.NotFound, "the lost tag is gone");
        var slugs = (await GetJsonAsync("tags")).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).Order().ToList();
        Assert.Equal(["ai", "tools"], slugs);

        // Slug change: the old slug answers 301.
        await UploadAsync("2026/launch.md", Post.Markdown(title: "Launch v3", slug: "launch-day", tags: ["ai", "tools"], category: "Updates"));
        await EventuallyAsync(async () => await StatusAsync("articles/launch") == HttpStatusCode.MovedPermanently, "the old slug redirects");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("articles/launch-day"));

        // A broken upload: the previous version stays live.
        await UploadAsync("2026/launch.md", "---\ntitle: Broken\ndate: not a date\n---\nText.\n");
        await Task.Delay(1500); // several scans of the watcher
        Assert.Equal("Launch v3", (await GetJsonAsync("articles/launch-day")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Drafts_and_scheduled_posts_stay_invisible_and_paging_returns_everything_once()
    {
        for (var i = 1; i <= 7; i++)
        {
            await UploadAsync($"p{i}.md", Post.Markdown(title: $"Post {i}", slug: $"p{i}", date: $"2026-10-0{i}T12:00:00Z", tags: ["series"]));
        }

        await UploadAsync("draft.md", Post.Markdown(title: "Draft", slug: "draft", draft: true, tags: ["series"]));
        await UploadAsync("future.md", Post.Markdown(title: "Future", slug: "future", date: "2099-01-01T00:00:00Z", tags: ["series"]));
        await EventuallyAsync(async () => (await GetJsonAsync("articles?limit=1")).GetProperty("total").GetInt32() == 7, "all seven are published");
        await EventuallyAsync(async () => await StatusAsync("articles/draft") == HttpStatusCode.NotFound && await StatusAsync("articles/future") == HttpStatusCode.NotFound, "the hidden ones are processed");

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
    }

    [Fact]
    public async Task If_none_match_with_the_current_etag_answers_304()
    {
        await UploadAsync("cached.md", Post.Markdown(title: "Cached", slug: "cached"));
        await EventuallyAsync(async () => await StatusAsync("articles/cached") == HttpStatusCode.OK, "the article is published");

        using var first = await _host.Client.GetAsync("articles/cached");
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "articles/cached");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var second = await _host.Client.SendAsync(conditional);

        Assert.False(etag.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), first.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task The_smoke_script_passes_against_the_running_host()
    {
        await UploadAsync("smoke.md", Post.Markdown(title: "Smoke", slug: "smoke", tags: ["t"], category: "c"));
        await EventuallyAsync(async () => await StatusAsync("articles/smoke") == HttpStatusCode.OK, "the article is published");

        var info = new System.Diagnostics.ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.FullPath,
        };
        info.ArgumentList.Add(RepositoryRoot.Combine("scripts", "smoke.mjs"));
        info.ArgumentList.Add(_host.BaseAddress.ToString());
        using var smoke = System.Diagnostics.Process.Start(info)!;
        var output = await smoke.StandardOutput.ReadToEndAsync() + await smoke.StandardError.ReadToEndAsync();
        await smoke.WaitForExitAsync();

        Assert.True(smoke.ExitCode == 0, output);
        Assert.Contains("smoke: all checks passed", output, StringComparison.Ordinal);
    }
}
