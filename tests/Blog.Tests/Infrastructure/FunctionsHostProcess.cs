using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// The real Azure Functions host (the runtime Core Tools wraps and Azure runs, built from source
/// and packed beside the repository in <c>../shared/functions-host</c>) running the app's Release
/// build over Azurite, on a free port, with keys the test knows, its own table and a posts
/// container named otherwise than <c>posts</c>. Uploads reach it as in Azure: through an Event
/// Grid <c>BlobCreated</c> delivery to the blob extension's webhook.
/// </summary>
public sealed class FunctionsHostProcess : IAppHost
{
    /// <summary>Points the tests at another host package than the one beside the repository.</summary>
    public const string PackageVariable = "BLOG_FUNCTIONS_HOST_PACKAGE";

    /// <summary>The function name the host gives the blob function (its webhook's <c>functionName</c>).</summary>
    public const string BlobFunction = "Host.Functions.PublishArticleFunction";

    private static readonly SemaphoreSlim PrepareLock = new(1, 1);
    private static (string Host, string App)? _prepared;

    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly string _secrets;
    private IReadOnlyList<ProcessIdentity>? _stopped;

    private FunctionsHostProcess(Process process, ProcessOutput output, Uri root, BlobContainerClient posts, HostKeys keys, string secrets)
    {
        _process = process;
        _output = output;
        _secrets = secrets;
        Root = root;
        Keys = keys;
        Posts = posts;
        BaseAddress = new Uri(root, "api/");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        RootClient = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The host package: <c>BLOG_FUNCTIONS_HOST_PACKAGE</c>, else <c>../shared/functions-host/host-4.1037-net10.tgz</c>.</summary>
    public static string PackagePath =>
        Environment.GetEnvironmentVariable(PackageVariable) is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.GetFullPath(Path.Combine(RepositoryRoot.FullPath, "..", "shared", "functions-host", "host-4.1037-net10.tgz"));

    /// <summary>Why the real-host tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => File.Exists(PackagePath)
        ? null
        : $"Real Functions host tests skipped: no host package at {PackagePath} (set {PackageVariable} to a host-*.tgz to run them).";

    /// <summary>The host's root address (its own <c>/admin</c> and <c>/runtime</c> routes live here).</summary>
    public Uri Root { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A client on <see cref="Root"/>, for the host's own routes.</summary>
    public HttpClient RootClient { get; }

    public HostKeys Keys { get; }

    public string FunctionKey => Keys.Function;

    public string? BlobsKey => Keys.Blobs;

    public BlobContainerClient Posts { get; }

    public string Output => _output.ToString();

    /// <summary>The host process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The schedule the host was given for the reconcile timer.</summary>
    public const string ReconcileSchedule = "0 17 4 * * *";

    public static async Task<FunctionsHostProcess> StartAsync(AzuriteFixture azurite)
    {
        var (hostDirectory, app) = await PrepareAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(azurite, hostDirectory, app);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // The port picked as free was taken before the host bound it (the host picks one for its worker too).
            }
        }
    }

