using Blog;
using Blog.Functions.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddBlog(builder.Configuration);
builder.Services.AddSingleton<ApiResponder>();
builder.Build().Run();
