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
    /// <summary>The container the trigger listens on.</summary>
    public const string PostsContainer = "posts";

    [Function(nameof(PublishArticleFunction))]
    public Task Run(
        [BlobTrigger(PostsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = BlogServiceCollectionExtensions.ConnectionName)]
        BlobClient blob,
        CancellationToken cancellationToken) =>
        publisher.PublishAsync(blob, cancellationToken);
}
