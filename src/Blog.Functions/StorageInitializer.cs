using Blog.Notifications;
using Blog.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blog.Functions;

/// <summary>Creates the index table, the containers and the notification queues at start-up where they are missing.</summary>
public sealed partial class StorageInitializer(BlogStore store, ChangeNotifier notifier, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureCreatedAsync(cancellationToken);
            await notifier.EnsureCreatedAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // Not fatal: the health route reports storage trouble, and requests fail clearly.
            LogNotReady(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not create the blog's table and containers at start-up")]
    private partial void LogNotReady(Exception exception);
}
