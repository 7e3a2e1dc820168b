using Blog.Functions.Management;
using Blog.Functions.Articles;
using Blog.Operations;
using Blog.Functions.Http;
using Blog.Functions.Operations;
using Blog.Functions.Taxonomy;
using Blog.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Blog.Tests.Infrastructure;

/// <summary>The HTTP functions wired to a <see cref="TestBlog"/>, called as the host calls them.</summary>
public sealed class TestApi
{
    public TestApi(TestBlog blog)
    {
        Blog = blog;
        var options = Microsoft.Extensions.Options.Options.Create(blog.Options);
        Responder = new ApiResponder(options);
        Articles = new ArticleQueries(blog.Store, new CursorProtector(options), blog.Clock);
        Taxonomies = new TaxonomyQueries(blog.Store, blog.Clock);
        ArticleFunctions = new ArticleFunctions(Articles, Responder);
        TagFunctions = new TagFunctions(Taxonomies, Responder);
        CategoryFunctions = new CategoryFunctions(Taxonomies, Responder);
        HealthFunction = new HealthFunction(new HealthCheck(blog.Store), Responder);
        OpenApiFunction = new OpenApiFunction(Responder);
        Reindexer = new Reindexer(blog.Store, blog.Publisher, Microsoft.Extensions.Logging.Abstractions.NullLogger<Reindexer>.Instance);
        Admin = new AdminQueries(blog.Store, blog.Publisher);
        ManagementFunctions = new ManagementFunctions(Reindexer, Admin, Articles, Responder);
    }

    public Reindexer Reindexer { get; }

    public AdminQueries Admin { get; }

    public ManagementFunctions ManagementFunctions { get; }

    public TestBlog Blog { get; }

    public ApiResponder Responder { get; }

    public ArticleQueries Articles { get; }

    public TaxonomyQueries Taxonomies { get; }

    public ArticleFunctions ArticleFunctions { get; }

    public TagFunctions TagFunctions { get; }

    public CategoryFunctions CategoryFunctions { get; }

    public HealthFunction HealthFunction { get; }

    public OpenApiFunction OpenApiFunction { get; }

    /// <summary>Routes a GET or HEAD the way the Functions host does, and executes the answer.</summary>
    public async Task<HttpAnswer> SendAsync(string method, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var request = HttpCall.Request(method, pathAndQuery, headers);
        var segments = request.Path.Value!.Trim('/').Split('/');
        if (segments[0] != "api")
        {
            throw new ArgumentException("Routes start with /api.", nameof(pathAndQuery));
        }

        var ct = CancellationToken.None;
        method = method.ToUpperInvariant();
        IActionResult result = segments[1..] switch
        {
            ["articles"] => await ArticleFunctions.ListArticles(request, ct),
            ["articles", var slug] => await ArticleFunctions.GetArticle(request, Uri.UnescapeDataString(slug), ct),
            ["tags"] => await TagFunctions.ListTags(request, ct),
            ["tags", var slug] => await TagFunctions.GetTag(request, Uri.UnescapeDataString(slug), ct),
            ["categories"] => await CategoryFunctions.ListCategories(request, ct),
            ["categories", var slug] => await CategoryFunctions.GetCategory(request, Uri.UnescapeDataString(slug), ct),
            ["health"] => await HealthFunction.Health(request, ct),
            ["openapi.json"] => OpenApiFunction.OpenApi(request),
            ["manage", "reindex"] => await ManagementFunctions.Reindex(request, ct),
            ["manage", "ingest-errors"] => await ManagementFunctions.ListIngestErrors(request, ct),
            ["manage", "files", .. var path] => await ManagementFunctions.GetFileStatus(request, Uri.UnescapeDataString(string.Join('/', path)), ct),
            ["manage", "articles", var slug] when method == "DELETE" => await ManagementFunctions.TakeDownArticle(request, Uri.UnescapeDataString(slug), ct),
            ["manage", "articles", var slug] => await ManagementFunctions.PreviewArticle(request, Uri.UnescapeDataString(slug), ct),
            _ => throw new ArgumentException($"No route for {pathAndQuery}.", nameof(pathAndQuery)),
        };
        return await HttpCall.ExecuteAsync(request, result);
    }

    public Task<HttpAnswer> GetAsync(string pathAndQuery, params (string Name, string Value)[] headers) =>
        SendAsync("GET", pathAndQuery, headers);
}
