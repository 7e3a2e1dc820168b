using Azure.Monitor.OpenTelemetry.Exporter;
using Blog.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddBlogFunctions(builder.Configuration);

// Where Application Insights is configured, logs, traces and metrics go there through OpenTelemetry.
// Elsewhere (func start, the test host) the worker's logs go to the Functions host, which shows
// them: the OpenTelemetry defaults would stop that (azure-functions-dotnet-worker#3487).
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.AddOpenTelemetry().UseFunctionsWorkerDefaults().UseAzureMonitorExporter();
}

builder.Build().Run();
