using Blog.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Functions;

public static class BlogFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Everything the function classes need. The Functions app and the development host both
    /// call this, so they resolve the very same services.
    /// </summary>
    public static IServiceCollection AddBlogFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBlog(configuration);
        services.AddSingleton<ApiResponder>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
