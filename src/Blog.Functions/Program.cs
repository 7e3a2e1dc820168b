using Azure.Monitor.OpenTelemetry.Exporter;
using Blog.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddBlogFunctions(builder.Configuration);

// Logs, traces and metrics through OpenTelemetry; exported to Azure Monitor only where
// APPLICATIONINSIGHTS_CONNECTION_STRING is configured.
var telemetry = builder.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter();
}

builder.Build().Run();
