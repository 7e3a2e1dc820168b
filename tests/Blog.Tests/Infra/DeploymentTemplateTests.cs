using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Blog.Tests.Infra;

/// <summary>
/// Reads the compiled ARM JSON of <c>infra/main.bicep</c>: what the app settings carry, how the
/// site is locked down, and what azd needs to find it (who gets which role where: RoleAssignmentTests).
/// </summary>
public sealed partial class DeploymentTemplateTests
{
    [Fact]
    public async Task Authors_default_to_the_deploying_user()
    {
        var template = await Bicep.MainAsync();
        var authors = template.Main["parameters"]!["authorPrincipalIds"]!;
        Assert.Equal("array", (string?)authors["type"]);
        Assert.Equal(
            "[if(empty(parameters('principalId')), createArray(), createArray(parameters('principalId')))]",
            (string?)authors["defaultValue"]);
    }

    [Fact]
    public async Task App_settings_hold_no_keys_or_storage_connection_strings()
    {
        var template = await Bicep.MainAsync();
        var settings = template.Single("Microsoft.Web/sites/config");
        Assert.EndsWith("'appsettings')]", (string)settings["name"]!, StringComparison.Ordinal);
        var values = ArmExpression.CreatedObject((string)settings["properties"]!);

        Assert.Contains("Blog__CursorKey", values.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", values.Keys);
        Assert.DoesNotContain("BlogStorage", values.Keys);
        Assert.Equal("'managedidentity'", values["AzureWebJobsStorage__credential"]);
        Assert.Equal("'managedidentity'", values["BlogStorage__credential"]);
        Assert.Equal("sthost", ArmExpression.NamePrefix(values["AzureWebJobsStorage__accountName"]));
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal("stblog", ArmExpression.NamePrefix(values[$"BlogStorage__{service}ServiceUri"]));
        }

        foreach (var (name, value) in values)
        {
            Assert.False(
                KeyMaterial().IsMatch(value),
                $"{name} = {value} reads a key or builds a connection string.");
        }

        // The one connection string left carries no secret: Application Insights takes Entra ID only.
        Assert.Contains(".ConnectionString", values["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.True((bool)template.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        Assert.All(
            template.OfType("Microsoft.Storage/storageAccounts"),
            account => Assert.False((bool)template.Resolve(account["properties"]!)["allowSharedKeyAccess"]!));
        Assert.DoesNotContain("listKeys", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("newGuid", template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Webhooks_are_optional_their_secret_is_secure_and_the_trigger_queue_is_the_one_the_app_may_use()
    {
        var template = await Bicep.MainAsync();
        var parameters = template.Main["parameters"]!.AsObject();
        Assert.Equal(string.Empty, (string?)parameters["webhooks"]!["defaultValue"]);
        Assert.Equal("securestring", (string?)parameters["webhookSecret"]!["type"]);
        Assert.Equal("securestring", (string?)template.App["parameters"]!["webhookSecret"]!["type"]);

        var settings = template.Single("Microsoft.Web/sites/config");
        var values = ArmExpression.CreatedObject((string)settings["properties"]!);
        Assert.Equal("blog-notifications", template.Variable(ArmExpression.Variables(values["Blog__NotificationQueue"]).Single()));
        Assert.Contains("webhookSettings", (string)settings["properties"]!, StringComparison.Ordinal);
        Assert.Contains("Blog__WebhookSecret", template.Variable("webhookSettings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ftp_and_basic_publishing_are_off()
    {
        var template = await Bicep.MainAsync();
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => Regex.Match((string)p["name"]!, @"'(\w+)'\)\]$").Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
        var site = template.Single("Microsoft.Web/sites")["properties"]!;
        Assert.Equal("Disabled", (string?)site["siteConfig"]!["ftpsState"]);
        Assert.True((bool)site["httpsOnly"]!);
    }

    [Fact]
    public async Task Allowed_origins_and_the_cursor_key_are_required_and_come_from_the_azd_environment()
    {
        var template = await Bicep.MainAsync();
        var parameters = template.Main["parameters"]!.AsObject();
        Assert.Null(parameters["allowedOrigins"]!["defaultValue"]);
        Assert.Equal("securestring", (string?)parameters["cursorKey"]!["type"]);
        Assert.Null(parameters["cursorKey"]!["defaultValue"]);

        var file = JsonNode.Parse(await File.ReadAllTextAsync(Blog.Tests.Infrastructure.RepositoryRoot.Combine("infra", "main.parameters.json")))!;
        var mapped = file["parameters"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value!["value"]);
        Assert.Equal("${AZURE_ENV_NAME}", mapped["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", mapped["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", mapped["principalId"]);
        Assert.Equal("${ALLOWED_ORIGINS}", mapped["allowedOrigins"]);
        Assert.Equal("${BLOG_CURSOR_KEY}", mapped["cursorKey"]);

        // Every parameter without a default has a value from the environment.
        var required = parameters.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.Contains(name, mapped.Keys));
        Assert.All(mapped.Keys, name => Assert.Contains(name, parameters.Select(p => p.Key)));
    }

    [Fact]
    public async Task The_group_and_the_app_carry_the_tags_azd_looks_for()
    {
        var template = await Bicep.MainAsync();
        Assert.Equal("subscriptionDeploymentTemplate.json#", ((string)template.Main["$schema"]!).Split('/').Last());
        var group = Assert.Single(template.MainResources, r => (string?)r["type"] == "Microsoft.Resources/resourceGroups");
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", (string?)group["name"]);
        Assert.Equal("[variables('tags')]", (string?)group["tags"]);
        Assert.Equal("[parameters('environmentName')]", (string?)template.Main["variables"]!["tags"]!["azd-env-name"]);

        var site = template.Single("Microsoft.Web/sites");
        Assert.Equal(
            "[union(parameters('tags'), createObject('azd-service-name', 'api'))]",
            (string?)site["tags"]);
        var module = template.Module("app");
        Assert.Equal("[variables('tags')]", (string?)module["properties"]!["parameters"]!["tags"]!["value"]);
    }

    [GeneratedRegex(@"listKeys|AccountKey|SharedAccessSignature|DefaultEndpointsProtocol|\.keys\b|secrets", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();
}
