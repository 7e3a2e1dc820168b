using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
    public void The_blob_trigger_listens_to_event_grid_on_the_configured_posts_container_through_BlogStorage()
    {
        var function = Assert.Single(Load(), f => (string?)f!["name"] == "PublishArticleFunction")!;
        var trigger = Assert.Single(function["bindings"]!.AsArray(), b => (string?)b!["type"] == "blobTrigger")!;

        Assert.Equal("EventGrid", (string?)trigger["source"]);
        // The host resolves %Blog:PostsContainer% from the app setting Blog__PostsContainer, the
        // key the app's own options bind: one setting for the trigger, reindex and the dev host.
        Assert.Equal("%Blog:PostsContainer%/{name}", (string?)trigger["path"]);
        Assert.Equal($"{BlogOptions.SectionName}:{nameof(BlogOptions.PostsContainer)}", "Blog:PostsContainer");
        Assert.Equal("BlogStorage", (string?)trigger["connection"]);
        Assert.Equal("In", (string?)trigger["direction"]);
    }

    [Fact]
    public void The_notification_trigger_reads_the_configured_queue_through_BlogStorage()
    {
        var function = Assert.Single(Load(), f => (string?)f!["name"] == "DeliverChangeFunction")!;
        var trigger = Assert.Single(function["bindings"]!.AsArray(), b => (string?)b!["type"] == "queueTrigger")!;

        // The same setting the publisher queues to: Blog__NotificationQueue.
        Assert.Equal($"%{BlogOptions.SectionName}:{nameof(BlogOptions.NotificationQueue)}%", (string?)trigger["queueName"]);
        Assert.Equal("BlogStorage", (string?)trigger["connection"]);
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

        // A catch-all route parameter ({*name}) is one path parameter in OpenAPI ({name}).
        var served = new SortedSet<string>(HttpRoutes().Select(route => route.Replace("{*", "{", StringComparison.Ordinal)), StringComparer.Ordinal);
        Assert.Equal(served, documented);
    }

    [Fact]
    public void Every_request_in_requests_http_names_a_route_and_method_the_app_serves()
    {
        // "GET /articles/{slug}" becomes ^GET /articles/[^/]+$; a catch-all {*name} takes the rest of the path.
        var routes = HttpRoutes().Select(route => new Regex("^" + string.Join('/', route.Split('/').Select(segment =>
            segment.StartsWith("{*", StringComparison.Ordinal) ? ".+" : segment.StartsWith('{') ? "[^/]+" : Regex.Escape(segment))) + "$")).ToList();
        var requests = File.ReadAllLines(RepositoryRoot.Combine("requests.http"))
            .Select(line => Regex.Match(line, @"^(GET|HEAD|POST|PUT|PATCH|DELETE) \{\{base\}\}(/[^?\s]*)"))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups[1].Value} {match.Groups[2].Value}")
            .ToList();

        Assert.NotEmpty(requests);
        Assert.All(requests, request => Assert.True(routes.Any(route => route.IsMatch(request)), $"requests.http: no route serves {request}"));
    }

    [Fact]
    public void No_route_claims_the_hosts_reserved_admin_or_runtime_space()
    {
        // The Functions host refuses to load such a function (ScriptHost.ValidateHttpFunction):
        // it checks the route without the prefix, trimmed and lower-cased, for these two starts.
        var routes = Load()
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] == "httpTrigger")
            .Select(b => ((string?)b!["route"])!.Trim('/').ToLowerInvariant())
            .ToList();

        Assert.NotEmpty(routes);
        Assert.DoesNotContain(routes, route => route.StartsWith("admin", StringComparison.Ordinal) || route.StartsWith("runtime", StringComparison.Ordinal));
    }

    [Fact]
    public void Public_routes_are_anonymous_and_management_routes_need_a_function_key()
    {
        var triggers = Load()
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => (string?)b!["type"] == "httpTrigger")
            .ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger =>
        {
            var management = ((string?)trigger!["route"])!.StartsWith("manage/", StringComparison.Ordinal);
            Assert.Equal(management ? "Function" : "Anonymous", (string?)trigger["authLevel"]);
        });
    }
}
