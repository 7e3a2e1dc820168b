using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace Blog.LoadTests;

/// <summary>The names one blog's data lives under in the storage account.</summary>
internal sealed record BlogNames(string Table, string PostsContainer, string HtmlContainer)
{
    public static BlogNames Fresh(string prefix)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new(prefix + id, prefix + "-posts-" + id, prefix + "-html-" + id);
    }
}

/// <summary>
/// The offline dev host (<c>src/Blog.DevHost</c>, built in this benchmark's configuration) as a
/// process on a free port, as the end-to-end tests start it: <c>BlogStorage</c>, the blog's names
/// and a function key in its environment, request logging off.
/// </summary>
internal sealed class DevHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DevHost(Process process, StringBuilder output, Uri baseAddress, string functionKey)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        FunctionKey = functionKey;
    }

    /// <summary>The API's base address, ending in <c>/api/</c>.</summary>
    public Uri BaseAddress { get; }

    public string FunctionKey { get; }

    /// <param name="postsContainer">The container it watches; the reading runs give it an empty one, so no scan competes with the load.</param>
    public static async Task<DevHost> StartAsync(
        string root, string connectionString, BlogNames names, string postsContainer, IReadOnlyDictionary<string, string> settings)
    {
        var configuration = typeof(DevHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(root, "src", "Blog.DevHost", "bin", configuration, "net10.0", "Blog.DevHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in {configuration} first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = Net.FreePort();
            var key = "load-key-" + Guid.NewGuid().ToString("N");
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            info.Environment["BlogStorage"] = connectionString;
            info.Environment["Blog__TableName"] = names.Table;
            info.Environment["Blog__PostsContainer"] = postsContainer;
            info.Environment["Blog__HtmlContainer"] = names.HtmlContainer;
            info.Environment["DevHost__PollInterval"] = "00:00:00.200";
            info.Environment["DevHost__FunctionKey"] = key;
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var (name, value) in settings)
            {
                info.Environment[name] = value;
            }

            var output = new StringBuilder();
            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
            process.OutputDataReceived += (_, e) => Net.Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Net.Append(output, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var host = new DevHost(process, output, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/api/")), key);
            if (await host.WaitUntilHealthyAsync())
            {
                return host;
            }

            await host.DisposeAsync();
            var text = Net.Text(output);
            if (attempt >= 3 || !text.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The dev host did not come up.\n{text}");
            }
        }
    }

    public string Output => Net.Text(_output);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<bool> WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        return false;
    }
}
