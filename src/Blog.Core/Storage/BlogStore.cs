using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Blog.Storage;

/// <summary>The storage the blog lives in: the index table and the blob containers.</summary>
public sealed class BlogStore
{
    public BlogStore(TableServiceClient tables, BlobServiceClient blobs, IOptions<BlogOptions> options)
    {
        var settings = options.Value;
        Table = tables.GetTableClient(settings.TableName);
        SearchTable = tables.GetTableClient(settings.SearchTableName ?? settings.TableName + "search");
        Posts = blobs.GetBlobContainerClient(settings.PostsContainer);
        Rendered = blobs.GetBlobContainerClient(settings.HtmlContainer);
        Options = settings;
    }

    public TableClient Table { get; }

    /// <summary>
    /// The search rows, in a table of their own: they outnumber every other row many times over,
    /// and kept apart they never slow a scan of the index, and can be dropped and rebuilt alone.
    /// </summary>
    public TableClient SearchTable { get; }

    /// <summary>The container authors upload Markdown to.</summary>
    public BlobContainerClient Posts { get; }

    /// <summary>The container for HTML too large for a table entity.</summary>
    public BlobContainerClient Rendered { get; }

    public BlogOptions Options { get; }

    /// <summary>Creates the table and the containers where they are missing.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await SearchTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(Posts, cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(Rendered, cancellationToken).ConfigureAwait(false);
    }

    // Looks before creating: in Azure the app may only read the posts container (authors write
    // it), and a create call is refused to a reader even when the container exists.
    private static async Task CreateIfMissingAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
