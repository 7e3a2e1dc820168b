using Azure.Core;
using Azure.Core.Pipeline;
using Blog.Notifications;
using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Notifications;

/// <summary>
/// Change notifications end to end on Azurite: the publisher queues them, the queue trigger's
/// stand-in delivers them to a real receiver on Kestrel, which checks what a receiver would.
/// </summary>
public sealed class ChangeNotificationTests(AzuriteFixture azurite)
{
    private static readonly string[] Global =
        ["/api/articles", "/api/feeds/rss", "/api/feeds/atom", "/api/feeds/json", "/api/sitemap.xml", "/api/search"];

    private static void AssertPaths(IEnumerable<string> expected, ReceivedHook hook) =>
        Assert.Equal(expected.Concat(Global).Distinct().Order(StringComparer.Ordinal), hook.Paths.Order(StringComparer.Ordinal));

    [Fact]
    public async Task Each_change_sends_exactly_one_signed_notification_naming_what_it_changed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var hooks = await Hooks.CreateAsync(azurite, [receiver.Url]);
        var first = Post.Markdown(title: "Launch", slug: "launch", tags: ["news", "ai"], category: "Updates");

        // A new file: published.
        Assert.Equal(PublishOutcome.Published, (await hooks.PublishAsync("2026/launch.md", first)).Outcome);
        Assert.Equal(1, await hooks.DeliverAsync());
        var published = Assert.Single(receiver.Received);
        Assert.True(published.IsSignedWith(Hooks.Secret), "The signature is not the HMAC-SHA256 of the body under the secret.");
        Assert.False(published.IsSignedWith("another secret"));
        Assert.Equal("application/json", published.ContentType);
        Assert.Equal(published.Id, published.EventId);
        Assert.Equal(["id", "occurredAt", "kind", "slugs", "paths"], published.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-28T12:00:00Z", published.Json.GetProperty("occurredAt").GetString());
        Assert.Equal("published", published.Kind);
        Assert.Equal(["launch"], published.Slugs);
        AssertPaths(
            ["/api/articles/launch", "/api/tags", "/api/tags/news", "/api/tags/ai", "/api/categories", "/api/categories/updates"], published);

        // The same bytes again: nothing changed, nothing is sent.
        Assert.Equal(PublishOutcome.Unchanged, (await hooks.PublishAsync("2026/launch.md", first)).Outcome);
        Assert.Equal(0, await hooks.QueuedAsync());
        Assert.Equal(0, await hooks.DeliverAsync());

        // An update that changes the slug, a tag and the category: old and new pages both.
        await hooks.PublishAsync("2026/launch.md", Post.Markdown(title: "Launch 2", slug: "launch-2", tags: ["ai", "tools"], category: "News"));
        Assert.Equal(1, await hooks.DeliverAsync());
        var updated = receiver.Received[^1];
        Assert.Equal("updated", updated.Kind);
        Assert.Equal(["launch-2", "launch"], updated.Slugs);
        AssertPaths(
            [
                "/api/articles/launch-2", "/api/articles/launch", "/api/tags", "/api/tags/news", "/api/tags/ai", "/api/tags/tools",
                "/api/categories", "/api/categories/updates", "/api/categories/news",
            ],
            updated);

        // Taken down, then a new version (published again), then the file deleted.
        Assert.Equal(PublishOutcome.Removed, (await hooks.Publisher.TakeDownAsync("2026/launch.md")).Outcome);
        Assert.Equal(1, await hooks.DeliverAsync());
        var takenDown = receiver.Received[^1];
        Assert.Equal("removed", takenDown.Kind);
        Assert.Equal(["launch-2", "launch"], takenDown.Slugs);
        AssertPaths(
            ["/api/articles/launch-2", "/api/articles/launch", "/api/tags", "/api/tags/ai", "/api/tags/tools", "/api/categories", "/api/categories/news"],
            takenDown);

        await hooks.PublishAsync("2026/launch.md", Post.Markdown(title: "Launch 3", slug: "launch-2", tags: ["ai"]));
        Assert.Equal(1, await hooks.DeliverAsync());
        Assert.Equal("published", receiver.Received[^1].Kind);

        await hooks.Blog.Posts.DeleteBlobAsync("2026/launch.md");
        Assert.Equal(PublishOutcome.Removed, (await hooks.Publisher.PublishAsync("2026/launch.md")).Outcome);
        Assert.Equal(1, await hooks.DeliverAsync());
        var removed = receiver.Received[^1];
        Assert.Equal("removed", removed.Kind);
        AssertPaths(["/api/articles/launch-2", "/api/articles/launch", "/api/tags", "/api/tags/ai"], removed);

        Assert.Equal(5, receiver.Received.Count);
        Assert.All(receiver.Received, hook => Assert.True(hook.IsSignedWith(Hooks.Secret)));
        Assert.Equal(5, receiver.Received.Select(h => h.Id).Distinct().Count());
        Assert.Empty(await hooks.PoisonedAsync());
    }

