using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Blog.Tests.Infra;

/// <summary>
/// Who gets which role where, read from the compiled ARM JSON of <c>infra/main.bicep</c>: each
/// role assignment is resolved to its holder (which identity), its role (by definition id) and its
/// scope (account, container, table, queue, vault), and a scope covers everything under it.
/// </summary>
public sealed partial class RoleAssignmentTests
{
    private const string Runtime = "runtime";
    private const string Deployment = "deployment";
    private const string KeyStore = "key store";
    private const string PackageContainer = "sthost/containers/app-package";
    private const string Vault = "kv-blog";

    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
    // and what each lets its holder do with blobs and secrets.
    private static readonly Dictionary<string, Role> BuiltInRoles = new(StringComparer.Ordinal)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = new("Storage Blob Data Owner", ReadsBlobs: true, WritesBlobs: true),
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = new("Storage Blob Data Contributor", ReadsBlobs: true, WritesBlobs: true),
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = new("Storage Blob Data Reader", ReadsBlobs: true),
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = new("Storage Queue Data Contributor"),
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = new("Storage Table Data Contributor"),
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = new("Key Vault Secrets Officer", ReadsSecrets: true),
        ["4633458b-17de-408a-b874-0445c86b69e6"] = new("Key Vault Secrets User", ReadsSecrets: true),
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = new("Monitoring Metrics Publisher"),
    };

    [Fact]
    public async Task Each_role_assignment_grants_exactly_what_its_holder_needs_where_it_needs_it()
    {
        var template = await Bicep.MainAsync();
        var grants = Grants(template).Select(g => g.ToString()).Order(StringComparer.Ordinal);

        // sthost: the host's account (AzureWebJobsStorage, deployment package);
        // stblog: the content account (posts, rendered, tables, poison queue, dead letters);
        // kv-blog: the host's key store.
        string[] expected =
        [
            "deployment: Storage Blob Data Contributor on sthost/containers/app-package",
            "event grid: Storage Blob Data Contributor on stblog/containers/deadletter",
            "key store: Key Vault Secrets Officer on kv-blog",
            "runtime: Monitoring Metrics Publisher on appi-blog",
            "runtime: Storage Blob Data Contributor on stblog/containers/rendered",
            "runtime: Storage Blob Data Owner on sthost/containers/azure-webjobs-hosts",
            "runtime: Storage Blob Data Reader on stblog/containers/posts",
            "runtime: Storage Queue Data Contributor on sthost/queues/azure-webjobs-blobtrigger-{hostId}",
            "runtime: Storage Queue Data Contributor on stblog/queues/blog-notifications",
            "runtime: Storage Queue Data Contributor on stblog/queues/blog-notifications-poison",
            "runtime: Storage Queue Data Contributor on stblog/queues/webjobs-blobtrigger-poison",
            "runtime: Storage Table Data Contributor on stblog/tables/blog",
            "runtime: Storage Table Data Contributor on stblog/tables/blogsearch",
            "author: Storage Blob Data Contributor on stblog/containers/posts",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), grants);
    }

    [Fact]
    public async Task The_runtime_identity_cannot_write_the_package_or_read_the_keys()
    {
        var template = await Bicep.MainAsync();
        var grants = Grants(template);
        var runtime = grants.Where(g => g.Holder == Runtime).ToList();
        Assert.NotEmpty(runtime);

        // No role of the runtime identity reaches the package container (nor the account or the
        // group above it), and none reaches the vault.
        Assert.DoesNotContain(runtime, g => g.Covers(PackageContainer));
        Assert.DoesNotContain(runtime, g => g.Covers(Vault));
        Assert.DoesNotContain(runtime, g => g.Role.ReadsSecrets);

        // The package is written by the deployment identity alone, and that identity holds nothing else.
        var writers = grants.Where(g => g.Covers(PackageContainer) && g.Role.WritesBlobs).Select(g => g.Holder);
        Assert.Equal([Deployment], writers.Distinct());
        var deployment = Assert.Single(grants, g => g.Holder == Deployment);
        Assert.Equal(PackageContainer, deployment.Scope);

        // The keys are read by the key store identity alone, which holds nothing else.
        var readers = grants.Where(g => g.Covers(Vault) && (g.Role.ReadsSecrets || g.Role.ReadsBlobs)).Select(g => g.Holder);
        Assert.Equal([KeyStore], readers.Distinct());
        var keyStore = Assert.Single(grants, g => g.Holder == KeyStore);
        Assert.Equal(Vault, keyStore.Scope);

        // Nothing of the host account is granted as a whole: one container or one queue at a time.
        Assert.All(grants.Where(g => g.Scope.StartsWith("sthost", StringComparison.Ordinal)), g => Assert.Contains('/', g.Scope));
    }

    [Fact]
    public async Task Authors_may_write_the_posts_container_and_nothing_else()
    {
        var template = await Bicep.MainAsync();
        var authors = Grants(template).Where(g => g.Holder == "author").ToList();
        var grant = Assert.Single(authors);
        Assert.Equal("Storage Blob Data Contributor", grant.Role.Name);
        Assert.Equal("stblog/containers/posts", grant.Scope);
    }

    [Fact]
    public async Task Each_connection_uses_the_identity_its_grants_were_made_to()
    {
        var template = await Bicep.MainAsync();
        var settings = ArmExpression.CreatedObject((string)template.Single("Microsoft.Web/sites/config")["properties"]!);

        // The host's storage and the content: the runtime identity.
        Assert.Equal("id-blog-", ArmExpression.NamePrefix(settings["AzureWebJobsStorage__clientId"]));
        Assert.Equal("id-blog-", ArmExpression.NamePrefix(settings["BlogStorage__clientId"]));

        // The keys: in the vault, through the key store identity; no key container in host storage.
        Assert.Equal("'keyvault'", settings["AzureWebJobsSecretStorageType"]);
        Assert.Equal("Microsoft.KeyVault/vaults", ArmExpression.ResourceType(settings["AzureWebJobsSecretStorageKeyVaultUri"]));
        Assert.Equal("kv-blog-", ArmExpression.NamePrefix(settings["AzureWebJobsSecretStorageKeyVaultUri"]));
        Assert.Equal("id-blog-keys-", ArmExpression.NamePrefix(settings["AzureWebJobsSecretStorageKeyVaultClientId"]));
        Assert.DoesNotContain(
            "azure-webjobs-secrets",
            template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ContainerName(template, c)));
        var vault = template.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.Null(vault["accessPolicies"]);

        // The package: the deployment identity, which the site carries beside the other two.
        var site = template.Single("Microsoft.Web/sites");
        var storage = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("sthost", ArmExpression.NamePrefix((string)storage["value"]!));
        Assert.EndsWith("variables('deploymentContainer'))]", (string)storage["value"]!, StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal("id-blog-deploy-", ArmExpression.NamePrefix((string)storage["authentication"]!["userAssignedIdentityResourceId"]!));
        var attached = site["identity"]!["userAssignedIdentities"]!.AsObject().Select(i => ArmExpression.NamePrefix(i.Key));
        Assert.Equal(["id-blog-", "id-blog-deploy-", "id-blog-keys-"], attached.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_granted_trigger_queue_is_the_one_the_host_uses()
    {
        // The host dispatches blob trigger work through azure-webjobs-blobtrigger-<host id>; the id
        // is pinned in the settings to the value the grant's queue is named after.
        var template = await Bicep.MainAsync();
        var settings = ArmExpression.CreatedObject((string)template.Single("Microsoft.Web/sites/config")["properties"]!);
        Assert.Equal("variables('hostId')", settings["AzureFunctionsWebHost__hostid"]);
        Assert.Equal("[format('azure-webjobs-blobtrigger-{0}', variables('hostId'))]", template.Variable("hostTriggerQueue"));
        Assert.Equal("[toLower(take(variables('functionAppName'), 32))]", template.Variable("hostId"));
        Assert.Equal("[format('func-blog-{0}', variables('suffix'))]", template.Variable("functionAppName"));

        // The content account holds neither the package nor the host's own blobs.
        var contentContainers = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Where(c => ((string)c["name"]!).Contains("stblog", StringComparison.Ordinal))
            .Select(c => ContainerName(template, c))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["deadletter", "posts", "rendered"], contentContainers);
    }

    private static List<Grant> Grants(CompiledTemplate template) =>
        [.. template.OfType("Microsoft.Authorization/roleAssignments").Select(r => Describe(template, r))];

    private static Grant Describe(CompiledTemplate template, JsonObject assignment)
    {
        var properties = assignment["properties"]!;
        var roleVariable = RoleVariable().Match((string)properties["roleDefinitionId"]!).Groups[1].Value;
        var roleId = (string)template.AppVariables["roles"]![roleVariable]!;
        var role = BuiltInRoles.TryGetValue(roleId, out var known) ? known : new Role($"unknown role {roleId}");

        var principal = (string)properties["principalId"]!;
        var holder = principal switch
        {
            _ when principal.Contains("userAssignedIdentities", StringComparison.Ordinal) => ArmExpression.NamePrefix(principal) switch
            {
                "id-blog-" => Runtime,
                "id-blog-deploy-" => Deployment,
                "id-blog-keys-" => KeyStore,
                var other => $"identity {other}",
            },
            _ when principal.Contains("parameters('authorPrincipalIds')", StringComparison.Ordinal) => "author",
            _ when principal.Contains("Microsoft.EventGrid/systemTopics", StringComparison.Ordinal) => "event grid",
            _ => principal,
        };

        // No scope: the resource group, which covers everything.
        var scope = (string?)assignment["scope"];
        return new Grant(holder, role, scope is null ? "" : Scope(template, scope));
    }

    /// <summary>
    /// "sthost", "stblog/containers/posts", "kv-blog": the account, vault or component, then the
    /// container, table or queue. A service (blobServices/default) counts as its whole account.
    /// </summary>
    private static string Scope(CompiledTemplate template, string scope)
    {
        var target = ArmExpression.NamePrefix(scope)!.TrimEnd('-');
        var type = ArmExpression.ResourceType(scope)!.Split('/');
        if (type.Length > 3)
        {
            target += $"/{type[^1]}/{Name(template.Variable(ArmExpression.Variables(scope).Last()))}";
        }

        return target;
    }

    private static string ContainerName(CompiledTemplate template, JsonObject container) =>
        Name(template.Variable(ArmExpression.Variables((string)container["name"]!).Last()));

    /// <summary>A plain name, or <c>prefix{variable}</c> for <c>format('prefix{0}', variables('variable'))</c>.</summary>
    private static string Name(string value) =>
        FormattedName().Match(value) is { Success: true } match ? $"{match.Groups[1].Value}{{{match.Groups[2].Value}}}" : value;

    [GeneratedRegex(@"variables\('roles'\)\.(\w+)")]
    private static partial Regex RoleVariable();

    [GeneratedRegex(@"^\[format\('([^'{]*)\{0\}', variables\('(\w+)'\)\)\]$")]
    private static partial Regex FormattedName();

    private sealed record Role(string Name, bool ReadsBlobs = false, bool WritesBlobs = false, bool ReadsSecrets = false);

    private sealed record Grant(string Holder, Role Role, string Scope)
    {
        /// <summary>Whether this grant reaches <paramref name="resource"/>: its scope is the resource or above it.</summary>
        public bool Covers(string resource) =>
            Scope.Length == 0 || resource == Scope || resource.StartsWith(Scope + "/", StringComparison.Ordinal);

        public override string ToString() => $"{Holder}: {Role.Name} on {(Scope.Length == 0 ? "the resource group" : Scope)}";
    }
}
