using System.Text.Json.Nodes;
using Xunit;

namespace Blog.Tests.Infra;

/// <summary>Reads the compiled <c>web</c> module: the frontend's static web app and its origin in the API's CORS.</summary>
public sealed class WebTemplateTests
{
    [Fact]
    public async Task The_frontend_is_a_free_static_web_app_in_the_group_with_the_azd_tags()
    {
        var template = await Bicep.MainAsync();
        var module = template.Module("web");
        Assert.Equal("[variables('tags')]", (string?)module["properties"]!["parameters"]!["tags"]!["value"]);
        Assert.Equal("[parameters('webLocation')]", (string?)module["properties"]!["parameters"]!["location"]!["value"]);
        Assert.NotNull(template.Main["parameters"]!["webLocation"]!["defaultValue"]);

        var web = module["properties"]!["template"]!.AsObject();
        var sites = web["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()).ToList(),
            JsonObject map => map.Select(p => p.Value!.AsObject()).ToList(),
            _ => [],
        };
        var site = Assert.Single(sites);
        Assert.Equal("Microsoft.Web/staticSites", (string?)site["type"]);
        Assert.Equal("Free", (string?)site["sku"]!["name"]);
        // azd deploys the service web (azure.yaml) to the static site tagged with its name.
        Assert.Equal("[union(parameters('tags'), createObject('azd-service-name', 'web'))]", (string?)site["tags"]);
        Assert.Contains("defaultHostname", (string?)web["outputs"]!["origin"]!["value"], StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}'", (string?)web["outputs"]!["origin"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_allows_the_frontends_origin_besides_the_ones_given()
    {
        var template = await Bicep.MainAsync();
        var app = template.Module("app");
        var origins = (string)app["properties"]!["parameters"]!["allowedOrigins"]!["value"]!;
        Assert.StartsWith("[union(map(split(parameters('allowedOrigins'), ',')", origins, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'web')", origins, StringComparison.Ordinal);
        Assert.Contains(".outputs.origin.value", origins, StringComparison.Ordinal);

        // The app applies what it is given to the platform's CORS and to its own setting alike.
        var site = template.Single("Microsoft.Web/sites");
        Assert.Equal("[parameters('allowedOrigins')]", (string?)site["properties"]!["siteConfig"]!["cors"]!["allowedOrigins"]);

        var outputs = template.Main["outputs"]!.AsObject();
        Assert.Contains("WEB_URL", outputs.Select(o => o.Key));
        Assert.Contains("WEB_APP_NAME", outputs.Select(o => o.Key));
    }
}
