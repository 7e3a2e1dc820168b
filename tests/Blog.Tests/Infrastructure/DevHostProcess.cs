using System.Diagnostics;
using System.Net;
using System.Reflection;
using Azure.Storage.Blobs;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// The development host as a separate process on a free port, exactly as a user starts it
/// (<c>dotnet Blog.DevHost.dll --urls http://127.0.0.1:PORT</c> with <c>BlogStorage</c> in the
/// environment), on its own table and containers, with a function key on the management routes.
/// It hears of uploads by watching the container.
/// </summary>
public sealed class DevHostProcess : IAppHost
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private DevHostProcess(Process process, ProcessOutput output, Uri baseAddress, BlobContainerClient posts, string functionKey)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        Posts = posts;
        FunctionKey = functionKey;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string FunctionKey { get; }

    public string? BlobsKey => null; // it watches the container: no webhook

    public BlobContainerClient Posts { get; }

    public string Output => _output.ToString();

    /// <summary>
    /// Starts the host, on another free port where the one picked was taken before the host bound
    /// it (another process on a busy machine may take a port between the asking and the binding).
    /// </summary>
    public static async Task<DevHostProcess> StartAsync(AzuriteFixture azurite, params (string Name, string Value)[] settings)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(azurite, settings);
            }
            catch (PortTakenException) when (attempt < Attempts)
            {
                // try again on another port
            }
        }
    }

    private static async Task<DevHostProcess> StartOnceAsync(AzuriteFixture azurite, (string Name, string Value)[] settings)
    {
        var configuration = typeof(DevHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = RepositoryRoot.Combine("src", "Blog.DevHost", "bin", configuration, "net10.0", "Blog.DevHost.dll");
        var port = Ports.Free();
        var id = Guid.NewGuid().ToString("N")[..12];
        var key = "dev-key-" + Guid.NewGuid().ToString("N");
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["BlogStorage"] = azurite.ConnectionString;
        info.Environment["Blog__TableName"] = "e2e" + id;
        info.Environment["Blog__PostsContainer"] = "posts-" + id;
        info.Environment["Blog__HtmlContainer"] = "rendered-" + id;
        info.Environment["DevHost__PollInterval"] = "00:00:00.200";
        info.Environment["DevHost__FunctionKey"] = key;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var (process, output) = ProcessOutput.Start(info);
        var posts = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("posts-" + id);
        var host = new DevHostProcess(process, output, new Uri($"http://127.0.0.1:{port}/api/"), posts, key);

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
                if (host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException($"The dev host did not come up.\n{host.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Uploads the file; the host's watcher publishes it within a scan.</summary>
    public async Task UploadAsync(string name, string markdown) =>
        await Posts.GetBlobClient(name).UploadAsync(BinaryData.FromString(markdown), overwrite: true);

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
}
