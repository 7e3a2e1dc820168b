using Blog.DevHost;
using Blog.Functions;
using Blog.Functions.Publishing;

// A development and test host for the blog's Functions app, for machines without Azure Functions
// Core Tools. It serves the same function classes; production runs on Azure Functions.
// Its own folder is the content root, so its appsettings.json (quiet request logging) applies
// wherever it is started from; environment variables and arguments override it.
// It is a development host: its environment is Development unless ASPNETCORE_ENVIRONMENT says otherwise.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Development,
});
builder.Configuration.AddLocalSettings(Path.Combine(AppContext.BaseDirectory, "local.settings.json"));
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

builder.Services.AddBlogFunctions(builder.Configuration);
builder.Services.AddOptions<DevHostOptions>().Bind(builder.Configuration.GetSection(DevHostOptions.SectionName));
builder.Services.AddHostedService<PostsWatcher>();
builder.Services.AddHostedService<NotificationWatcher>();

var app = builder.Build();
var prefix = FunctionRoute.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json"));
app.MapFunctions(typeof(PublishArticleFunction).Assembly, prefix, app.Configuration["DevHost:FunctionKey"]);
app.Run();