    [Fact]
    public async Task A_draft_sends_nothing_until_it_goes_public_and_going_back_to_draft_removes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var hooks = await Hooks.CreateAsync(azurite, [receiver.Url]);

        await hooks.PublishAsync("draft.md", Post.Markdown(title: "Soon", slug: "soon", draft: true));
        await hooks.PublishAsync("draft.md", Post.Markdown(title: "Soon!", slug: "soon", draft: true));
        Assert.Equal(0, await hooks.DeliverAsync());

        await hooks.PublishAsync("draft.md", Post.Markdown(title: "Now", slug: "soon", tags: ["x"]));
        await hooks.PublishAsync("draft.md", Post.Markdown(title: "Later", slug: "soon", tags: ["x"], draft: true));
        Assert.Equal(2, await hooks.DeliverAsync());
        Assert.Equal(["updated", "removed"], receiver.Received.Select(h => h.Kind));
        Assert.Contains("/api/tags/x", receiver.Received[1].Paths);
    }

    [Fact]
    public async Task A_failing_receiver_is_tried_again_after_growing_waits_until_it_takes_the_notification()
    {
        // First a 500, then an answer that comes too late (after the 1 s timeout), then a 200.
        await using var receiver = await WebhookReceiver.StartAsync(async request =>
        {
            if (request == 2)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return request == 1 ? 500 : 200;
        });
        await using var hooks = await Hooks.CreateAsync(
            azurite, [receiver.Url], retryDelays: [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], timeout: TimeSpan.FromSeconds(1));

        await hooks.PublishAsync("post.md", Post.Markdown(slug: "retried"));
        Assert.Equal(1, await hooks.DeliverAsync());
        Assert.Single(receiver.Received);

        // The next try waits, invisible on the queue, for the first delay.
        Assert.Equal(1, await hooks.QueuedAsync());
        Assert.Equal(0, await hooks.DeliverAsync());
        await UntilAsync(hooks, () => receiver.Received.Count == 2);
        await UntilAsync(hooks, () => receiver.Received.Count == 3 && receiver.Accepted.Count == 2);

        var tries = receiver.Received;
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(0.9), $"The second try came {tries[1].At - tries[0].At} after the first.");

        // The slow try was recorded when the receiver answered, 3 s after it began; the third came at least 1 + 2 s after the first.
        Assert.True(tries[2].At - tries[0].At >= TimeSpan.FromSeconds(2.9), $"The third try came {tries[2].At - tries[0].At} after the first.");
        Assert.All(tries, t => Assert.Equal(tries[0].Body, t.Body));
        Assert.All(tries, t => Assert.True(t.IsSignedWith(Hooks.Secret)));
        Assert.Equal(0, await hooks.QueuedAsync());
        Assert.Empty(await hooks.PoisonedAsync());
    }

    [Fact]
    public async Task A_receiver_that_never_takes_it_is_given_up_after_the_last_try_and_the_notification_kept_on_the_poison_queue()
    {
        await using var receiver = await WebhookReceiver.FailingAsync(503);
        await using var hooks = await Hooks.CreateAsync(azurite, [receiver.Url], retryDelays: [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero]);

        await hooks.PublishAsync("post.md", Post.Markdown(slug: "unheard"));
        Assert.Equal(4, await hooks.DeliverAsync());

        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(0, await hooks.QueuedAsync());
        var poisoned = Assert.Single(await hooks.PoisonedAsync());
        Assert.Equal(4, poisoned.Attempt);
        Assert.Equal(receiver.Received[0].Id, poisoned.EventId);
        Assert.Equal(receiver.Url.AbsoluteUri, poisoned.Url);
    }

    [Fact]
    public async Task With_two_receivers_one_failing_the_healthy_one_receives_exactly_once()
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var failing = await WebhookReceiver.FailingAsync();
        await using var hooks = await Hooks.CreateAsync(azurite, [failing.Url, healthy.Url], retryDelays: [TimeSpan.Zero, TimeSpan.Zero]);

        await hooks.PublishAsync("post.md", Post.Markdown(slug: "shared"));
        await hooks.DeliverAsync();

        var hook = Assert.Single(healthy.Received);
        Assert.Equal(3, failing.Received.Count);
        Assert.All(failing.Received, f => Assert.Equal(hook.Body, f.Body));
        Assert.Single(await hooks.PoisonedAsync());
    }

    [Fact]
    public async Task A_publish_cut_off_after_queuing_its_notification_queues_it_again_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var crashAfterSend = new AfterSend();
        await using var hooks = await Hooks.CreateAsync(azurite, [receiver.Url], queuePolicy: crashAfterSend);
        await hooks.PublishAsync("post.md", Post.Markdown(slug: "before", tags: ["a"]));
        await hooks.DeliverAsync();

        // The notification is queued; the process dies before the source row records the new state.
        await hooks.Blog.UploadAsync("post.md", Post.Markdown(slug: "after", tags: ["b"]));
        crashAfterSend.Then = () => hooks.Blog.Requests.FailAfter(0);
        var crash = await Record.ExceptionAsync(() => hooks.Publisher.PublishAsync("post.md"));
        crashAfterSend.Then = null;
        hooks.Blog.Requests.Heal();
        Assert.IsType<SimulatedCrashException>(crash);
        hooks.Blog.Clock.Advance(TimeSpan.FromMinutes(5)); // the dead run's lock expires

        Assert.Equal(PublishOutcome.Published, (await hooks.Publisher.PublishAsync("post.md")).Outcome);
        Assert.Equal(2, await hooks.DeliverAsync());

        var (firstTry, retry) = (receiver.Received[1], receiver.Received[2]);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(firstTry.Id, retry.Id);
        Assert.Equal("updated", retry.Kind);
        Assert.Equal(firstTry.Slugs, retry.Slugs);
        Assert.Equal(firstTry.Paths, retry.Paths);
        Assert.Contains("/api/tags/a", retry.Paths);
        Assert.Contains("/api/tags/b", retry.Paths);
        Assert.NotEqual(receiver.Received[0].Id, retry.Id);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("remove")]
    public async Task A_publish_cut_off_at_any_request_is_notified_by_its_retry_always_with_the_same_kind_and_id(string scenario)
    {
        var clean = await CutOffAsync(scenario, crashAfter: null);
        Assert.True(clean.Requests > 5, $"The {scenario} run made only {clean.Requests} requests.");
        var expected = Assert.Single(clean.Hooks);

        for (var crashAfter = 0; crashAfter < clean.Requests; crashAfter++)
        {
            var run = await CutOffAsync(scenario, crashAfter);
            Assert.True(run.Hooks.Count >= 1, $"No notification after a crash at request {crashAfter + 1} of {clean.Requests} ({scenario}).");
            Assert.Single(run.Hooks.Select(h => h.Id).Distinct());
            Assert.All(run.Hooks, hook => Assert.Equal(expected.Kind, hook.Kind));
            Assert.All(run.Hooks, hook => Assert.Equal(expected.Paths.Order(StringComparer.Ordinal), hook.Paths.Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>An update or removal of a published file, cut off after <paramref name="crashAfter"/> storage requests and retried.</summary>
    private async Task<(List<ReceivedHook> Hooks, int Requests)> CutOffAsync(string scenario, int? crashAfter)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var hooks = await Hooks.CreateAsync(azurite, [receiver.Url]);
        await hooks.PublishAsync("post.md", Post.Markdown(slug: "before", tags: ["kept", "dropped"], aliases: ["ancient"]));
        await hooks.DeliverAsync();
        if (scenario == "remove")
        {
            await hooks.Blog.Posts.DeleteBlobAsync("post.md");
        }
        else
        {
            await hooks.Blog.UploadAsync("post.md", Post.Markdown(slug: "after", tags: ["kept", "added"]));
        }

        var start = hooks.Blog.Requests.Count;
        if (crashAfter is { } limit)
        {
            hooks.Blog.Requests.FailAfter(limit);
            var crash = await Record.ExceptionAsync(() => hooks.Publisher.PublishAsync("post.md"));
            hooks.Blog.Requests.Heal();
            Assert.True(crash is SimulatedCrashException, $"The {scenario} run with a crash after {limit} requests ended with {crash?.GetType().Name ?? "no exception"}.");
            hooks.Blog.Clock.Advance(TimeSpan.FromMinutes(5)); // the dead run's lock expires
        }

        var result = await hooks.Publisher.PublishAsync("post.md");
        var requests = hooks.Blog.Requests.Count - start;
        Assert.Equal(scenario == "remove" ? PublishOutcome.Removed : PublishOutcome.Published, result.Outcome);
        await hooks.DeliverAsync();
        return (receiver.Received.Skip(1).ToList(), requests);
    }

    [Fact]
    public async Task The_queue_pump_retries_a_throwing_function_and_moves_the_message_to_the_poison_queue_after_max_dequeue_count()
    {
        await using var hooks = await Hooks.CreateAsync(azurite, [new Uri("http://127.0.0.1:9/unused")]);
        var calls = 0;
        var pump = new Blog.DevHost.QueuePump(
            hooks.Notifier.Queue!,
            hooks.Notifier.Poison!,
            (_, _) =>
            {
                calls++;
                throw new InvalidOperationException("storage is down");
            },
            new Blog.DevHost.QueueTriggerSettings(MaxDequeueCount: 3, VisibilityTimeout: TimeSpan.Zero, BatchSize: 4),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await hooks.Notifier.Queue!.SendMessageAsync("a message");

        while (await pump.RunOnceAsync() > 0)
        {
        }

        Assert.Equal(3, calls);
        Assert.Equal(0, await hooks.QueuedAsync());
        Assert.Equal("a message", Assert.Single((await hooks.Notifier.Poison!.PeekMessagesAsync()).Value).Body.ToString());
    }

    [Fact]
    public void The_dev_host_reads_the_queue_trigger_settings_of_host_json()
    {
        var settings = Blog.DevHost.QueueTriggerSettings.Read(RepositoryRoot.Combine("host.json"));

        Assert.Equal(new Blog.DevHost.QueueTriggerSettings(5, TimeSpan.FromMinutes(1), 8), settings);
    }

    [Fact]
    public async Task Without_webhooks_nothing_is_queued()
    {
        await using var hooks = await Hooks.CreateAsync(azurite, []);

        await hooks.PublishAsync("post.md", Post.Markdown(slug: "quiet"));
        await hooks.Publisher.TakeDownAsync("post.md");

        Assert.False(hooks.Notifier.IsEnabled);
        Assert.Equal(0, await hooks.QueuedAsync());
    }

    [Fact]
    public void Scopes_map_to_their_list_pages_and_kinds_this_version_does_not_know_to_none()
    {
        Assert.Equal(["/api/articles"], ChangePaths.ForScope("all"));
        Assert.Equal(["/api/tags", "/api/tags/ai"], ChangePaths.ForPlacement("tag:ai|post"));
        Assert.Equal(["/api/categories", "/api/categories/news"], ChangePaths.ForPlacement("category:news|post"));
        Assert.Equal(["/api/authors", "/api/authors/jane-doe"], ChangePaths.ForPlacement("author:jane-doe|post"));
        Assert.Equal(["/api/series/building-rag"], ChangePaths.ForPlacement("series:building-rag|post"));
        Assert.Empty(ChangePaths.ForPlacement("shelf:top|post"));
        Assert.Empty(ChangePaths.ForScope("unknown"));
    }

    [Fact]
    public void Paths_carry_the_route_prefix_of_host_json()
    {
        var prefix = Blog.DevHost.FunctionRoute.RoutePrefix(RepositoryRoot.Combine("host.json"));
        Assert.Equal(ChangePaths.Prefix, "/" + prefix);
    }

    private static async Task UntilAsync(Hooks hooks, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for a try of the delivery.");
            await hooks.DeliverAsync();
            await Task.Delay(100);
        }
    }

    /// <summary>Runs <see cref="Then"/> once, right after the queue client has sent a message.</summary>
    private sealed class AfterSend : HttpPipelinePolicy
    {
        private Action? _then;

        public Action? Then
        {
            get => Volatile.Read(ref _then);
            set => Volatile.Write(ref _then, value);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The tests use the asynchronous client.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _then, null) is { } then)
            {
                then();
            }
        }
    }
}
