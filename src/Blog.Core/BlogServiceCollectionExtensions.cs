using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Blog.Notifications;
using Blog.Operations;
using Blog.Publishing;
using Blog.Queries;
using Blog.Rendering;
using Blog.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blog;

public static class BlogServiceCollectionExtensions
{
    /// <summary>The one storage connection setting, shared with the Functions triggers.</summary>
    public const string ConnectionName = "BlogStorage";

    /// <summary>
    /// Registers the blog's services. Storage comes from the <c>BlogStorage</c> setting: a
    /// connection string (<c>UseDevelopmentStorage=true</c> locally) or, in Azure, the
    /// identity-based form the Functions host also reads (<c>BlogStorage__blobServiceUri</c>,
    /// <c>BlogStorage__tableServiceUri</c>, <c>BlogStorage__queueServiceUri</c> for notifications, optional <c>BlogStorage__credential=managedidentity</c>
    /// and <c>BlogStorage__clientId</c>).
    /// </summary>
    public static IServiceCollection AddBlog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlogOptions>().Bind(configuration.GetSection(BlogOptions.SectionName));
        services.AddSingleton(TimeProvider.System);

        var connection = StorageConnection.From(configuration.GetSection(ConnectionName));
        services.AddSingleton(_ => connection.CreateTableServiceClient());
        services.AddSingleton(_ => connection.CreateBlobServiceClient());
        services.AddSingleton<BlogStore>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlogOptions>>().Value;
            return new MarkdownRenderer(options.SiteUrl, HtmlLimit.Default with { Expansion = options.MaxHtmlExpansion, Ceiling = options.MaxHtmlLength }, options.MediaBaseUrl);
        });
        services.AddSingleton<ArticleCompiler>();
        services.AddSingleton(sp => new ChangeNotifier(
            connection.CreateQueueServiceClient(), sp.GetRequiredService<IOptions<BlogOptions>>(), sp.GetRequiredService<ILogger<ChangeNotifier>>()));
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<ArticlePublisher>();

        services.AddSingleton<IndexChanges>();
        services.AddSingleton<ReadCache>();
        services.AddSingleton<CursorProtector>();
        services.AddSingleton<ArticleQueries>();
        services.AddSingleton<SearchQueries>();
        services.AddSingleton<TaxonomyQueries>();
        services.AddSingleton<AuthorQueries>();
        services.AddSingleton<SitemapQueries>();
        services.AddSingleton<HealthCheck>();

        services.AddSingleton<Media.MediaLibrary>();
        services.AddSingleton<Reindexer>();
        services.AddSingleton<AdminQueries>();
        return services;
    }
}

/// <summary>How to reach the storage account named by a connection setting.</summary>
public sealed class StorageConnection
{
    private readonly string? _connectionString;
    private readonly Uri? _blobServiceUri;
    private readonly Uri? _tableServiceUri;
    private readonly Uri? _queueServiceUri;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, Uri? blobServiceUri, Uri? tableServiceUri, Uri? queueServiceUri, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _blobServiceUri = blobServiceUri;
        _tableServiceUri = tableServiceUri;
        _queueServiceUri = queueServiceUri;
        _credential = credential;
    }

    public static StorageConnection From(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null);
        }

        var accountName = section["accountName"];
        var blobUri = section["blobServiceUri"] ?? (accountName is null ? null : $"https://{accountName}.blob.core.windows.net");
        var tableUri = section["tableServiceUri"] ?? (accountName is null ? null : $"https://{accountName}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (accountName is null ? null : $"https://{accountName}.queue.core.windows.net");
        if (blobUri is null || tableUri is null)
        {
            throw new InvalidOperationException(
                $"The '{section.Path}' setting is missing. Set it to a storage connection string (UseDevelopmentStorage=true for Azurite) " +
                $"or set '{section.Path}__blobServiceUri' and '{section.Path}__tableServiceUri' for an identity-based connection.");
        }

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new StorageConnection(null, new Uri(blobUri), new Uri(tableUri), queueUri is null ? null : new Uri(queueUri), credential);
    }

    public TableServiceClient CreateTableServiceClient() =>
        _connectionString is not null ? new TableServiceClient(_connectionString) : new TableServiceClient(_tableServiceUri, _credential);

    public BlobServiceClient CreateBlobServiceClient() =>
        _connectionString is not null ? new BlobServiceClient(_connectionString) : new BlobServiceClient(_blobServiceUri, _credential);

    /// <summary>
    /// The queue service (for change notifications), or null where an identity-based connection
    /// names none. Messages are Base64, as the Functions host's queue trigger reads them.
    /// </summary>
    public QueueServiceClient? CreateQueueServiceClient()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return _connectionString is not null ? new QueueServiceClient(_connectionString, options)
            : _queueServiceUri is not null ? new QueueServiceClient(_queueServiceUri, _credential, options)
            : null;
    }
}
