using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace Blog.DevHost;

/// <summary>An HTTP-triggered function method: where it is served and how it is called.</summary>
public sealed record FunctionRoute(string Name, Type Type, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel)
{
    /// <summary>
    /// Every method with <c>[Function]</c> and an <c>[HttpTrigger]</c> parameter in <paramref name="assembly"/>,
    /// refused as the Functions host refuses it (<see cref="Validate"/>).
    /// </summary>
    public static IReadOnlyList<FunctionRoute> Discover(Assembly assembly) => Validate(Find(assembly));

    /// <summary>
    /// Throws, with the Functions host's own message, for what the host would not load: a route in
    /// the host's reserved space (starting with <c>admin</c> or <c>runtime</c>, checked as
    /// <c>ScriptHost.ValidateHttpFunction</c> does) or two functions on one route and method.
    /// The real host loads the other functions and leaves these "in error"; here the start fails,
    /// so the mistake cannot pass unnoticed.
    /// </summary>
    public static IReadOnlyList<FunctionRoute> Validate(IReadOnlyList<FunctionRoute> routes)
    {
        var seen = new List<FunctionRoute>();
        foreach (var route in routes)
        {
            var path = route.Route.Trim('/').ToLowerInvariant();
            if (path.StartsWith("admin", StringComparison.Ordinal) || path.StartsWith("runtime", StringComparison.Ordinal))
            {
                throw InError(route, "The specified route conflicts with one or more built in routes.");
            }

            if (seen.FirstOrDefault(other => string.Equals(other.Route.Trim('/'), route.Route.Trim('/'), StringComparison.OrdinalIgnoreCase)
                    && other.Methods.Intersect(route.Methods, StringComparer.OrdinalIgnoreCase).Any()) is { } clash)
            {
                throw InError(route, $"The route specified conflicts with the route defined by function '{clash.Name}'.");
            }

            seen.Add(route);
        }

        return routes;
    }

    private static InvalidOperationException InError(FunctionRoute route, string message) =>
        new($"The '{route.Name}' function is in error: {message}");

    private static List<FunctionRoute> Find(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Select(method => (type, method, function: method.GetCustomAttribute<FunctionAttribute>())))
            .Where(candidate => candidate.function is not null)
            .Select(candidate => (candidate.type, candidate.method, candidate.function, trigger: candidate.method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(candidate => candidate.trigger is not null)
            .Select(candidate => new FunctionRoute(
                candidate.function!.Name,
                candidate.type,
                candidate.method,
                candidate.trigger!.Route ?? candidate.function.Name,
                (candidate.trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToList(),
                candidate.trigger.AuthLevel))
            .OrderBy(route => route.Route, StringComparer.Ordinal)
            .ToList();

    /// <summary>The route prefix from host.json (<c>extensions.http.routePrefix</c>), <c>api</c> when unset.</summary>
    public static string RoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        var prefix = JsonNode.Parse(File.ReadAllText(hostJsonPath))?["extensions"]?["http"]?["routePrefix"];
        return prefix is null ? "api" : (string?)prefix ?? string.Empty;
    }
}
