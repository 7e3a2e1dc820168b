using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Infra;

/// <summary>Compiles <c>infra/main.bicep</c> with the Bicep CLI from its NuGet package.</summary>
public sealed class BicepTemplateTests
{
    private static string? BicepPath()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Skip("The Bicep CLI package referenced here is the linux-x64 build.");
        }

        return typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
    }

    [Fact]
    public async Task The_template_compiles_without_warnings_and_targets_flex_consumption()
    {
        var bicep = BicepPath();
        Assert.True(File.Exists(bicep), $"No Bicep CLI at {bicep}.");
        var info = new ProcessStartInfo(bicep!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("build");
        info.ArgumentList.Add(RepositoryRoot.Combine("infra", "main.bicep"));
        info.ArgumentList.Add("--stdout");
        info.Environment["BICEP_TRACING_ENABLED"] = "false";

        using var process = Process.Start(info)!;
        var template = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && errors.Trim().Length == 0, errors);
        var node = JsonNode.Parse(await template)!["resources"]!;
        var resources = node is JsonArray array ? array.Select(r => r!).ToList() : node.AsObject().Select(r => r.Value!).ToList();
        var plan = Assert.Single(resources, r => (string?)r["type"] == "Microsoft.Web/serverfarms")!;
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        var app = Assert.Single(resources, r => (string?)r["type"] == "Microsoft.Web/sites")!;
        Assert.Equal("dotnet-isolated", (string?)app["properties"]!["functionAppConfig"]!["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)app["properties"]!["functionAppConfig"]!["runtime"]!["version"]);
        Assert.Contains(resources, r => (string?)r["type"] == "Microsoft.EventGrid/systemTopics/eventSubscriptions");
    }
}
