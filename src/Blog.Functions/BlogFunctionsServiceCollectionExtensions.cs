using Blog.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

        // Webhooks need a secret, absolute addresses and a queue service: the start fails, saying which is missing.
        var hasQueueService = StorageConnection.From(configuration.GetSection(BlogServiceCollectionExtensions.ConnectionName)).CreateQueueServiceClient() is not null;
        services.AddSingleton<IValidateOptions<BlogOptions>>(new NotificationSettingsValidation(hasQueueService));
        services.AddSingleton<ApiResponder>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}

/// <summary>Refuses notification settings <see cref="Blog.Notifications.ChangeNotifier"/> could not work with.</summary>
internal sealed class NotificationSettingsValidation(bool hasQueueService) : IValidateOptions<BlogOptions>
{
    public ValidateOptionsResult Validate(string? name, BlogOptions options) =>
        Blog.Notifications.ChangeNotifier.Problem(options, hasQueueService) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
