using Blog.DevHost;
using Blog.Functions.Publishing;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Functions;

public sealed class DevHostRouteTests
{
    [Fact]
    public void The_dev_host_serves_exactly_the_routes_of_the_generated_function_metadata()
    {
        var prefix = FunctionRoute.RoutePrefix(RepositoryRoot.Combine("host.json"));
        var served = new SortedSet<string>(
            FunctionRoute.Discover(typeof(PublishArticleFunction).Assembly).SelectMany(r => r.Methods.Select(m => $"{m} /{r.Route}")),
            StringComparer.Ordinal);

        Assert.Equal("api", prefix);
        Assert.Equal(FunctionMetadataTests.HttpRoutes(), served);
    }
}
