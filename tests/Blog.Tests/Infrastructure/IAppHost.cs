using Azure.Storage.Blobs;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// A running host of the app, seen from outside: its HTTP API, its posts container, and the way
/// an upload reaches it. The end-to-end assertions run against every host through this.
/// </summary>
public interface IAppHost : IAsyncDisposable
{
    /// <summary>The API base address, ending in <c>/api/</c>.</summary>
    Uri BaseAddress { get; }

    /// <summary>A client on <see cref="BaseAddress"/> that sends no key.</summary>
    HttpClient Client { get; }

    /// <summary>The function key the management routes require on this host.</summary>
    string FunctionKey { get; }

    /// <summary>The system key of the host's blob webhook, where it has one (the real host).</summary>
    string? BlobsKey { get; }

    /// <summary>The container the host publishes from (named per host, never the default <c>posts</c>).</summary>
    BlobContainerClient Posts { get; }

    /// <summary>Everything the host process wrote, for failure messages.</summary>
    string Output { get; }

    /// <summary>Uploads a file as an author does, and lets the host hear of it as it would in production.</summary>
    Task UploadAsync(string name, string markdown);
}
