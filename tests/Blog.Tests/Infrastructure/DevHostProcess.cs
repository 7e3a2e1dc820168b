using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// The development host as a separate process on a free port, exactly as a user starts it
/// (<c>dotnet Blog.DevHost.dll --urls http://127.0.0.1:PORT</c> with <c>BlogStorage</c> in the
/// environment), on its own table and containers.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevHostProcess(Process process, Uri baseAddress, string table, string posts)
    {
        _process = process;
        BaseAddress = baseAddress;
        TableName = table;
        PostsContainer = posts;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public string TableName { get; }

    public string PostsContainer { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<DevHostProcess> StartAsync(AzuriteFixture azurite, params (string Name, string Value)[] settings)
    {
        var configuration = typeof(DevHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = RepositoryRoot.Combine("src", "Blog.DevHost", "bin", configuration, "net10.0", "Blog.DevHost.dll");
        var port = Ports.Free();
        var id = Guid.NewGuid().ToString("N")[..12];
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["BlogStorage"] = azurite.ConnectionString;
        info.Environment["Blog__TableName"] = "e2e" + id;
        info.Environment["Blog__PostsContainer"] = "posts-" + id;
        info.Environment["Blog__HtmlContainer"] = "rendered-" + id;
        info.Environment["DevHost__PollInterval"] = "00:00:00.200";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the dev host.");
        var host = new DevHostProcess(process, new Uri($"http://127.0.0.1:{port}/api/"), "e2e" + id, "posts-" + id);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await host.Client.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await host.DisposeAsync();
                throw new InvalidOperationException($"The dev host did not come up.\n{host.Output}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

}
