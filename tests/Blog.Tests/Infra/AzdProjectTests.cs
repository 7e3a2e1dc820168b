using System.Diagnostics;
using System.Text.RegularExpressions;
using Blog.Tests.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Blog.Tests.Infra;

/// <summary>
/// <c>azure.yaml</c>, its hooks and the CI workflow: they parse, point at files that exist, read
/// only values the template provides, and run only commands their job installs.
/// </summary>
public sealed partial class AzdProjectTests
{
    private static readonly string[] HookEvents = ["preprovision", "postdeploy"];

    // Commands a workflow step may run, with the step that puts each on the runner (null: the
    // runner image or the shell has it).
    private static readonly Dictionary<string, string?> Commands = new(StringComparer.Ordinal)
    {
        ["dotnet"] = "actions/setup-dotnet",
        ["npm"] = "actions/setup-node",
        ["azd"] = "Azure/setup-azd",
        ["az"] = "azure/login",
        ["bicep"] = "dotnet restore",
        ["cat"] = null,
        ["dirname"] = null,
        ["echo"] = null,
        ["export"] = null,
        ["find"] = null,
        ["sort"] = null,
        ["tail"] = null,
        ["test"] = null,
    };

    private static readonly string[] Actions =
        ["actions/checkout", "actions/setup-dotnet", "actions/setup-node", "Azure/setup-azd", "azure/login"];

    [Fact]
    public void Azure_yaml_declares_the_function_app_service_and_the_bicep_entry_point()
    {
        var root = Load("azure.yaml");
        var api = Map(Map(root, "services"), "api");
        Assert.Equal("function", Scalar(api, "host"));
        Assert.Equal("dotnet", Scalar(api, "language"));
        var project = Scalar(api, "project");
        Assert.Equal("src/Blog.Functions", project);
        Assert.True(File.Exists(RepositoryRoot.Combine(project, "Blog.Functions.csproj")));

        var infra = Map(root, "infra");
        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.True(File.Exists(RepositoryRoot.Combine(Scalar(infra, "path"), Scalar(infra, "module") + ".bicep")));
    }

    [Fact]
    public void Every_hook_has_a_sh_and_a_pwsh_script_that_exists_and_every_script_is_a_hook()
    {
        var root = Load("azure.yaml");
        var projectHooks = Map(root, "hooks");
        Assert.Equal(HookEvents.Order(StringComparer.Ordinal), projectHooks.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));

        // Project hooks run from the root and are named for their event; a service's run from its
        // project folder and are named <service>-<event>.
        var hookSets = new List<(YamlMappingNode Hooks, string Directory, string Prefix)> { (projectHooks, "", "") };
        foreach (var (name, node) in Map(root, "services").Children)
        {
            var service = (YamlMappingNode)node;
            if (service.Children.ContainsKey(new YamlScalarNode("hooks")))
            {
                hookSets.Add((Map(service, "hooks"), Scalar(service, "project"), ((YamlScalarNode)name).Value + "-"));
            }
        }

        var referenced = new List<string>();
        foreach (var (hooks, directory, prefix) in hookSets)
        {
            foreach (var (key, node) in hooks.Children)
            {
                var hookEvent = ((YamlScalarNode)key).Value!;
                foreach (var (platform, shell, extension) in new[] { ("posix", "sh", ".sh"), ("windows", "pwsh", ".ps1") })
                {
                    var variant = Map((YamlMappingNode)node, platform);
                    Assert.Equal(shell, Scalar(variant, "shell"));
                    Assert.Equal("false", Scalar(variant, "continueOnError"));
                    var run = Scalar(variant, "run");
                    var script = Path.GetFullPath(Path.Combine(RepositoryRoot.Combine(directory), run));
                    Assert.Equal(RepositoryRoot.Combine("infra", "hooks", $"{prefix}{hookEvent}{extension}"), script);
                    Assert.True(File.Exists(script), $"{run} (from {directory}/) is missing.");
                    referenced.Add(Path.GetFileName(script));
                }
            }
        }

