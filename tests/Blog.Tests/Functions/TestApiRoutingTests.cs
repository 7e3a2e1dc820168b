using System.Text.RegularExpressions;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Functions;

/// <summary>
/// The tests' app serves what the dev host serves: every discovered HTTP function answers
/// through routing (a new function needs no test wiring), and the function key works as
/// <c>DevHost__FunctionKey</c> makes it work.
/// </summary>
public sealed partial class TestApiRoutingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestBlog _blog = null!;

    public async ValueTask InitializeAsync() => _blog = await TestBlog.CreateAsync(azurite);

    public ValueTask DisposeAsync() => _blog.DisposeAsync();

    [GeneratedRegex(@"\{\*?(\w+)\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Every_discovered_function_is_reached_through_routing_on_each_of_its_methods()
    {
        var api = new TestApi(_blog);
        Assert.True(api.Routes.Count >= 10, $"only {api.Routes.Count} routes discovered");

        foreach (var route in api.Routes)
        {
            var path = "/api/" + Parameter().Replace(route.Route, "unknown");
            foreach (var method in route.Methods)
            {
                var answer = await api.SendAsync(method, path);

                // A path routing does not serve is a bare 404; every function answers with headers of its own.
                Assert.True(answer.Header("X-Content-Type-Options") == "nosniff", $"{route.Name}: {method} {path} did not reach the function ({answer.Status}).");
            }
        }
    }

    [Fact]
    public async Task A_path_no_function_serves_is_a_bare_404()
    {
        var answer = await new TestApi(_blog).GetAsync("/api/nothing-here");

        Assert.Equal(404, answer.Status);
        Assert.Null(answer.Header("X-Content-Type-Options"));
    }

    [Fact]
    public async Task With_a_function_key_the_management_routes_require_it_and_public_ones_do_not()
    {
        var api = new TestApi(_blog, functionKey: "the-dev-host-key");

        Assert.Equal(401, (await api.GetAsync("/api/manage/ingest-errors")).Status);
        Assert.Equal(401, (await api.GetAsync("/api/manage/ingest-errors", ("x-functions-key", "another-key"))).Status);
        Assert.Equal(200, (await api.GetAsync("/api/manage/ingest-errors", ("x-functions-key", "the-dev-host-key"))).Status);
        Assert.Equal(200, (await api.GetAsync("/api/manage/ingest-errors?code=the-dev-host-key")).Status);
        Assert.Equal(200, (await api.GetAsync("/api/health")).Status);
    }
}
