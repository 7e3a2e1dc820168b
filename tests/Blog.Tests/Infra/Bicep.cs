using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Infra;

/// <summary>The Bicep CLI from its NuGet package, and <c>infra/main.bicep</c> compiled once per run.</summary>
internal static class Bicep
{
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(async () =>
    {
        var (exitCode, output, errors) = await RunAsync("build", RepositoryRoot.Combine("infra", "main.bicep"), "--stdout");
        Assert.True(exitCode == 0 && errors.Trim().Length == 0, errors);
        return new CompiledTemplate(JsonNode.Parse(output)!.AsObject());
    });

    /// <summary>The compiled template; fails (does not skip) when the template has an error or a warning.</summary>
    public static Task<CompiledTemplate> MainAsync()
    {
        SkipUnlessLinuxX64();
        return Main.Value;
    }

    public static void SkipUnlessLinuxX64() =>
        Assert.SkipUnless(
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
            "The Bicep CLI package referenced here is the linux-x64 build.");

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var bicep = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.True(File.Exists(bicep), $"No Bicep CLI at {bicep}.");
        var info = new ProcessStartInfo(bicep!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, errors);
    }
}

/// <summary>
/// The ARM JSON of <c>main.bicep</c>: its own resources (the group, the module) and those of the
/// <c>app</c> module, whose values are ARM expressions over the module's variables.
/// </summary>
internal sealed class CompiledTemplate(JsonObject main)
{
    public JsonObject Main { get; } = main;

    public string Text { get; } = main.ToJsonString();

    public IReadOnlyList<JsonObject> MainResources => Resources(Main);

    public JsonObject App => Module("app")["properties"]!["template"]!.AsObject();

    /// <summary>The module deployment of that name in <c>main.bicep</c> (<c>app</c>, <c>web</c>).</summary>
    public JsonObject Module(string name) =>
        MainResources.Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    public IReadOnlyList<JsonObject> AppResources => Resources(App);

    public JsonObject AppVariables => App["variables"]!.AsObject();

    public JsonObject Single(string type) => Assert.Single(AppResources, r => (string?)r["type"] == type);

    public IReadOnlyList<JsonObject> OfType(string type) => [.. AppResources.Where(r => (string?)r["type"] == type)];

    /// <summary>The value of a variable of the module that is a plain string.</summary>
    public string Variable(string name) => (string)AppVariables[name]!;

    /// <summary>The node itself, or the module's variable it is when it reads <c>[variables('name')]</c>.</summary>
    public JsonNode Resolve(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith("[variables('", StringComparison.Ordinal)
            ? AppVariables[text["[variables('".Length..^"')]".Length]]!
            : node;

    private static List<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => [.. array.Select(r => r!.AsObject())],
        JsonObject map => [.. map.Select(r => r.Value!.AsObject())],
        _ => [],
    };
}
