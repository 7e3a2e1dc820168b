using System.Diagnostics;
using System.Text.RegularExpressions;
using Blog.Tests.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Blog.Tests.Infra;

/// <summary>
/// The frontend's service in <c>azure.yaml</c>: <c>web/</c> uploaded to the Static Web App as a
/// staged copy whose <c>config.js</c> points at the deployed API, the tracked file unchanged.
/// </summary>
public sealed partial class AzdProjectTests
{
    private const string FakeApi = "https://example.test/api";

    [Fact]
    public void Azure_yaml_deploys_web_as_a_static_web_app_from_a_staged_git_ignored_copy()
    {
        var web = Map(Map(Load("azure.yaml"), "services"), "web");
        Assert.Equal("staticwebapp", Scalar(web, "host"));

        // No language: azd runs no build, and uploads dist (relative to the project) as it is.
        Assert.False(web.Children.ContainsKey(new YamlScalarNode("language")), "A language would make azd build web/ with npm.");
        var project = Scalar(web, "project");
        Assert.Equal("web", project);
        Assert.True(File.Exists(RepositoryRoot.Combine(project, "index.html")));
        Assert.True(File.Exists(RepositoryRoot.Combine(project, "config.js")));
        Assert.Equal("dist", Scalar(web, "dist"));

        // The staging hook runs before every deploy of the service (after provision, so the API's
        // URL is in the environment even on the first azd up).
        var hooks = Map(web, "hooks");
        Assert.Equal(["predeploy"], hooks.Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        Assert.Equal("../infra/hooks/web-predeploy.sh", Scalar(Map(Map(hooks, "predeploy"), "posix"), "run"));
        Assert.Equal("../infra/hooks/web-predeploy.ps1", Scalar(Map(Map(hooks, "predeploy"), "windows"), "run"));

        var ignored = File.ReadAllLines(RepositoryRoot.Combine(".gitignore")).Select(l => l.Trim());
        Assert.Contains($"{project}/{Scalar(web, "dist")}/", ignored);
        Assert.Contains(".azure/", ignored);
    }

    [Fact]
    public async Task The_web_hooks_read_only_the_apis_url_which_the_template_outputs()
    {
        var template = await Bicep.MainAsync();
        var outputs = template.Main["outputs"]!.AsObject();

        var sh = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "hooks", "web-predeploy.sh"));
        var ps1 = await File.ReadAllTextAsync(RepositoryRoot.Combine("infra", "hooks", "web-predeploy.ps1"));
        Assert.Equal(["API_BASE_URL"], RequiredShellVariable().Matches(sh).Select(m => m.Groups[1].Value).Distinct());
        Assert.Equal(["API_BASE_URL"], PowerShellVariable().Matches(ps1).Select(m => m.Groups[1].Value).Distinct());

        // API_BASE_URL is the function app's https://<host>/api.
        Assert.Contains("'app'", (string?)outputs["API_BASE_URL"]!["value"], StringComparison.Ordinal);
        Assert.Contains(".outputs.apiBaseUrl.value", (string?)outputs["API_BASE_URL"]!["value"], StringComparison.Ordinal);
        var apiBaseUrl = (string?)template.Module("app")["properties"]!["template"]!["outputs"]!["apiBaseUrl"]!["value"];
        Assert.StartsWith("[format('https://{0}/api'", apiBaseUrl, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", apiBaseUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("pwsh")]
    public async Task The_web_hook_stages_web_with_the_apis_url_and_leaves_the_tracked_config_alone(string shell)
    {
        var (program, script) = HookCommand(shell);
        var source = RepositoryRoot.Combine("web");
        var tracked = await File.ReadAllBytesAsync(Path.Combine(source, "config.js"));
        var folder = Directory.CreateTempSubdirectory("web-dist-");
        try
        {
            // A file left from an earlier deploy goes.
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "stale.html"), "old");

            var (exitCode, output) = await RunHookAsync(program, script, folder.FullName, FakeApi + "/");
            Assert.True(exitCode == 0, output);

            var config = await File.ReadAllTextAsync(Path.Combine(folder.FullName, "config.js"));
            Assert.Contains($"apiBase: '{FakeApi}',", config, StringComparison.Ordinal);
            Assert.DoesNotContain("localhost", config, StringComparison.Ordinal);
            Assert.Equal(tracked, await File.ReadAllBytesAsync(Path.Combine(source, "config.js")));
            Assert.Contains("apiBase: 'http://localhost:7071/api',", await File.ReadAllTextAsync(Path.Combine(source, "config.js")), StringComparison.Ordinal);

            // Everything else is the tracked site, byte for byte, and nothing more.
            var expected = SiteFiles(source).Where(f => f != "config.js").ToList();
            Assert.Contains("index.html", expected);
            Assert.Equal(expected.Append("config.js").Order(StringComparer.Ordinal), SiteFiles(folder.FullName).Order(StringComparer.Ordinal));
            foreach (var file in expected)
            {
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(source, file)), await File.ReadAllBytesAsync(Path.Combine(folder.FullName, file)));
            }

            // The config is the tracked one but for apiBase.
            Assert.Equal(
                ApiBaseLine().Replace(await File.ReadAllTextAsync(Path.Combine(source, "config.js")), "apiBase: ''"),
                ApiBaseLine().Replace(config, "apiBase: ''"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("sh", "https://example.test/api'; alert(1); '")]
    [InlineData("sh", "javascript:alert(1)")]
    [InlineData("sh", "")]
    [InlineData("pwsh", "https://example.test/api'; alert(1); '")]
    [InlineData("pwsh", "javascript:alert(1)")]
    [InlineData("pwsh", "")]
    public async Task The_web_hook_refuses_an_api_url_that_is_missing_or_not_a_plain_http_url(string shell, string url)
    {
        var (program, script) = HookCommand(shell);
        var folder = Directory.CreateTempSubdirectory("web-dist-");
        try
        {
            var (exitCode, output) = await RunHookAsync(program, script, folder.FullName, url);
            Assert.True(exitCode != 0, output);
            Assert.Contains("API_BASE_URL", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder.FullName, "config.js")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The program and script of the web hook for a shell; skips when the shell is not installed.</summary>
    private static (string Program, string Script) HookCommand(string shell)
    {
        var extension = shell == "sh" ? ".sh" : ".ps1";
        var program = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, shell))
            .FirstOrDefault(File.Exists);
        Assert.SkipWhen(program is null, $"No {shell} on the PATH to run the hook with.");
        return (program!, RepositoryRoot.Combine("infra", "hooks", "web-predeploy" + extension));
    }

    /// <summary>Runs the hook as azd would (from web/, the service's folder), staging into folder.</summary>
    private static async Task<(int ExitCode, string Output)> RunHookAsync(string program, string script, string folder, string apiBaseUrl)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryRoot.Combine("web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Path.GetFileName(program) == "pwsh")
        {
            info.ArgumentList.Add("-NoProfile");
            info.ArgumentList.Add("-NonInteractive");
            info.ArgumentList.Add("-File");
        }

        info.ArgumentList.Add(script);
        info.ArgumentList.Add(folder);
        info.Environment["API_BASE_URL"] = apiBaseUrl;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + errors);
    }

    /// <summary>The files under a site folder, relative, with / separators; a staging folder inside it left out.</summary>
    private static List<string> SiteFiles(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("dist/", StringComparison.Ordinal))];

    [GeneratedRegex(@"apiBase:\s*'[^'\n]*'")]
    private static partial Regex ApiBaseLine();
}
