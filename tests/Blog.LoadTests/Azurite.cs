using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Blog.LoadTests;

/// <summary>
/// Azurite from the repository's <c>node_modules</c> (installed with <c>npm ci</c> when missing),
/// in memory, on free loopback ports; stopped with its process tree on dispose.
/// </summary>
internal sealed class Azurite : IDisposable
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private Azurite(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync(string root)
    {
        var script = await EnsureInstalledAsync(root);
        var (blobPort, queuePort, tablePort) = (Net.FreePort(), Net.FreePort(), Net.FreePort());
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
        {
            script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node. Is Node.js installed?");
        process.OutputDataReceived += (_, e) => Net.Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Net.Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process,
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            $"AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            while (!await Net.IsListeningAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    azurite.Dispose();
                    throw new InvalidOperationException($"Azurite did not start listening on port {port}.\n{Net.Text(output)}");
                }

                await Task.Delay(100);
            }
        }

        return azurite;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static async Task<string> EnsureInstalledAsync(string root)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        Console.WriteLine("Installing the pinned Azurite (npm ci)...");
        var info = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start npm. Is Node.js installed?");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"'npm ci' in {root} failed (exit code {process.ExitCode}).\n{await stdout}{await stderr}");
        }

        return script;
    }
}

/// <summary>Small helpers for ports and process output.</summary>
internal static class Net
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep the tail only: a long run must not hold everything a process ever wrote.
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }

            output.AppendLine(line);
        }
    }

    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
