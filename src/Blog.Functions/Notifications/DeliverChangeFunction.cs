using Blog.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Notifications;

/// <summary>
/// Delivers one change notification from the notification queue to its webhook
/// (<see cref="WebhookDelivery"/>): it retries a failing receiver itself, with growing waits, by
/// queuing the next try; it throws only when storage fails, and then the host's queue retry
/// (<c>maxDequeueCount</c> and <c>visibilityTimeout</c> in host.json) takes the message again,
/// moving it to the poison queue after the last try.
/// </summary>
public sealed class DeliverChangeFunction(WebhookDelivery delivery)
{
    /// <summary>
    /// The trigger's queue: the one named by the <c>Blog__NotificationQueue</c> app setting (read by
    /// the host as <c>Blog:NotificationQueue</c>, the key <see cref="BlogOptions"/> binds).
    /// </summary>
    public const string QueueName = "%" + BlogOptions.SectionName + ":" + nameof(BlogOptions.NotificationQueue) + "%";

    [Function(nameof(DeliverChangeFunction))]
    public Task Run(
        [QueueTrigger(QueueName, Connection = BlogServiceCollectionExtensions.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        delivery.DeliverAsync(message, cancellationToken);
}
