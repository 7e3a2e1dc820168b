using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace Blog.DevHost;

/// <summary>
/// Maps each HTTP function onto Kestrel: the route with the host's prefix, the function's
/// methods, the class resolved from the app's own service registration, the parameters bound
/// the way the Functions host binds them, and the returned <see cref="IActionResult"/> executed.
/// </summary>
public static class FunctionEndpoints
{
    /// <summary>The header (or <c>code</c> query parameter) carrying a function key, as in Azure.</summary>
    public const string KeyHeader = "x-functions-key";

    public static IReadOnlyList<FunctionRoute> MapFunctions(this WebApplication app, Assembly functions, string routePrefix, string? functionKey)
    {
        var routes = FunctionRoute.Discover(functions);
        foreach (var route in routes)
        {
            var pattern = "/" + string.Join('/', new[] { routePrefix, route.Route }.Where(part => part.Length > 0));
            app.MapMethods(pattern, route.Methods, context => InvokeAsync(context, route, functionKey))
                .WithName(route.Name);
        }

        return routes;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionRoute route, string? functionKey)
    {
        if (route.AuthLevel != AuthorizationLevel.Anonymous && !HasKey(context, functionKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var instance = route.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, route.Type);
        var arguments = route.Method.GetParameters().Select(parameter => Bind(parameter, context)).ToArray();
        var returned = route.Method.Invoke(instance, arguments);
        var result = returned switch
        {
            Task<IActionResult> task => await task.ConfigureAwait(false),
            IActionResult direct => direct,
            Task task => await Completed(task).ConfigureAwait(false),
            _ => new EmptyResult(),
        };

        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
    }

    private static async Task<IActionResult> Completed(Task task)
    {
        await task.ConfigureAwait(false);
        return new OkResult();
    }

    private static object? Bind(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.Name is { } name && context.Request.RouteValues.TryGetValue(name, out var value))
        {
            return Convert.ChangeType(value, parameter.ParameterType, System.Globalization.CultureInfo.InvariantCulture);
        }

        return parameter.HasDefaultValue ? parameter.DefaultValue : null;
    }

    /// <summary>
    /// Whether a call may use a route behind a function key: with the configured key (compared in
    /// constant time), or, where no key is configured, only from this machine (loopback), so a dev
    /// host bound to a network address never opens its management routes to the network.
    /// </summary>
    internal static bool HasKey(HttpContext context, string? functionKey)
    {
        if (string.IsNullOrEmpty(functionKey))
        {
            return context.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote);
        }

        var given = context.Request.Headers[KeyHeader].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault() ?? string.Empty;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(functionKey));
    }
}
