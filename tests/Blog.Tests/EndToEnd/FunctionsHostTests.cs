using System.Net;
using System.Text.Json.Nodes;
using Blog.Tests.Functions;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.EndToEnd;

/// <summary>
/// What only the real Azure Functions host can show: it loads every function the build declares,
/// the blob webhook holds its system key, the timer takes its schedule from the app settings, and
/// nothing it starts outlives it. One host serves the whole class; each test uses its own files.
/// </summary>
public sealed class FunctionsHostTests(FunctionsHostTests.SharedHost shared, AzuriteFixture azurite) : IClassFixture<FunctionsHostTests.SharedHost>
{
    /// <summary>One real host for the class, started on first use (so a missing package skips rather than fails).</summary>
    public sealed class SharedHost(AzuriteFixture azurite) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private FunctionsHostProcess? _host;

        public async Task<FunctionsHostProcess> GetAsync()
        {
            Assert.SkipWhen(FunctionsHostProcess.SkipReason is not null, FunctionsHostProcess.SkipReason ?? string.Empty);
            await _lock.WaitAsync();
            try
            {
                if (_host is null)
                {
                    _host = await FunctionsHostProcess.StartAsync(azurite);
                    await _host.Posts.CreateIfNotExistsAsync();
                }

                return _host;
            }
            finally
            {
                _lock.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
                await _host.Posts.DeleteIfExistsAsync();
            }

            _lock.Dispose();
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(FunctionsHostProcess host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_host_runs_and_loads_every_function_the_build_declares_with_none_in_error()
    {
        var host = await shared.GetAsync();
        var declared = FunctionMetadataTests.Load().Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal).ToList();

        var status = await host.StatusAsync();
        Assert.Equal("Running", (string?)status["state"]);
        Assert.Empty(status["errors"]?.AsArray() ?? []);
        foreach (var name in declared)
        {
            // The host's own view of one function: 200 with no errors, or the reasons it is in error.
            using var response = await host.RootClient.GetAsync($"admin/functions/{name}/status?code={host.Keys.Master}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {body}\n{host.Output}");
            Assert.True((JsonNode.Parse(body)?["errors"]?.AsArray() ?? []).Count == 0, $"{name} is in error: {body}");
        }

        // The start-up log lists exactly the functions found, and says nothing is in error.
        var log = host.Output;
        var found = log[log.IndexOf("Found the following functions:", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).Select(line => line.Trim()).TakeWhile(line => line.StartsWith("Host.Functions.", StringComparison.Ordinal))
            .Select(line => line["Host.Functions.".Length..]).Order(StringComparer.Ordinal).ToList();
        Assert.Subset(new HashSet<string>(declared), new HashSet<string> { "PublishArticleFunction", "Reconcile", "Reindex", "GetFileStatus", "GetArticle" });
        Assert.Equal(declared, found);
        Assert.DoesNotContain("is in error", log, StringComparison.Ordinal);
        Assert.Contains("Worker process started and initialized", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_created_event_publishes_the_upload_from_the_configured_container_and_needs_the_system_key()
    {
        var host = await shared.GetAsync();
        Assert.NotEqual("posts", host.Posts.Name); // the trigger path follows Blog__PostsContainer
        await host.Posts.GetBlobClient("2026/event.md").UploadAsync(BinaryData.FromString(Post.Markdown(title: "By event", slug: "by-event")), overwrite: true);

        Assert.Equal(HttpStatusCode.Unauthorized, await host.DeliverBlobCreatedAsync("2026/event.md", key: null));
        Assert.Equal(HttpStatusCode.Forbidden, await host.DeliverBlobCreatedAsync("2026/event.md", host.Keys.Function)); // a key, not the system key
        Assert.Equal(HttpStatusCode.Accepted, await host.DeliverBlobCreatedAsync("2026/event.md", host.Keys.Blobs));
        await Eventually.HoldsAsync(host, async () => await StatusAsync(host, "articles/by-event") == HttpStatusCode.OK, "the event publishes the article");
        // Only the accepted delivery reached the trigger: the two refused ones left no trace in its log.
        var detected = $"New blob detected(EventGrid): {host.Posts.Name}/2026/event.md";
        Assert.Single(host.Output.Split('\n'), line => line.Contains(detected, StringComparison.Ordinal));
        // The app's own log reaches the host's log, where an operator reads it.
        await Eventually.HoldsAsync(host, () => Task.FromResult(host.Output.Contains("Published 2026/event.md as by-event", StringComparison.Ordinal)), "the host logs the outcome");
    }

    [Fact]
    public async Task The_reconcile_timer_takes_its_schedule_from_the_app_settings_and_runs_when_invoked()
    {
        var host = await shared.GetAsync();
        // The timer's listener logs its schedule as it starts, which may come just after "Running".
        await Eventually.HoldsAsync(host, () => Task.FromResult(host.Output.Contains(
            $"occurrences of the 'Reconcile' schedule (Cron: '{FunctionsHostProcess.ReconcileSchedule}')", StringComparison.Ordinal)), "the timer logs its schedule");

        // A file no event announced: only the reconcile can find it.
        await host.Posts.GetBlobClient("unannounced.md").UploadAsync(BinaryData.FromString(Post.Markdown(title: "Unannounced", slug: "unannounced")), overwrite: true);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(host, "articles/unannounced"));

        Assert.Equal(HttpStatusCode.Accepted, await host.InvokeAsync("Reconcile"));
        await Eventually.HoldsAsync(host, async () => await StatusAsync(host, "articles/unannounced") == HttpStatusCode.OK, "the reconcile publishes the file");
    }

    [Fact]
    public async Task Stopping_the_host_stops_every_process_it_started_the_worker_included()
    {
        Assert.SkipWhen(FunctionsHostProcess.SkipReason is not null, FunctionsHostProcess.SkipReason ?? string.Empty);
        var host = await FunctionsHostProcess.StartAsync(azurite);
        var started = ProcessTree.Snapshot(host.ProcessId);
        Assert.Contains(started, process => ProcessTree.CommandLine(process).Contains("Blog.Functions", StringComparison.Ordinal));

        var stopped = await host.StopAsync();
        await host.DisposeAsync();

        Assert.All(started, process => Assert.Contains(process, stopped));
        Assert.All(stopped, process => Assert.False(ProcessTree.IsAlive(process), $"process {process} still runs"));
    }
}
