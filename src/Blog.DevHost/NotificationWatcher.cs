using Blog.Functions.Notifications;
using Blog.Notifications;
using Microsoft.Extensions.Options;

namespace Blog.DevHost;

/// <summary>
/// Stands in for the Functions host's queue trigger of <see cref="DeliverChangeFunction"/>: polls
/// the notification queue (every <see cref="DevHostOptions.PollInterval"/>) with a
/// <see cref="QueuePump"/> under host.json's queue settings. Idle where no webhook is configured.
/// </summary>
public sealed partial class NotificationWatcher(
    ChangeNotifier notifier,
    IServiceProvider services,
    IOptions<DevHostOptions> options,
    ILogger<NotificationWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || notifier.Queue is null || notifier.Poison is null)
        {
            return;
        }

        var function = ActivatorUtilities.CreateInstance<DeliverChangeFunction>(services);
        var settings = QueueTriggerSettings.Read(Path.Combine(AppContext.BaseDirectory, "host.json"));
        var pump = new QueuePump(notifier.Queue, notifier.Poison, function.Run, settings, logger);
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        var created = false;
        do
        {
            try
            {
                if (!created)
                {
                    await notifier.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                    created = true;
                }

                while (await pump.RunOnceAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    // a full batch may mean more are waiting
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the notification queue failed")]
    private partial void LogPollFailed(Exception exception);
}
