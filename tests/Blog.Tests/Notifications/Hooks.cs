using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Blog.DevHost;
using Blog.Notifications;
using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Blog.Tests.Notifications;

/// <summary>
/// A <see cref="TestBlog"/> with webhooks: a publisher that queues notifications on a queue of its
/// own on Azurite, the app's delivery service, and the dev host's queue pump under the repository's
/// host.json settings, which a test runs until the queue has nothing visible.
/// </summary>
public sealed class Hooks : IAsyncDisposable
{
    public const string Secret = "a-long-random-webhook-secret";

    private Hooks(TestBlog blog, ChangeNotifier notifier, WebhookDelivery delivery)
    {
        Blog = blog;
        Notifier = notifier;
        Delivery = delivery;
        Publisher = new ArticlePublisher(blog.Store, blog.Compiler, blog.Clock, NullLogger<ArticlePublisher>.Instance, notifier: notifier);
        Pump = new QueuePump(
            notifier.Queue!, notifier.Poison!, delivery.DeliverAsync, QueueTriggerSettings.Read(RepositoryRoot.Combine("host.json")), NullLogger.Instance);
    }

    public TestBlog Blog { get; }

    public ChangeNotifier Notifier { get; }

    public WebhookDelivery Delivery { get; }

    public ArticlePublisher Publisher { get; }

    public QueuePump Pump { get; }

    /// <param name="queuePolicy">A policy in the queue client's pipeline, to watch or fail what it sends.</param>
    public static async Task<Hooks> CreateAsync(
        AzuriteFixture azurite, IEnumerable<Uri> webhooks, TimeSpan[]? retryDelays = null, TimeSpan? timeout = null, HttpPipelinePolicy? queuePolicy = null)
    {
        var blog = await TestBlog.CreateAsync(azurite);
        var options = new BlogOptions
        {
            TableName = blog.Options.TableName,
            PostsContainer = blog.Options.PostsContainer,
            HtmlContainer = blog.Options.HtmlContainer,
            Webhooks = webhooks.Select(w => w.ToString()).ToArray(),
            WebhookSecret = Secret,
            NotificationQueue = "notify-" + Guid.NewGuid().ToString("N")[..12],
            WebhookRetryDelays = retryDelays ?? [],
            WebhookTimeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (queuePolicy is not null)
        {
            queueOptions.AddPolicy(queuePolicy, HttpPipelinePosition.PerCall);
        }

        var notifier = new ChangeNotifier(
            new QueueServiceClient(blog.ConnectionString, queueOptions), Microsoft.Extensions.Options.Options.Create(options), NullLogger<ChangeNotifier>.Instance);
        await notifier.EnsureCreatedAsync();
        return new Hooks(blog, notifier, new WebhookDelivery(notifier, NullLogger<WebhookDelivery>.Instance));
    }

    /// <summary>Uploads and publishes a file, as the blob trigger would.</summary>
    public async Task<PublishResult> PublishAsync(string blobName, string markdown)
    {
        await Blog.UploadAsync(blobName, markdown);
        return await Publisher.PublishAsync(blobName);
    }

    /// <summary>Runs the queue trigger until no message is visible; returns how many it handled.</summary>
    public async Task<int> DeliverAsync()
    {
        var handled = 0;
        for (int taken; (taken = await Pump.RunOnceAsync()) > 0;)
        {
            handled += taken;
        }

        return handled;
    }

    /// <summary>Messages on the queue, visible or not.</summary>
    public async Task<int> QueuedAsync() => (await Notifier.Queue!.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>The bodies on the poison queue.</summary>
    public async Task<List<WebhookMessage>> PoisonedAsync() =>
        (await Notifier.Poison!.PeekMessagesAsync(32)).Value.Select(m => WebhookMessage.TryParse(m.Body.ToString())!).ToList();

    public async ValueTask DisposeAsync()
    {
        Delivery.Dispose();
        await Notifier.Queue!.DeleteIfExistsAsync();
        await Notifier.Poison!.DeleteIfExistsAsync();
        await Blog.DisposeAsync();
    }
}
