using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;

namespace Blog.DevHost;

/// <summary>The Functions host's queue trigger settings (<c>extensions.queues</c> of host.json) the dev host honours.</summary>
public sealed record QueueTriggerSettings(int MaxDequeueCount, TimeSpan VisibilityTimeout, int BatchSize)
{
    /// <summary>The host's defaults.</summary>
    public static readonly QueueTriggerSettings Default = new(5, TimeSpan.Zero, 16);

    public static QueueTriggerSettings Read(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath) || JsonNode.Parse(File.ReadAllText(hostJsonPath))?["extensions"]?["queues"] is not JsonObject queues)
        {
            return Default;
        }

        return new QueueTriggerSettings(
            (int?)queues["maxDequeueCount"] ?? Default.MaxDequeueCount,
            queues["visibilityTimeout"] is { } timeout ? TimeSpan.Parse((string)timeout!, CultureInfo.InvariantCulture) : Default.VisibilityTimeout,
            (int?)queues["batchSize"] ?? Default.BatchSize);
    }
}

/// <summary>
/// Does for one queue what the Functions host's queue trigger does: takes the visible messages,
/// hands each to the function, deletes it when the function returns, and when it throws makes
/// it visible again after the <c>visibilityTimeout</c>, or, once it has been taken
/// <c>maxDequeueCount</c> times, moves it to the poison queue (<c>{queue}-poison</c>).
/// </summary>
public sealed partial class QueuePump(
    QueueClient queue, QueueClient poison, Func<string, CancellationToken, Task> function, QueueTriggerSettings settings, ILogger logger)
{
    /// <summary>How long a message taken stays invisible to others while the function works on it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    /// <summary>Handles the messages visible now (one batch); returns how many it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, Hold, cancellationToken).ConfigureAwait(false)).Value;
        foreach (var message in messages)
        {
            try
            {
                await function(message.Body.ToString(), cancellationToken).ConfigureAwait(false);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                    LogPoisoned(logger, queue.Name, message.DequeueCount, ex);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                    LogFailed(logger, queue.Name, message.DequeueCount, ex);
                }
            }
        }

        return messages.Length;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message of {Queue} failed (try {DequeueCount}); it will be tried again")]
    private static partial void LogFailed(ILogger logger, string queue, long dequeueCount, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message of {Queue} failed {DequeueCount} times; it is on the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string queue, long dequeueCount, Exception exception);
}
