using Azure.Storage.Blobs;
using Blog.Functions.Publishing;
using Blog.Storage;
using Microsoft.Extensions.Options;

namespace Blog.DevHost;

/// <summary>Settings of the development host.</summary>
public sealed class DevHostOptions
{
    public const string SectionName = "DevHost";

    /// <summary>How often the posts container is listed for new or changed blobs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The key the management routes require (header <c>x-functions-key</c> or <c>?code=</c>); when
    /// empty, they answer calls from this machine (loopback) only.
    /// </summary>
    public string? FunctionKey { get; set; }
}

/// <summary>
/// Stands in for the Event Grid delivery Azurite cannot make: lists the posts container (by
/// ETag, every <see cref="DevHostOptions.PollInterval"/>) and hands each new or changed blob to
/// the blob function, as the storage event would.
/// </summary>
public sealed partial class PostsWatcher(
    BlogStore store,
    IServiceProvider services,
    IOptions<DevHostOptions> options,
    ILogger<PostsWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
        var function = ActivatorUtilities.CreateInstance<PublishArticleFunction>(services);
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await ScanAsync(function, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task ScanAsync(PublishArticleFunction function, CancellationToken cancellationToken)
    {
        await foreach (var blob in store.Posts.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var etag = blob.Properties.ETag?.ToString() ?? string.Empty;
            if (_seen.TryGetValue(blob.Name, out var known) && known == etag)
            {
                continue;
            }

            try
            {
                await function.Run(store.Posts.GetBlobClient(blob.Name), cancellationToken).ConfigureAwait(false);
                _seen[blob.Name] = etag;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // As the Functions host would, try again later (here: at the next scan).
                LogPublishFailed(blob.Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the posts container failed")]
    private partial void LogScanFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {BlobName} failed; it will be tried again")]
    private partial void LogPublishFailed(string blobName, Exception exception);
}
