using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Blog.Tests.Infrastructure;

/// <summary>One request a <see cref="WebhookReceiver"/> got, with the status it answered.</summary>
public sealed record ReceivedHook(byte[] Body, string? Signature, string? EventId, string? ContentType, int Status, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Id => Json.GetProperty("id").GetString()!;

    public string Kind => Json.GetProperty("kind").GetString()!;

    public IReadOnlyList<string> Slugs => Json.GetProperty("slugs").EnumerateArray().Select(e => e.GetString()!).ToList();

    public IReadOnlyList<string> Paths => Json.GetProperty("paths").EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>Whether the signature header is the HMAC-SHA256 of the body under <paramref name="secret"/>, checked as a receiver would.</summary>
    public bool IsSignedWith(string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));
        return Signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(Signature));
    }
}

/// <summary>
/// A webhook receiver on Kestrel on a free loopback port: records every <c>POST</c> and answers
/// what the test says (by default <c>204</c>), or waits before answering.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly Func<int, Task<int>> _answer;
    private int _requests;

    private WebhookReceiver(Func<int, Task<int>> answer)
    {
        _answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", HandleAsync);
    }

    /// <summary>The address to configure as a webhook.</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    /// <summary>The requests answered with a 2xx.</summary>
    public IReadOnlyList<ReceivedHook> Accepted => Received.Where(r => r.Status is >= 200 and < 300).ToList();

    /// <param name="answer">The status of the Nth request (from 1), awaited before answering.</param>
    public static async Task<WebhookReceiver> StartAsync(Func<int, Task<int>>? answer = null)
    {
        var receiver = new WebhookReceiver(answer ?? (_ => Task.FromResult(StatusCodes.Status204NoContent)));
        await receiver._app.StartAsync();
        receiver.Url = new Uri(new Uri(receiver._app.Urls.Single()), "/hook");
        return receiver;
    }

    /// <summary>A receiver that answers <paramref name="status"/> to every request.</summary>
    public static Task<WebhookReceiver> FailingAsync(int status = 500) => StartAsync(_ => Task.FromResult(status));

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var status = await _answer(Interlocked.Increment(ref _requests));
        _received.Enqueue(new ReceivedHook(
            body.ToArray(),
            context.Request.Headers["X-Blog-Signature"].FirstOrDefault(),
            context.Request.Headers["X-Blog-Event-Id"].FirstOrDefault(),
            context.Request.ContentType,
            status,
            DateTimeOffset.UtcNow));
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
