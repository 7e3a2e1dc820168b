using System.Reflection;
using System.Text.Json.Nodes;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Functions;

/// <summary>Reads the <c>functions.metadata</c> the Functions SDK generated in the app's build output.</summary>
public sealed class FunctionMetadataTests
{
    public static JsonArray Load()
    {
        // The test project and the app are built in the same configuration, side by side.
        var configuration = typeof(FunctionMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var path = RepositoryRoot.Combine("src", "Blog.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"No {path}: build the Functions project first.");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }

    [Fact]
    public void The_blob_trigger_listens_to_event_grid_on_the_posts_container_through_BlogStorage()
    {
        var function = Assert.Single(Load(), f => (string?)f!["name"] == "PublishArticleFunction")!;
        var trigger = Assert.Single(function["bindings"]!.AsArray(), b => (string?)b!["type"] == "blobTrigger")!;

        Assert.Equal("EventGrid", (string?)trigger["source"]);
        Assert.Equal("posts/{name}", (string?)trigger["path"]);
        Assert.Equal("BlogStorage", (string?)trigger["connection"]);
        Assert.Equal("In", (string?)trigger["direction"]);
    }

    /// <summary>Every HTTP route and method the host will serve, as <c>METHOD /route</c>.</summary>
    public static SortedSet<string> HttpRoutes() => new(
        Load()
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] == "httpTrigger")
            .SelectMany(b => b!["methods"]!.AsArray().Select(m => $"{((string)m!).ToUpperInvariant()} /{(string?)b["route"]}")),
        StringComparer.Ordinal);

    [Fact]
    public void The_openapi_document_describes_exactly_the_routes_and_methods_the_app_serves()
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("src", "Blog.Functions", "openapi.json")))!;
        var documented = new SortedSet<string>(
            document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(method => $"{method.Key.ToUpperInvariant()} {path.Key}")),
            StringComparer.Ordinal);

        Assert.Equal(HttpRoutes(), documented);
    }

    [Fact]
    public void Public_routes_are_anonymous_and_admin_routes_need_a_function_key()
    {
        var triggers = Load()
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] == "httpTrigger")
            .ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger =>
        {
            var admin = ((string?)trigger!["route"])!.StartsWith("admin/", StringComparison.Ordinal);
            Assert.Equal(admin ? "Function" : "Anonymous", (string?)trigger["authLevel"]);
        });
    }
}
