using Blog.DevHost;
using Blog.Functions.Publishing;
using Blog.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
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

    private static FunctionRoute Route(string name, string route, params string[] methods) =>
        new(name, typeof(DevHostRouteTests), typeof(DevHostRouteTests).GetMethod(nameof(Route), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!,
            route, methods, AuthorizationLevel.Function);

    [Theory]
    [InlineData("admin/reindex")]
    [InlineData("/Admin/articles/{slug}")]
    [InlineData("administrators")]
    [InlineData("runtime/webhooks/mine")]
    [InlineData("RUNTIMEs")]
    public void A_route_in_the_hosts_reserved_space_fails_the_start_with_the_hosts_message(string route)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionRoute.Validate([Route("Ok", "manage/reindex", "POST"), Route("Reindex", route, "POST")]));

        Assert.Equal("The 'Reindex' function is in error: The specified route conflicts with one or more built in routes.", error.Message);
    }

    [Fact]
    public void Two_functions_on_one_route_and_method_fail_the_start_as_on_the_host()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionRoute.Validate(
            [Route("Get", "articles/{slug}", "GET", "HEAD"), Route("Delete", "articles/{slug}", "DELETE"), Route("Again", "/Articles/{slug}/", "HEAD")]));

        Assert.Equal("The 'Again' function is in error: The route specified conflicts with the route defined by function 'Get'.", error.Message);
    }

    [Fact]
    public void Routes_that_merely_contain_a_reserved_word_or_share_a_path_with_other_methods_are_served()
    {
        var routes = FunctionRoute.Validate(
            [Route("Manage", "manage/admin", "GET"), Route("Get", "articles/{slug}", "GET"), Route("Delete", "articles/{slug}", "DELETE")]);

        Assert.Equal(3, routes.Count);
    }
}
