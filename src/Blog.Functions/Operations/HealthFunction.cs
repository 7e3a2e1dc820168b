using Blog.Functions.Http;
using Blog.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Operations;

/// <summary><c>GET /api/health</c>: <c>200 {"status":"healthy"}</c> when storage answers, <c>503</c> when not.</summary>
public sealed class HealthFunction(HealthCheck health, ApiResponder responder)
{
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var healthy = await health.IsHealthyAsync(cancellationToken);
        return responder.Uncached(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, ApiJson.Health(healthy));
    }
}
