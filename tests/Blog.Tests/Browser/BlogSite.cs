using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Blog.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;

namespace Blog.Tests.Browser;

/// <summary>
/// The frontend in <c>web/</c> as a reader meets it: the dev host on Azurite with the sample posts
/// of <c>samples/posts</c> published (as <c>npm start</c> does), the static server of
/// <c>scripts/web.mjs</c> pointing the site at that host, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed partial class BlogSite(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    private Process? _server;
    private ProcessOutput? _serverOutput;
    private IPlaywright? _playwright;

    public DevHostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The site's address, ending in <c>/</c>.</summary>
    public Uri SiteAddress { get; private set; } = null!;

    /// <summary>How Chromium was found or installed.</summary>
    public string ChromiumSetup { get; private set; } = string.Empty;

    /// <summary>Where screenshots go: the test output directory, never the repository.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Whatever started before the failure (host, server) is stopped, not left running.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var chromium = SystemChromium.EnsureInstalledAsync();
        Host = await DevHostProcess.StartAsync(azurite);
        await Host.Posts.CreateIfNotExistsAsync();
        await PublishSamplesAsync();
        await StartServerAsync();

        // The whole suite shares two cores: give the page's scripts time.
        Assertions.SetDefaultExpectTimeout(15_000);
        ChromiumSetup = await chromium;
        TestContext.Current.SendDiagnosticMessage(ChromiumSetup);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = SystemChromium.ExecutablePath,
            Headless = true,
        });
    }

    /// <summary>Stops what was started; safe to call again (after a failed start, then by the runner).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Browser is { } browser)
        {
            Browser = null!;
            await browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_server is { } server)
        {
            _server = null;
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        if (Host is { } host)
        {
            Host = null!;
            await host.DisposeAsync();
            await host.Posts.DeleteIfExistsAsync();
        }
    }

    /// <summary>Opens a page of the site in a fresh context and waits until its scripts have shown it.</summary>
    public async Task<SitePage> OpenAsync(string path, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var sitePage = new SitePage(context, page);
        await page.GotoAsync(new Uri(SiteAddress, path).ToString());
        await sitePage.WaitUntilShownAsync();
        return sitePage;
    }

    /// <summary>Reads the API directly, to compare what the page shows with what the API answers.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> ApiAsync(string path)
    {
        using var response = await Host.Client.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>Uploads every sample post (and author profile) and waits until the host has handled each one (the draft and the scheduled one included).</summary>
    private async Task PublishSamplesAsync()
    {
        var samples = RepositoryRoot.Combine("samples", "posts");
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories).Where(p => Path.GetExtension(p) is ".md" or ".yml"))
        {
            var name = Path.GetRelativePath(samples, path).Replace(Path.DirectorySeparatorChar, '/');
            var type = name.EndsWith(".md", StringComparison.Ordinal) ? "text/markdown; charset=utf-8" : "application/yaml; charset=utf-8";
            await Host.Posts.GetBlobClient(name).UploadAsync(path, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type } });
            names.Add(name);
        }

        Assert.True(names.Count >= 8, $"Expected the sample posts in {samples}.");
        foreach (var name in names)
        {
            var etag = (await Host.Posts.GetBlobClient(name).GetPropertiesAsync()).Value.ETag.ToString();
            await Eventually.HoldsAsync(Host, async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "manage/files/" + name);
                request.Headers.Add("x-functions-key", Host.FunctionKey);
                using var response = await Host.Client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                var file = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
                return file.GetProperty("blobETag").GetString() == etag;
            }, $"the sample {name} is handled");
        }
    }

    /// <summary>Starts <c>node scripts/web.mjs --port 0 --api {host}</c> and reads the port it bound.</summary>
    private async Task StartServerAsync()
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = RepositoryRoot.FullPath };
        foreach (var argument in new[] { RepositoryRoot.Combine("scripts", "web.mjs"), "--port", "0", "--api", Host.BaseAddress.ToString().TrimEnd('/') })
        {
            info.ArgumentList.Add(argument);
        }

        (_server, _serverOutput) = ProcessOutput.Start(info);
        var deadline = DateTime.UtcNow + ServerTimeout;
        Match match;
        while (!(match = ServingAt().Match(_serverOutput.ToString())).Success)
        {
            Assert.True(!_server.HasExited && DateTime.UtcNow < deadline, $"scripts/web.mjs did not start.\n{_serverOutput}");
            await Task.Delay(50);
        }

        SiteAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)}/"));
    }

    [GeneratedRegex(@"serving web/ at http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex ServingAt();
}
