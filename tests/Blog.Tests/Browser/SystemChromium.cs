using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Blog.Tests.Browser;

/// <summary>
/// Debian's Chromium at <c>/usr/bin/chromium</c>, which the browser tests drive (Playwright's own
/// browser download is not used). Where it is missing, it is installed once per run with
/// <c>apt-get install -y chromium</c> (after <c>apt-get update</c> when the package lists are
/// stale), each step bounded by a timeout; when that fails, the tests fail with what apt said.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(8);

    private static readonly Lazy<Task<string>> Installed = new(EnsureAsync);

    /// <summary>Makes sure Chromium is there; answers what was done, for the test output.</summary>
    public static Task<string> EnsureInstalledAsync() => Installed.Value;

    private static async Task<string> EnsureAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return $"Chromium found at {ExecutablePath}.";
        }

        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath}, and this machine has no apt-get to install it with. Install Debian's 'chromium' package.");
        }

        var log = new StringBuilder();
        log.AppendLine(CultureInfo.InvariantCulture, $"Chromium was missing at {ExecutablePath}: installing it with 'apt-get install -y chromium'.").AppendLine();
        var (installed, output) = await RunAsync("install -y --no-install-recommends chromium", InstallTimeout);
        log.Append(Tail(output));
        if (!installed)
        {
            // The package lists may be missing or stale (a fresh container): update them, then retry.
            log.AppendLine("The install failed; running 'apt-get update' and trying again.");
            var (updated, updateOutput) = await RunAsync("update", UpdateTimeout);
            log.Append(Tail(updateOutput));
            (installed, output) = updated ? await RunAsync("install -y --no-install-recommends chromium", InstallTimeout) : (false, string.Empty);
            log.Append(Tail(output));
        }

        if (!installed || !File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath}, and installing it failed (no network, or not root?). " +
                $"Install Debian's 'chromium' package and run the tests again.\n{log}");
        }

        log.AppendLine(CultureInfo.InvariantCulture, $"Installed Chromium at {ExecutablePath}.");
        return log.ToString();
    }

    private static async Task<(bool Succeeded, string Output)> RunAsync(string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("apt-get", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start apt-get.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var partial = await stdout + await stderr;
            return (false, string.Create(CultureInfo.InvariantCulture, $"apt-get {arguments} did not finish within {timeout.TotalMinutes} minutes and was stopped.\n{partial}"));
        }

        var written = await stdout + await stderr;
        return (process.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"apt-get {arguments}: exit code {process.ExitCode}\n{written}"));
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.TakeLast(8)) + (lines.Length > 0 ? "\n" : string.Empty);
    }
}
