using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blog.Notifications;

/// <summary>
/// Puts change notifications on the notification queue, one message per event and webhook, so a
/// receiver that fails is retried alone and never makes the others receive a duplicate. Does
/// nothing where no webhook is configured. <see cref="WebhookDelivery"/> sends the messages.
/// </summary>
public sealed partial class ChangeNotifier
{
    /// <summary>The waits before each new try of a failed delivery: eight tries over about a day.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(10),
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(6),
        TimeSpan.FromHours(12),
    ];

    /// <summary>Why the app does not start with webhooks and no secret.</summary>
    public const string MissingSecret =
        "Webhooks are configured (Blog__Webhooks__0, ...) but the setting Blog__WebhookSecret is missing. It signs every " +
        "notification (X-Blog-Signature), so receivers can tell them from forgeries. Set it to a long random secret shared with the receivers.";

    private readonly byte[] _secret;
    private readonly ILogger<ChangeNotifier> _logger;

    public ChangeNotifier(QueueServiceClient? queues, IOptions<BlogOptions> options, ILogger<ChangeNotifier> logger)
    {
        var settings = options.Value;
        if (Problem(settings, queues is not null) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        Webhooks = settings.Webhooks.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => new Uri(w.Trim(), UriKind.Absolute)).ToList();
        _secret = Encoding.UTF8.GetBytes(settings.WebhookSecret ?? string.Empty);
        _logger = logger;
        Queue = queues?.GetQueueClient(settings.NotificationQueue);
        Poison = queues?.GetQueueClient(settings.NotificationQueue + "-poison");
        RetryDelays = settings.WebhookRetryDelays.Length > 0 ? settings.WebhookRetryDelays : DefaultRetryDelays;
        Timeout = settings.WebhookTimeout;
    }

    /// <summary>The receivers of every notification.</summary>
    public IReadOnlyList<Uri> Webhooks { get; }

    /// <summary>Whether any webhook is configured.</summary>
    public bool IsEnabled => Webhooks.Count > 0;

    /// <summary>The notifications still to deliver (null where the connection names no queue service).</summary>
    public QueueClient? Queue { get; }

    /// <summary>The notifications given up on.</summary>
    public QueueClient? Poison { get; }

    /// <summary>The waits before each new try; a delivery is tried once more than there are waits.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>What is wrong with the notification settings, or null when nothing is.</summary>
    public static string? Problem(BlogOptions settings, bool hasQueueService)
    {
        var webhooks = settings.Webhooks.Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
        if (webhooks.Count == 0)
        {
            return null;
        }

        if (webhooks.FirstOrDefault(w => !Uri.TryCreate(w.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) is { } bad)
        {
            return $"The webhook '{bad}' (Blog__Webhooks__N) is not an absolute http or https address.";
        }

        if (string.IsNullOrWhiteSpace(settings.WebhookSecret))
        {
            return MissingSecret;
        }

        return hasQueueService
            ? null
            : "Webhooks are configured but the storage connection names no queue service: set BlogStorage__queueServiceUri (or BlogStorage__accountName).";
    }

    /// <summary>The signature of <paramref name="body"/>: <c>sha256=</c> and the hex HMAC-SHA256 of it under the webhook secret.</summary>
    public string Sign(ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, body));

    /// <summary>Creates the queue and its poison queue where they are missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var queue in new[] { Queue, Poison })
        {
            if (queue is not null && !await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Queues <paramref name="change"/> for every webhook; nothing where none is configured.</summary>
    public async Task EnqueueAsync(ChangeEvent change, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            return;
        }

        var body = Encoding.UTF8.GetString(change.ToJson());
        foreach (var webhook in Webhooks)
        {
            await SendAsync(new WebhookMessage(webhook.AbsoluteUri, change.Id, 1, body), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        LogQueued(change.Id, change.Kind, change.Slugs, Webhooks.Count);
    }

    /// <summary>Puts one delivery on the queue, visible after <paramref name="delay"/>.</summary>
    internal Task SendAsync(WebhookMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        Queue!.SendMessageAsync(message.ToJson(), visibilityTimeout: delay, cancellationToken: cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued change {EventId} ({Kind}: {Slugs}) for {Webhooks} webhook(s)")]
    private partial void LogQueued(string eventId, string kind, IReadOnlyList<string> slugs, int webhooks);
}
