using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.DevHost;
using Blog.Functions;
using Blog.Functions.Publishing;
using Blog.Operations;
using Blog.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// The app as the hosts compose it: <c>AddBlogFunctions</c> over configuration naming the
/// <see cref="TestBlog"/>'s table and containers, with only the clock and the storage clients
/// replaced by the test's (counted) ones. Requests go through ASP.NET Core routing over the
/// dev host's own function discovery (<see cref="FunctionEndpoints.MapFunctions"/>), so every
/// HTTP function is reachable with no wiring here, and its <c>IActionResult</c> is executed on
/// a real <see cref="HttpContext"/>. No server or socket is involved.
/// </summary>
public sealed class TestApi
{
    private readonly RequestDelegate _pipeline;

    /// <param name="blog">The storage and clock to serve.</param>
    /// <param name="settings">More configuration, as the host would read it (<c>Blog:CacheControl</c>, for instance).</param>
    public TestApi(TestBlog blog, params (string Key, string Value)[] settings)
        : this(blog, functionKey: null, settings)
    {
    }

    /// <param name="blog">The storage and clock to serve.</param>
    /// <param name="functionKey">The key the routes behind a function key require, as <c>DevHost__FunctionKey</c> sets it; none when null.</param>
    /// <param name="settings">More configuration, as the host would read it.</param>
    public TestApi(TestBlog blog, string? functionKey, params (string Key, string Value)[] settings)
        : this(blog, blog.TableService, blog.BlobService, functionKey, settings)
    {
    }

    private TestApi(TestBlog blog, TableServiceClient tables, BlobServiceClient blobs, string? functionKey, (string Key, string Value)[] settings)
    {
        Blog = blog;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [BlogServiceCollectionExtensions.ConnectionName] = blog.ConnectionString,
            ["Blog:TableName"] = blog.Options.TableName,
            ["Blog:PostsContainer"] = blog.Options.PostsContainer,
            ["Blog:HtmlContainer"] = blog.Options.HtmlContainer,

            // Tests publish through TestBlog's own publisher, another instance as far as this
            // app's read cache knows: the cache is off unless a test turns it on.
            ["Blog:ReadCacheSeconds"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<IServer, NoServer>(); // requests are handed to the pipeline directly
        builder.Services.AddBlogFunctions(builder.Configuration);

        // What a test replaces: the clock, and the storage clients (the same account, with the counting policy).
        builder.Services.AddSingleton<TimeProvider>(blog.Clock);
        builder.Services.AddSingleton(tables);
        builder.Services.AddSingleton(blobs);

        var app = builder.Build();
        app.UseRouting();
        Routes = app.MapFunctions(typeof(PublishArticleFunction).Assembly, FunctionRoute.RoutePrefix(RepositoryRoot.Combine("host.json")), functionKey);
        app.UseEndpoints(_ => { });
        _pipeline = ((IApplicationBuilder)app).Build();
        Services = app.Services;
    }

    /// <summary>The app of <paramref name="blog"/>'s settings on other storage clients (an account that does not answer, for instance).</summary>
    public static TestApi OnStorage(TestBlog blog, TableServiceClient tables, BlobServiceClient blobs) =>
        new(blog, tables, blobs, functionKey: null, []);

    public TestBlog Blog { get; }

    /// <summary>The app's own services, as the functions resolve them.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The HTTP functions served, as the dev host discovered them.</summary>
    public IReadOnlyList<FunctionRoute> Routes { get; }

    public Reindexer Reindexer => Services.GetRequiredService<Reindexer>();

    public ArticleQueries Articles => Services.GetRequiredService<ArticleQueries>();

    /// <summary>
    /// Sends a request through routing to the function serving it and returns what a client would
    /// receive; a path no function serves answers <c>404</c>, a method it does not take <c>405</c>.
    /// The caller is on this machine (loopback), as a developer calling the dev host is.
    /// </summary>
    public async Task<HttpAnswer> SendAsync(string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var request = HttpCall.Request(method, pathAndQuery, headers);
        var context = request.HttpContext;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        await using var scope = Services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        await _pipeline(context);
        return HttpCall.Answer(context);
    }

    public Task<HttpAnswer> GetAsync(string pathAndQuery, params (string Name, string Value)[] headers) =>
        SendAsync("GET", pathAndQuery, headers);

    /// <summary>The server a web application requires, never started: <see cref="SendAsync"/> is the only way in.</summary>
    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
