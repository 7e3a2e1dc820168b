using Blog.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blog.Functions;

public static class BlogFunctionsServiceCollectionExtensions
{
    /// <summary>Why the app does not start outside Development without a cursor key.</summary>
    public const string MissingCursorKey =
        "The setting Blog__CursorKey is missing. It signs the list cursors the API hands out; without it they would be signed " +
        "with the public development key, so anyone could forge one. Set it to a long random secret, the same on every " +
        "instance (infra/main.bicep does), or run in the Development environment.";

    /// <summary>
    /// Everything the function classes need. The Functions app and the development host both
    /// call this, so they resolve the very same services.
    /// </summary>
    public static IServiceCollection AddBlogFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBlog(configuration);
        services.AddOptions<BlogOptions>()
            .Validate<IHostEnvironment>(
                (options, environment) => environment.IsDevelopment() || !string.IsNullOrWhiteSpace(options.CursorKey),
                MissingCursorKey)
            .ValidateOnStart();
        services.AddSingleton<ApiResponder>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
