using System.Text;
using Blog.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Blog.Tests.Functions;

/// <summary>
/// The check every HTTP test's answer goes through (<see cref="HttpCall.Answer"/>) refuses
/// what the OpenAPI document does not allow, so a response shape that drifts from the published
/// contract fails the tests that see it.
/// </summary>
public sealed class OpenApiContractTests
{
    private static HttpAnswer Answer(int status, string contentType, string body) =>
        new(status, new HeaderDictionary { ["Content-Type"] = contentType }, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_body_of_the_documented_shape_passes()
    {
        OpenApiContract.Check("GET", "/api/tags", Answer(200, "application/json", """{"items":[{"slug":"ai","name":"AI","count":2}]}"""));
        OpenApiContract.Check("GET", "/api/articles/missing", Answer(404, "application/problem+json", """{"type":"about:blank","title":"Not Found","status":404,"detail":"No article."}"""));
    }

    [Theory]
    [InlineData("""{"items":[{"slug":1,"name":"AI","count":2}]}""")]
    [InlineData("""{"items":[{"slug":"ai","name":"AI"}]}""")]
    [InlineData("""{"tags":[]}""")]
    [InlineData("""[]""")]
    public void A_body_of_another_shape_is_refused(string body)
    {
        var error = Assert.Throws<OpenApiContractException>(() =>
            OpenApiContract.Check("GET", "/api/tags", Answer(200, "application/json", body)));

        Assert.Contains("does not match the documented schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undocumented_status_is_refused()
    {
        var error = Assert.Throws<OpenApiContractException>(() =>
            OpenApiContract.Check("GET", "/api/articles", Answer(500, "application/problem+json", """{"title":"x","status":500}""")));

        Assert.Contains("status 500 is not among the documented responses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undocumented_route_or_method_is_refused()
    {
        Assert.Throws<OpenApiContractException>(() => OpenApiContract.Check("GET", "/api/authors", Answer(200, "application/json", "{}")));
        Assert.Throws<OpenApiContractException>(() => OpenApiContract.Check("DELETE", "/api/tags", Answer(200, "application/json", "{}")));
    }

    [Fact]
    public void An_undocumented_media_type_is_refused()
    {
        Assert.Throws<OpenApiContractException>(() =>
            OpenApiContract.Check("GET", "/api/tags", Answer(200, "text/html", "<p>tags</p>")));
    }
}