        Assert.Contains("web-predeploy.sh", referenced);
        var scripts = Directory.GetFiles(RepositoryRoot.Combine("infra", "hooks"), "*", SearchOption.AllDirectories).Select(Path.GetFileName);
        Assert.Equal(referenced.Order(StringComparer.Ordinal), scripts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_sh_hooks_parse()
    {
        Assert.SkipUnless(File.Exists("/bin/sh"), "No /bin/sh to check the hooks' syntax with.");
        var scripts = Directory.GetFiles(RepositoryRoot.Combine("infra", "hooks"), "*.sh");
        // The project's hooks and the web service's one.
        Assert.Equal(HookEvents.Length + 1, scripts.Length);
        foreach (var script in scripts)
        {
            var info = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true };
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add(script);
            using var process = Process.Start(info)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{Path.GetFileName(script)}: {errors}");
        }
    }

    [Fact]
    public async Task The_post_deploy_hooks_read_only_outputs_of_the_template_and_subscribe_the_posts_folder()
    {
        var template = await Bicep.MainAsync();
        var provided = template.Main["outputs"]!.AsObject().Select(o => o.Key)
            .Append("AZURE_SUBSCRIPTION_ID") // azd's own
            .ToHashSet(StringComparer.Ordinal);

        var sh = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "hooks", "postdeploy.sh"));
        var ps1 = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "hooks", "postdeploy.ps1"));
        var shNames = RequiredShellVariable().Matches(sh).Select(m => m.Groups[1].Value).ToList();
        var ps1Names = PowerShellVariable().Matches(ps1).Select(m => m.Groups[1].Value)
            .Concat(PowerShellRequiredList().Matches(ps1).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(shNames);
        Assert.All(shNames.Concat(ps1Names), name => Assert.Contains(name, provided));
        Assert.Equal(shNames.Order(StringComparer.Ordinal), ps1Names.Order(StringComparer.Ordinal));

        foreach (var script in new[] { sh, ps1 })
        {
            Assert.Contains("/blobServices/default/containers/$", script, StringComparison.Ordinal);
            Assert.Matches(@"containers/\$\(?\{?(env:)?\$?\(?(env:)?POSTS_CONTAINER\)?\}?/""", script);
            Assert.Contains("Microsoft.Storage.BlobCreated", script, StringComparison.Ordinal);
            Assert.Contains("systemKeys.blobs_extension", script, StringComparison.Ordinal);
            Assert.Contains("maxDeliveryAttempts", script, StringComparison.Ordinal);
            Assert.Contains("deadLetterWithResourceIdentity", script, StringComparison.Ordinal);
            Assert.Contains("az rest --method put", script, StringComparison.Ordinal);
        }

        // The cursor key is generated only when the environment has none.
        var pre = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "hooks", "preprovision.sh"));
        Assert.Contains("if [ -z \"${BLOG_CURSOR_KEY:-}\" ]", pre, StringComparison.Ordinal);
        Assert.Contains("azd env set BLOG_CURSOR_KEY", pre, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_deploys_main_with_oidc_and_no_secrets()
    {
        var text = File.ReadAllText(RepositoryRoot.Combine(".github", "workflows", "ci.yml"));
        Assert.DoesNotContain("secrets.", text, StringComparison.Ordinal);
        var jobs = Map(Load(".github/workflows/ci.yml"), "jobs");
        Assert.Equal(["deploy", "templates", "test"], jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));

        var deploy = Map(jobs, "deploy");
        Assert.Contains("refs/heads/main", Scalar(deploy, "if"), StringComparison.Ordinal);
        Assert.Equal("write", Scalar(Map(deploy, "permissions"), "id-token"));
        var login = Steps(deploy).Single(s => Uses(s).StartsWith("azure/login@", StringComparison.Ordinal));
        var with = Map(login, "with");
        Assert.Equal("${{ vars.AZURE_CLIENT_ID }}", Scalar(with, "client-id"));
        Assert.Equal("${{ vars.AZURE_TENANT_ID }}", Scalar(with, "tenant-id"));
        Assert.Equal("${{ vars.AZURE_SUBSCRIPTION_ID }}", Scalar(with, "subscription-id"));
        // Every service (the api and the web frontend), the SWA CLI running through npx.
        var deploySteps = Steps(deploy);
        var deployAll = deploySteps.FindIndex(s => Run(s).Trim() == "azd deploy --all --no-prompt");
        Assert.True(deployAll >= 0, "The deploy job does not run azd deploy --all --no-prompt.");
        Assert.DoesNotContain(deploySteps, s => Run(s).Contains("azd deploy api", StringComparison.Ordinal));
        Assert.Contains(deploySteps.Take(deployAll), s => Uses(s).StartsWith("actions/setup-node@", StringComparison.Ordinal));
        Assert.Contains(Steps(Map(jobs, "test")), s => Run(s).StartsWith("dotnet test", StringComparison.Ordinal));
        Assert.Contains(Steps(Map(jobs, "templates")), s => Run(s).Contains("bicep lint", StringComparison.Ordinal));
    }

    [Fact]
    public void The_workflow_runs_only_commands_its_jobs_install()
    {
        var jobs = Map(Load(".github/workflows/ci.yml"), "jobs");
        foreach (var (key, node) in jobs.Children)
        {
            var job = ((YamlScalarNode)key).Value!;
            var steps = Steps((YamlMappingNode)node);
            var before = new List<string>();
            foreach (var step in steps)
            {
                var uses = Uses(step);
                if (uses.Length > 0)
                {
                    Assert.Contains(uses.Split('@')[0], Actions);
                    before.Add(uses);
                }

                foreach (var command in CommandNames(Run(step)))
                {
                    Assert.True(Commands.TryGetValue(command, out var source), $"{job}: unknown command {command}.");
                    Assert.True(
                        source is null || before.Any(b => b.StartsWith(source, StringComparison.Ordinal)),
                        $"{job}: {command} runs before {source}.");
                }

                if (Run(step).Length > 0)
                {
                    before.Add(Run(step));
                }
            }
        }
    }

    /// <summary>The first word of each command of a script, and of each <c>$(...)</c> in it.</summary>
    private static IEnumerable<string> CommandNames(string script)
    {
        var joined = script.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            foreach (var part in CommandSeparator().Split(line))
            {
                var word = part.Trim().Split(' ', 2)[0];
                if (word.Length > 0 && !word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('$'))
                {
                    yield return word;
                }
            }

            foreach (Match inner in Substitution().Matches(line))
            {
                yield return inner.Groups[1].Value;
            }
        }
    }

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine(path)));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    private static List<YamlMappingNode> Steps(YamlMappingNode job) =>
        [.. Assert.IsType<YamlSequenceNode>(job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>()];

    private static string Uses(YamlMappingNode step) =>
        step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) ? ((YamlScalarNode)uses).Value! : "";

    private static string Run(YamlMappingNode step) =>
        step.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? ((YamlScalarNode)run).Value! : "";

    [GeneratedRegex(@"\$\{([A-Z_]+):\?\}")]
    private static partial Regex RequiredShellVariable();

    [GeneratedRegex(@"\$env:([A-Z_]+)")]
    private static partial Regex PowerShellVariable();

    [GeneratedRegex(@"'([A-Z][A-Z_]{3,})'(?=[,)\s])")]
    private static partial Regex PowerShellRequiredList();

    [GeneratedRegex(@"&&|\|\||;|\|")]
    private static partial Regex CommandSeparator();

    [GeneratedRegex(@"\$\(\s*([a-z][\w-]*)")]
    private static partial Regex Substitution();
}
