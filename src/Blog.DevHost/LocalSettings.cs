using System.Text.Json.Nodes;

namespace Blog.DevHost;

public static class LocalSettingsConfigurationExtensions
{
    /// <summary>
    /// Reads the <c>Values</c> of a Core Tools <c>local.settings.json</c>, when there is one, so the
    /// development host takes the same settings (<c>BlogStorage</c>, <c>Blog__TableName</c>, ...).
    /// </summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, string path)
    {
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["Values"] is not JsonObject values)
        {
            return configuration;
        }

        return configuration.AddInMemoryCollection(values
            .Where(pair => pair.Value is JsonValue)
            .Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value!.ToString())));
    }
}
