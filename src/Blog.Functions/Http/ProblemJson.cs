using Microsoft.AspNetCore.WebUtilities;

namespace Blog.Functions.Http;

/// <summary>RFC 7807 problem documents: <c>{ "type", "title", "status", "detail" }</c>.</summary>
public static class ProblemJson
{
    public static byte[] Write(int status, string detail) => ApiJson.WriteObject(writer =>
    {
        writer.WriteString("type", $"https://httpstatuses.io/{status}");
        writer.WriteString("title", ReasonPhrases.GetReasonPhrase(status));
        writer.WriteNumber("status", status);
        writer.WriteString("detail", detail);
    });
}
