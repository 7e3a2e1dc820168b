using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.Functions;
using Blog.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Blog.Tests.Functions;

/// <summary>
/// The identity-based <c>BlogStorage__*</c> settings, read by <c>AddBlogFunctions</c> as the
/// hosts call it: they configure the storage clients (no request is sent, so no Azure is needed).
/// </summary>
public sealed class StorageSettingsTests
{
    private static ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostEnvironmentStub());
        services.AddLogging();
        services.AddBlogFunctions(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Service_uris_configure_both_clients_for_an_identity()
    {
        using var services = Compose(
            ("BlogStorage:blobServiceUri", "https://blogaccount.blob.core.windows.net"),
            ("BlogStorage:tableServiceUri", "https://blogaccount.table.core.windows.net"),
            ("BlogStorage:credential", "managedidentity"),
            ("BlogStorage:clientId", "00000000-0000-0000-0000-000000000001"),
            ("Blog:TableName", "index"),
            ("Blog:PostsContainer", "articles"));

        var blobs = services.GetRequiredService<BlobServiceClient>();
        var tables = services.GetRequiredService<TableServiceClient>();
        var store = services.GetRequiredService<BlogStore>();

        Assert.Equal(new Uri("https://blogaccount.blob.core.windows.net"), blobs.Uri);
        Assert.Equal("blogaccount", blobs.AccountName);
        Assert.Equal("blogaccount", tables.AccountName);
        Assert.Equal(new Uri("https://blogaccount.table.core.windows.net/index"), store.Table.Uri);
        Assert.Equal(new Uri("https://blogaccount.blob.core.windows.net/articles"), store.Posts.Uri);
        Assert.False(blobs.CanGenerateAccountSasUri); // a token credential, no account key
    }

    [Fact]
    public void An_account_name_alone_gives_the_public_endpoints()
    {
        using var services = Compose(("BlogStorage:accountName", "otheraccount"));

        Assert.Equal(new Uri("https://otheraccount.blob.core.windows.net"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal("otheraccount", services.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Fact]
    public void Without_any_storage_setting_the_composition_fails_naming_the_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Compose());

        Assert.Contains("'BlogStorage' setting is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("BlogStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    private sealed class HostEnvironmentStub : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "Blog.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
