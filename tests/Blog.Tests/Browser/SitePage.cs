using Microsoft.Playwright;
using Xunit;

namespace Blog.Tests.Browser;

/// <summary>
/// One page of the site in its own browser context, with every console error and uncaught
/// exception it produced, from the first request on.
/// </summary>
public sealed class SitePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public SitePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error: {message.Text} (at {message.Location})");
            }
        };
        page.PageError += (_, error) => Record($"uncaught exception: {error}");
    }

    public IPage Page { get; }

    /// <summary>Everything the page reported as an error so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Waits until the page's script has shown its content, or a problem.</summary>
    public async Task WaitUntilShownAsync() =>
        await Page.WaitForSelectorAsync("body[data-state=ready], body[data-state=error]", new PageWaitForSelectorOptions { Timeout = 30_000 });

    /// <summary>Fails when the page logged a console error or threw, except the ones named.</summary>
    public void AssertNoErrors(params string[] expected)
    {
        var unexpected = Errors.Where(error => !expected.Any(e => error.Contains(e, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"{Page.Url} reported errors:\n{string.Join('\n', unexpected)}");
    }

    /// <summary>Saves a full-page screenshot to the test output directory.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BlogSite.ScreenshotDirectory);
        var path = Path.Combine(BlogSite.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
