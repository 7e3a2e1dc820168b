using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Blog.Notifications;

/// <summary>
/// Sends one queued notification to its receiver: a <c>POST</c> of the exact bytes signed, with
/// <c>Content-Type: application/json</c>, <c>X-Blog-Signature</c> and <c>X-Blog-Event-Id</c>, no
/// redirect followed, within <see cref="ChangeNotifier.Timeout"/>. A 2xx answer delivers it.
/// Otherwise the next try is queued, visible after the next of <see cref="ChangeNotifier.RetryDelays"/>;
/// after the last the message goes to the poison queue with an error in the log. It throws only
/// when storage fails (or the host stops), and then the queue's own retry takes the message again.
/// </summary>
public sealed partial class WebhookDelivery : IDisposable
{
    /// <summary>The header carrying the signature of the body.</summary>
    public const string SignatureHeader = "X-Blog-Signature";

    /// <summary>The header carrying the event id (also in the body), for receivers that drop duplicates early.</summary>
    public const string EventIdHeader = "X-Blog-Event-Id";

    private readonly ChangeNotifier _notifier;
    private readonly ILogger<WebhookDelivery> _logger;
    private readonly HttpClient _client;

    public WebhookDelivery(ChangeNotifier notifier, ILogger<WebhookDelivery> logger)
    {
        _notifier = notifier;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = notifier.Timeout,
        };
    }

    /// <summary>Handles one message of the notification queue.</summary>
    public async Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        if (WebhookMessage.TryParse(text) is not { } message)
        {
            LogMalformed();
            await _notifier.Poison!.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!_notifier.Webhooks.Any(w => w.AbsoluteUri == message.Url))
        {
            // The receiver was removed from the settings since (or the message was not queued by this app).
            LogNotConfigured(message.EventId, message.Url);
            return;
        }

        var failure = await PostAsync(message, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            LogDelivered(message.EventId, message.Url, message.Attempt);
            return;
        }

        var delays = _notifier.RetryDelays;
        if (message.Attempt <= delays.Count)
        {
            var delay = delays[message.Attempt - 1];
            await _notifier.SendAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken).ConfigureAwait(false);
            LogRetrying(message.EventId, message.Url, message.Attempt, failure, delay);
            return;
        }

        await _notifier.Poison!.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        LogGaveUp(message.EventId, message.Url, message.Attempt, failure);
    }

    /// <summary>Sends the notification; returns why it failed, or null when the receiver took it.</summary>
    private async Task<string?> PostAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(SignatureHeader, _notifier.Sign(body));
        request.Headers.Add(EventIdHeader, message.EventId);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"the receiver answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return "the request failed: " + ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no answer within {_notifier.Timeout.TotalSeconds} s");
        }
    }

    public void Dispose() => _client.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered change {EventId} to {Url} (try {Attempt})")]
    private partial void LogDelivered(string eventId, string url, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change {EventId} to {Url} failed at try {Attempt} ({Reason}); trying again in {Delay}")]
    private partial void LogRetrying(string eventId, string url, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on change {EventId} to {Url} after {Attempt} tries ({Reason}); the message is on the poison queue")]
    private partial void LogGaveUp(string eventId, string url, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped change {EventId}: {Url} is not a configured webhook")]
    private partial void LogNotConfigured(string eventId, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on the notification queue is not a notification; it is on the poison queue")]
    private partial void LogMalformed();
}
