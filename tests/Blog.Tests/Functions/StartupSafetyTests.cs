using System.Net;
using Blog.DevHost;
using Blog.Functions;
using Blog.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Blog.Tests.Functions;

/// <summary>Secrets the app will not run without, and the dev host's management routes on a network.</summary>
public sealed class StartupSafetyTests(AzuriteFixture azurite)
{
    private IHost BuildHost(string environment, string? cursorKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BlogStorage"] = azurite.ConnectionString,
            ["Blog:TableName"] = "startup" + Guid.NewGuid().ToString("N")[..8],
            ["Blog:CursorKey"] = cursorKey,
        });
        builder.Services.AddBlogFunctions(builder.Configuration);
        return builder.Build();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Outside_development_the_app_does_not_start_without_a_cursor_key_and_says_why(string? cursorKey)
    {
        using var host = BuildHost(Environments.Production, cursorKey);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Blog__CursorKey", error.Message, StringComparison.Ordinal);
        Assert.Equal(BlogFunctionsServiceCollectionExtensions.MissingCursorKey, Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("Production", "a-long-random-secret")]
    [InlineData("Development", null)]
    public async Task With_a_cursor_key_or_in_development_the_app_starts(string environment, string? cursorKey)
    {
        using var host = BuildHost(environment, cursorKey);

        await host.StartAsync();
        await host.StopAsync();
    }

    private IHost BuildHost(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        var configuration = new Dictionary<string, string?>
        {
            ["BlogStorage"] = azurite.ConnectionString,
            ["Blog:TableName"] = "startup" + Guid.NewGuid().ToString("N")[..8],
            ["Blog:CursorKey"] = "a-long-random-secret",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddBlogFunctions(builder.Configuration);
        return builder.Build();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task With_a_webhook_the_app_does_not_start_without_a_webhook_secret_and_says_why(string? secret)
    {
        using var host = BuildHost(("Blog:Webhooks:0", "https://example.com/revalidate"), ("Blog:WebhookSecret", secret));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(Blog.Notifications.ChangeNotifier.MissingSecret, Assert.Single(error.Failures));
        Assert.Contains("Blog__WebhookSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_that_is_not_an_http_address_stops_the_start()
    {
        using var host = BuildHost(("Blog:Webhooks:0", "file:///etc/passwd"), ("Blog:WebhookSecret", "secret"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("file:///etc/passwd", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_webhooks_and_a_secret_the_app_starts()
    {
        using var host = BuildHost(("Blog:Webhooks:0", "https://example.com/revalidate"), ("Blog:WebhookSecret", "secret"));

        await host.StartAsync();
        await host.StopAsync();
    }

    private static DefaultHttpContext Call(string remote, string? header = null, string? code = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (header is not null)
        {
            context.Request.Headers[FunctionEndpoints.KeyHeader] = header;
        }

        if (code is not null)
        {
            context.Request.QueryString = new QueryString("?code=" + Uri.EscapeDataString(code));
        }

        return context;
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.7", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("::ffff:10.0.0.7", false)]
    public void Without_a_configured_key_the_dev_host_opens_management_routes_to_this_machine_only(string remote, bool allowed)
    {
        Assert.Equal(allowed, FunctionEndpoints.HasKey(Call(remote), functionKey: null));
    }

    [Fact]
    public void With_a_configured_key_the_dev_host_wants_exactly_that_key_from_anywhere()
    {
        const string key = "the-key";

        Assert.True(FunctionEndpoints.HasKey(Call("10.0.0.7", header: key), key));
        Assert.True(FunctionEndpoints.HasKey(Call("10.0.0.7", code: key), key));
        Assert.False(FunctionEndpoints.HasKey(Call("127.0.0.1"), key));
        Assert.False(FunctionEndpoints.HasKey(Call("127.0.0.1", header: "the-key "), key));
        Assert.False(FunctionEndpoints.HasKey(Call("127.0.0.1", header: "the-ke"), key));
        Assert.False(FunctionEndpoints.HasKey(Call("127.0.0.1", code: "THE-KEY"), key));
    }
}
