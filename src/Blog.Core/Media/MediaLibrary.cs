using Azure;
using Azure.Storage.Blobs.Models;
using Blog.Storage;

namespace Blog.Media;

/// <summary>
/// One image of the posts container as the media route serves it: the content type its extension
/// names, the blob's ETag in quotes, its length, and its bytes as a stream straight from storage
/// (null for <c>HEAD</c> and <c>304</c>). Disposing it closes the stream.
/// </summary>
public sealed class MediaFile(string contentType, string etag, long length, Stream? content) : IAsyncDisposable
{
    public string ContentType { get; } = contentType;

    /// <summary>A strong validator: the blob's ETag, in quotes.</summary>
    public string ETag { get; } = etag;

    public long Length { get; } = length;

    /// <summary>The bytes, read from storage as they are written out; null when only the headers are wanted.</summary>
    public Stream? Content { get; } = content;

    /// <summary>Whether the caller already holds this version (its <c>If-None-Match</c> named the ETag).</summary>
    public bool NotModified { get; init; }

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Reads the images authors keep beside their posts (<c>GET /api/media/{*path}</c>): only paths
/// <see cref="MediaPaths"/> serves, one storage request per answer, never a whole file in memory.
/// </summary>
public sealed class MediaLibrary(BlogStore store)
{
    /// <summary>
    /// The image at <paramref name="path"/>; null when the route does not serve the path or no such
    /// blob exists. <paramref name="ifNoneMatch"/> says whether the caller already holds an ETag:
    /// then the properties are read first, and the bytes only when it does not match.
    /// </summary>
    /// <param name="path">The blob's path in the posts container, as the route received it.</param>
    /// <param name="withContent">False for <c>HEAD</c>: the headers only.</param>
    /// <param name="ifNoneMatch">Whether the caller holds the version with this ETag (quoted); null when it sent no <c>If-None-Match</c>.</param>
    /// <param name="cancellationToken">Cancels the storage requests.</param>
    /// <exception cref="RequestFailedException">Storage failed otherwise than by not having the blob.</exception>
    public async Task<MediaFile?> OpenAsync(string path, bool withContent, Func<string, bool>? ifNoneMatch, CancellationToken cancellationToken)
    {
        if (MediaPaths.ContentTypeOf(path) is not { } contentType)
        {
            return null;
        }

        var blob = store.Posts.GetBlobClient(path);
        try
        {
            if (!withContent || ifNoneMatch is not null)
            {
                BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var etag = Quoted(properties.ETag);
                var notModified = ifNoneMatch?.Invoke(etag) == true;
                if (notModified || !withContent)
                {
                    return new MediaFile(contentType, etag, properties.ContentLength, null) { NotModified = notModified };
                }
            }

            BlobDownloadStreamingResult download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new MediaFile(contentType, Quoted(download.Details.ETag), download.Details.ContentLength, download.Content);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return null; // no such blob, no container, or a name storage does not take
        }
    }

    private static string Quoted(ETag etag)
    {
        var text = etag.ToString().Trim('"');
        return "\"" + text + "\"";
    }
}