    private static async Task<FunctionsHostProcess> StartAsync(AzuriteFixture azurite, string hostDirectory, string app)
    {
        var port = Ports.Free();
        var id = Guid.NewGuid().ToString("N")[..12];
        var keys = new HostKeys("master-" + Guid.NewGuid().ToString("N"), "function-" + Guid.NewGuid().ToString("N"), "blobs-" + Guid.NewGuid().ToString("N"));
        var secrets = Directory.CreateTempSubdirectory("functions-secrets-").FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "host.json"), keys.SecretsJson($"127.0.0.1:{port}"));

        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = hostDirectory };
        info.ArgumentList.Add("Microsoft.Azure.WebJobs.Script.WebHost.dll");
        info.Environment.Remove("CONTAINER_NAME"); // set, it makes the host believe it runs in a Linux Consumption container
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsScriptRoot"] = app,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            // A host id of its own: hosts of one app folder on one machine would otherwise share one
            // (made from the machine name), and with it the host lock and the blob receipts, so a
            // second host started by another test takes the first one's lease away mid-test.
            ["AzureFunctionsWebHost__hostid"] = "blogtests-" + id,
            ["AzureWebJobsSecretStorageType"] = "files",
            ["FUNCTIONS_SECRETS_PATH"] = secrets,
            ["BlogStorage"] = azurite.ConnectionString,
            ["Blog__TableName"] = "host" + id,
            ["Blog__PostsContainer"] = "uploads-" + id,
            ["Blog__HtmlContainer"] = "rendered-" + id,
            ["Blog__NotificationQueue"] = "notifications-" + id,
            ["ReconcileSchedule"] = ReconcileSchedule,
            // The blob extension's own account of each event (receipts, queue messages), for failure messages.
            ["AzureFunctionsJobHost__logging__logLevel__Microsoft.Azure.WebJobs.Extensions.Storage.Blobs"] = "Debug",
            ["AzureFunctionsJobHost__logging__logLevel__Host.Triggers.Blob"] = "Debug",
        };
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var (process, output) = ProcessOutput.Start(info);
        var posts = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("uploads-" + id);
        var host = new FunctionsHostProcess(process, output, new Uri($"http://127.0.0.1:{port}/"), posts, keys, secrets);
        try
        {
            await host.WaitUntilRunningAsync(process);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host's own state (<c>GET /admin/host/status</c>): <c>Running</c> once every function is loaded.</summary>
    public async Task<JsonObject> StatusAsync()
    {
        using var response = await RootClient.GetAsync($"admin/host/status?code={Keys.Master}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Delivers a <c>Microsoft.Storage.BlobCreated</c> event for <paramref name="blobName"/> as Event Grid does.</summary>
    public async Task<HttpStatusCode> DeliverBlobCreatedAsync(string blobName, string? key)
    {
        var blob = Posts.GetBlobClient(blobName);
        var events = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
            ["subject"] = $"/blobServices/default/containers/{Posts.Name}/blobs/{blobName}",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["dataVersion"] = string.Empty,
            ["metadataVersion"] = "1",
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["url"] = blob.Uri.ToString(),
                ["contentType"] = "text/markdown",
                ["blobType"] = "BlockBlob",
            },
        });
        var path = $"runtime/webhooks/blobs?functionName={BlobFunction}" + (key is null ? string.Empty : "&code=" + Uri.EscapeDataString(key));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(events) };
        request.Headers.Add("aeg-event-type", "Notification");
        using var response = await RootClient.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>
    /// Uploads the file, then delivers its storage event with the blob extension's system key, and
    /// delivers it again (Event Grid delivers at least once) while the index has not handled this
    /// version after a while: under heavy load the host has been seen to accept an event and never
    /// run the function, which in Azure the daily reconcile would catch.
    /// </summary>
    public async Task UploadAsync(string name, string markdown)
    {
        var etag = (await Posts.GetBlobClient(name).UploadAsync(BinaryData.FromString(markdown), overwrite: true)).Value.ETag.ToString();
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var status = await DeliverBlobCreatedAsync(name, Keys.Blobs);
            if (status != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The blob webhook answered {(int)status} for {name}.\n{Output}");
            }

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                if (await HandledETagAsync(name) == etag)
                {
                    return;
                }

                await Task.Delay(100);
            }
        }
    }

    /// <summary>The blob ETag the index last handled for <paramref name="name"/> (<c>GET /api/manage/files/{name}</c>).</summary>
    private async Task<string?> HandledETagAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "manage/files/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString)));
        request.Headers.Add("x-functions-key", Keys.Function);
        using var response = await Client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK
            ? (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["blobETag"]
            : null;
    }

    /// <summary>Runs a non-HTTP function now, as the portal's "Test/Run" does (<c>POST /admin/functions/{name}</c>).</summary>
    public async Task<HttpStatusCode> InvokeAsync(string function)
    {
        using var response = await RootClient.PostAsync($"admin/functions/{function}?code={Keys.Master}", JsonContent.Create(new { input = string.Empty }));
        return response.StatusCode;
    }

    /// <summary>
    /// Stops the host as a platform does (SIGTERM, then a kill after a grace period) and makes
    /// sure the worker process it started is gone too; returns every process that was stopped.
    /// Stopping again returns the same processes and signals nothing: their ids may name other
    /// processes by then.
    /// </summary>
    public async Task<IReadOnlyList<ProcessIdentity>> StopAsync()
    {
        if (_stopped is not null)
        {
            return _stopped;
        }

        var tree = ProcessTree.Snapshot(_process.Id);
        if (tree.Count > 0)
        {
            ProcessTree.Terminate(tree[0]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                // The tree below is killed next, by identity.
            }
        }

        await ProcessTree.KillAndWaitAsync(tree);
        await _process.WaitForExitAsync();
        _stopped = tree;
        return tree;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        RootClient.Dispose();
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_secrets, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilRunningAsync(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120); // generous: CI machines are shared
        string? state = null;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                state = (string?)(await StatusAsync())["state"];
                if (state is "Running" or "Error")
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, not yet able to read its keys, or too busy starting to answer
            }

            await Task.Delay(250);
        }

        if (state != "Running" && process.HasExited && Output.Contains("address already in use", StringComparison.Ordinal))
        {
            throw new PortTakenException();
        }

        if (state != "Running")
        {
            throw new InvalidOperationException($"The Functions host did not reach Running (last state: {state ?? "none"}).\n{Output}");
        }
    }

    /// <summary>Unpacks the host (once per package content) and builds the app's Release output (once per test run).</summary>
    private static async Task<(string Host, string App)> PrepareAsync()
    {
        await PrepareLock.WaitAsync();
        try
        {
            _prepared ??= (await UnpackAsync(PackagePath), await BuildAppAsync());
            return _prepared.Value;
        }
        finally
        {
            PrepareLock.Release();
        }
    }

    /// <summary>
    /// Unpacks the package into a cache folder named by its SHA-256, so later runs (and other
    /// checkouts) reuse it; a half-written folder is never used, as the marker file comes last.
    /// </summary>
    private static async Task<string> UnpackAsync(string package)
    {
        string hash;
        await using (var file = File.OpenRead(package))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file))[..16];
        }

        var target = Path.Combine(Path.GetTempPath(), "blog-functions-host", hash);
        var marker = Path.Combine(target, ".unpacked");
        if (File.Exists(marker))
        {
            return target;
        }

        var staging = target + "-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        await using (var file = File.OpenRead(package))
        await using (var unzipped = new GZipStream(file, CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(unzipped, staging, overwriteFiles: true);
        }

        Directory.CreateDirectory(Path.Combine(staging, "workers")); // the host requires it, even empty
        await File.WriteAllTextAsync(Path.Combine(staging, ".unpacked"), package);
        if (Directory.Exists(target) && !File.Exists(marker))
        {
            Directory.Delete(target, recursive: true); // left half-written by an interrupted run
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(marker))
        {
            Directory.Delete(staging, recursive: true); // another run unpacked it meanwhile
        }

        return target;
    }

    /// <summary>Builds <c>src/Blog.Functions</c> in Release, the output a deployment ships; returns the script root.</summary>
    private static async Task<string> BuildAppAsync()
    {
        var project = RepositoryRoot.Combine("src", "Blog.Functions", "Blog.Functions.csproj");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.FullPath };
        foreach (var argument in new[] { "build", project, "-c", "Release", "--nologo", "-v", "quiet", "-clp:ErrorsOnly" })
        {
            info.ArgumentList.Add(argument);
        }

        var (process, output) = ProcessOutput.Start(info);
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            var app = RepositoryRoot.Combine("src", "Blog.Functions", "bin", "Release", "net10.0");
            if (process.ExitCode != 0 || !File.Exists(Path.Combine(app, "functions.metadata")))
            {
                throw new InvalidOperationException($"dotnet build -c Release of the Functions app failed (exit code {process.ExitCode}).\n{output}");
            }

            return app;
        }
    }
}

/// <summary>The host could not listen on the port it was given.</summary>
public sealed class PortTakenException() : Exception("The port was taken before the host bound it.");

/// <summary>The keys a test host starts with: master, the <c>default</c> function key, the blob extension's system key.</summary>
public sealed record HostKeys(string Master, string Function, string Blobs)
{
    /// <summary>The host's file secret store (<c>host.json</c> in <c>FUNCTIONS_SECRETS_PATH</c>) holding these keys.</summary>
    public string SecretsJson(string hostName) => new JsonObject
    {
        ["masterKey"] = Key("master", Master),
        ["functionKeys"] = new JsonArray(Key("default", Function)),
        ["systemKeys"] = new JsonArray(Key("blobs_extension", Blobs)),
        ["hostName"] = hostName,
        ["instanceId"] = "tests",
        ["source"] = "runtime",
        ["decryptionKeyId"] = string.Empty,
    }.ToJsonString();

    private static JsonObject Key(string name, string value) => new() { ["name"] = name, ["value"] = value, ["encrypted"] = false };
}
