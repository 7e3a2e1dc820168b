using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Blog.Tests.Infrastructure;

/// <summary>Real <see cref="HttpRequest"/>s as a server builds them, and what their responses hold.</summary>
public static class HttpCall
{
    public static HttpRequest Request(string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Path = PathString.FromUriComponent(question < 0 ? pathAndQuery : pathAndQuery[..question]);
        context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>
    /// What the context's response holds: status, headers and body, checked against the OpenAPI
    /// document (<see cref="OpenApiContract"/>), so every answer a test sees is also held to the
    /// published contract.
    /// </summary>
    public static HttpAnswer Answer(HttpContext context)
    {
        var body = ((MemoryStream)context.Response.Body).ToArray();
        var answer = new HttpAnswer(context.Response.StatusCode, context.Response.Headers, body);
        OpenApiContract.Check(context.Request.Method, context.Request.Path.Value ?? string.Empty, answer);
        return answer;
    }
}

/// <summary>What a client would have received.</summary>
public sealed record HttpAnswer(int Status, IHeaderDictionary Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
