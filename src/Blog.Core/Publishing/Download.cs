using System.Net;
using Azure;
using Azure.Storage.Blobs;

namespace Blog.Publishing;

/// <summary>A Markdown blob as read once: its bytes (null when over the size limit), its length and its ETag.</summary>
internal sealed record Download(byte[]? Content, long Length, string ETag)
{
    /// <summary>Reads the blob's current bytes, unless it has more than <paramref name="maxBytes"/>; null when it is gone.</summary>
    public static async Task<Download?> ReadAsync(BlobClient blob, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            using var result = response.Value;
            var length = result.Details.ContentLength;
            var etag = result.Details.ETag.ToString().Trim('"');
            if (length > maxBytes)
            {
                return new Download(null, length, etag);
            }

            var content = new byte[length];
            await result.Content.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new Download(content, length, etag);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
