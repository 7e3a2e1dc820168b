using Azure.Storage.Blobs;
using Blog.Publishing;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Publishing;

/// <summary>
/// Publishes a Markdown file when it lands in the posts container. Event Grid delivers the
/// notification (the only blob trigger source on Flex Consumption); the function reads the
/// blob itself, so a late or repeated event publishes what the blob holds now.
/// </summary>
public sealed class PublishArticleFunction(ArticlePublisher publisher)
{
    /// <summary>
    /// The trigger's path: the container named by the <c>Blog__PostsContainer</c> app setting (read
    /// by the host as <c>Blog:PostsContainer</c>, the same key <see cref="BlogOptions"/> binds), any blob in it.
    /// </summary>
    public const string TriggerPath = "%" + BlogOptions.SectionName + ":" + nameof(BlogOptions.PostsContainer) + "%/{name}";

    [Function(nameof(PublishArticleFunction))]
    public Task Run(
        [BlobTrigger(TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = BlogServiceCollectionExtensions.ConnectionName)]
        BlobClient blob,
        CancellationToken cancellationToken) =>
        publisher.PublishAsync(blob, cancellationToken);
}
