using Azure.Storage.Queues;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.EndToEnd;

/// <summary>The dev host, started as a user starts it with webhooks set, delivers the notification of an upload.</summary>
public sealed class DevHostNotificationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_upload_to_the_dev_host_reaches_the_webhook_signed()
    {
        const string Secret = "dev-host-webhook-secret";
        await using var receiver = await WebhookReceiver.StartAsync();
        var queue = "devhost-" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await DevHostProcess.StartAsync(
            azurite,
            ("Blog__Webhooks__0", receiver.Url.ToString()),
            ("Blog__WebhookSecret", Secret),
            ("Blog__NotificationQueue", queue));
        try
        {
            await host.Posts.CreateIfNotExistsAsync();
            await host.UploadAsync("2026/hello.md", Post.Markdown(title: "Hello", slug: "hello", tags: ["greetings"]));

            await Eventually.HoldsAsync(host, () => Task.FromResult(receiver.Received.Count > 0), "the webhook receives the notification");
            var hook = Assert.Single(receiver.Received);
            Assert.True(hook.IsSignedWith(Secret));
            Assert.Equal("published", hook.Kind);
            Assert.Equal(["hello"], hook.Slugs);
            Assert.Contains("/api/tags/greetings", hook.Paths);
            Assert.Contains("/api/articles/hello", hook.Paths);

            // The article the notification names is there to fetch.
            using var article = await host.Client.GetAsync("articles/hello");
            Assert.Equal(System.Net.HttpStatusCode.OK, article.StatusCode);
        }
        finally
        {
            await host.Posts.DeleteIfExistsAsync();
            var queues = new QueueServiceClient(azurite.ConnectionString);
            await queues.DeleteQueueAsync(queue);
            await queues.DeleteQueueAsync(queue + "-poison");
        }
    }
}
