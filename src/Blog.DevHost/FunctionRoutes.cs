using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace Blog.DevHost;

/// <summary>An HTTP-triggered function method: where it is served and how it is called.</summary>
public sealed record FunctionRoute(string Name, Type Type, MethodInfo Method, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel)
{
    /// <summary>Every method with <c>[Function]</c> and an <c>[HttpTrigger]</c> parameter in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<FunctionRoute> Discover(Assembly assembly) =>
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
