using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// Checks an HTTP answer against <c>src/Blog.Functions/openapi.json</c>: the route and method
/// are documented, the status is one the operation declares, and a JSON body matches the schema
/// the document gives for that status and media type (its components resolved, as JSON Schema
/// 2020-12, the dialect of OpenAPI 3.1).
/// </summary>
public static class OpenApiContract
{
    private const string ApiPrefix = "/api";

    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("src", "Blog.Functions", "openapi.json")))!.AsObject());

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static int _built;

    /// <summary>
    /// Checks one answer. Throws with what differs when it breaks the document; does nothing for
    /// a path outside <c>/api</c> or routing's bare <c>404</c>/<c>405</c> (tests of routing itself).
    /// </summary>
    public static void Check(string method, string path, HttpAnswer answer)
    {
        if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
        {
            return;
        }

        if (FindOperation(method.ToLowerInvariant(), path[ApiPrefix.Length..]) is not var (template, operation))
        {
            // A bare 404 or 405 is routing's answer to a path or method no function serves.
            if (answer.Status is 404 or 405 && answer.Body.Length == 0)
            {
                return;
            }

            throw new OpenApiContractException($"{method} {path}: no operation in openapi.json matches this route and method.");
        }

        var response = FindResponse(operation, answer.Status)
            ?? throw new OpenApiContractException($"{method} {template}: status {answer.Status} is not among the documented responses.");

        var mediaType = answer.Header("Content-Type")?.Split(';')[0].Trim();
        if (method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) || answer.Body.Length == 0 || mediaType is null)
        {
            return;
        }

        if (response["content"] is not JsonObject content || content[mediaType] is not JsonObject media)
        {
            throw new OpenApiContractException($"{method} {template} {answer.Status}: a body of type {mediaType} is not documented.");
        }

        if (mediaType.EndsWith("xml", StringComparison.Ordinal))
        {
            // An XML body (feed, sitemap) is held to its documented status and media type, and to being well-formed XML.
            try
            {
                using var reader = System.Xml.XmlReader.Create(new MemoryStream(answer.Body), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
                while (reader.Read())
                {
                }
            }
            catch (System.Xml.XmlException ex)
            {
                throw new OpenApiContractException($"{method} {template} {answer.Status}: the {mediaType} body is not well-formed XML: {ex.Message}");
            }

            return;
        }

        if (media["schema"] is not JsonNode schemaNode || !mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return;
        }

        var key = $"{method} {template} {answer.Status} {mediaType}";
        var schema = Schemas.GetOrAdd(key, _ => Build(schemaNode));
        using var body = JsonDocument.Parse(answer.Body);
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            throw new OpenApiContractException($"{key}: the body does not match the documented schema:\n{Describe(result)}\n{Shorten(answer.Text)}");
        }
    }

    private static (string Template, JsonObject Operation)? FindOperation(string method, string path)
    {
        var question = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (question < 0 ? path : path[..question]).Trim('/').Split('/');
        foreach (var (template, item) in Document.Value["paths"]!.AsObject())
        {
            if (item?[method] is JsonObject operation && Matches(template.Trim('/').Split('/'), segments, operation))
            {
                return (template, operation);
            }
        }

        return null;
    }

    /// <summary>
    /// A template segment <c>{name}</c> matches any one segment; a last one whose parameter is
    /// marked <c>x-catch-all</c> (a blob path, slashes included) the rest of the path.
    /// </summary>
    private static bool Matches(string[] template, string[] segments, JsonObject operation)
    {
        if (segments.Length < template.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (!template[i].StartsWith('{') && !template[i].Equals(segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return segments.Length == template.Length || (template[^1].StartsWith('{') && IsCatchAll(operation, template[^1].Trim('{', '}')));
    }

    private static bool IsCatchAll(JsonObject operation, string parameter) =>
        operation["parameters"] is JsonArray parameters &&
        parameters.Any(p => p?["name"]?.GetValue<string>() == parameter && p["x-catch-all"]?.GetValue<bool>() == true);

    private static JsonObject? FindResponse(JsonObject operation, int status)
    {
        var responses = operation["responses"]!.AsObject();
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = responses[code] ?? responses[code[0] + "XX"] ?? responses["default"];
        return response is null ? null : Resolve(response).AsObject();
    }

    private static JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject { } obj && obj["$ref"]?.GetValue<string>() is { } reference)
        {
            var current = (JsonNode)Document.Value;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
            {
                current = current[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                    ?? throw new OpenApiContractException($"openapi.json: {reference} does not resolve.");
            }

            node = current;
        }

        return node;
    }

    /// <summary>The response schema as a schema of its own, the document's component schemas as its <c>$defs</c>.</summary>
    private static JsonSchema Build(JsonNode schema)
    {
        var components = Document.Value["components"]?["schemas"]?.ToJsonString() ?? "{}";
        var text = new StringBuilder()
            .Append("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":").Append(components)
            .Append(",\"allOf\":[").Append(schema.ToJsonString()).Append("]}")
            .Replace("#/components/schemas/", "#/$defs/")
            .ToString();
        using var document = JsonDocument.Parse(text);
        var id = Interlocked.Increment(ref _built);
        return JsonSchema.Build(
            document.RootElement.Clone(),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://contract.blog.test/response-{id}.json"));
    }

    private static string Describe(EvaluationResults result)
    {
        var lines = new List<string>();
        void Walk(EvaluationResults node)
        {
            if (node.Errors is { Count: > 0 } errors)
            {
                foreach (var (keyword, message) in errors)
                {
                    lines.Add($"  at {node.InstanceLocation} ({node.SchemaLocation}, {keyword}): {message}");
                }
            }

            foreach (var child in node.Details ?? [])
            {
                Walk(child);
            }
        }

        Walk(result);
        return string.Join('\n', lines.Distinct().Take(20));
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "...";
}

public sealed class OpenApiContractException(string message) : Exception(message);
