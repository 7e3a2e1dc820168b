using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Storage;

/// <summary>
/// In Azure the app may only read the posts container (authors write it): creating the storage
/// at start-up must not ask for more than reading where everything already exists.
/// </summary>
public sealed class StoreStartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_up_only_reads_containers_that_exist()
    {
        await using var blog = await TestBlog.CreateAsync(azurite);
        var readOnlyUri = blog.BlobService.GenerateAccountSasUri(
            AccountSasPermissions.Read | AccountSasPermissions.List,
            DateTimeOffset.UtcNow.AddHours(1),
            AccountSasResourceTypes.Container | AccountSasResourceTypes.Object);
        var reader = new BlobServiceClient(readOnlyUri);

        // The storage refuses a create call to a reader, even for a container that exists.
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            reader.GetBlobContainerClient(blog.Options.PostsContainer).CreateIfNotExistsAsync());

        var store = new BlogStore(blog.TableService, reader, Microsoft.Extensions.Options.Options.Create(blog.Options));
        await store.EnsureCreatedAsync();
    }
}
