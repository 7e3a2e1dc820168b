using Azure.Core;
using Azure.Core.Pipeline;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// Sits in the Azure SDK pipeline of the test clients: counts the storage requests they send,
/// refuses any table query the service would answer with a scan rather than a key-range seek
/// (<see cref="QueryShape"/>: every test that queries storage checks this), and, when told,
/// fails every request from the Nth on, as a process that died at that point would.
/// </summary>
public sealed class StorageRequestPolicy : HttpPipelinePolicy
{
    private int _count;
    private int _entities;
    private int _failFrom = int.MaxValue;
    private int _refused;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Uri> _uris = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>Table entities the service has returned so far (query results and point reads).</summary>
    public int EntitiesRead => Volatile.Read(ref _entities);

    /// <summary>Requests refused as a crash so far: a crash point past the end of a run refuses none.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The address of every request sent so far, in order (a query's <c>$filter</c> and <c>$select</c> included).</summary>
    public IReadOnlyList<Uri> Uris => [.. _uris];

    /// <summary>Lets <paramref name="requests"/> more requests through, then fails all the others.</summary>
    public void FailAfter(int requests) => Volatile.Write(ref _failFrom, Count + requests);

    public void Heal() => Volatile.Write(ref _failFrom, int.MaxValue);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count_(message);
        ProcessNext(message, pipeline);
        CountEntities(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count_(message);
        await ProcessNextAsync(message, pipeline);
        CountEntities(message);
    }

    private void CountEntities(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 200 || message.Request.Method != RequestMethod.Get ||
            message.Response.Headers.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        using var document = System.Text.Json.JsonDocument.Parse(message.Response.Content);
        var root = document.RootElement;
        var entities = root.TryGetProperty("value", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Array
            ? value.GetArrayLength()
            : root.TryGetProperty("RowKey", out _) ? 1 : 0;
        Interlocked.Add(ref _entities, entities);
    }

    private void Count_(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (System.Web.HttpUtility.ParseQueryString(uri.Query)["$filter"] is { } filter && QueryShape.Violation(filter) is { } violation)
        {
            throw new NotARangeSeekException(filter, violation);
        }

        _uris.Enqueue(uri);
        var number = Interlocked.Increment(ref _count);
        if (number > Volatile.Read(ref _failFrom))
        {
            Interlocked.Increment(ref _refused);
            throw new SimulatedCrashException(number);
        }
    }
}

public sealed class SimulatedCrashException(int request) : Exception($"Simulated crash before storage request {request}.");

public sealed class NotARangeSeekException(string filter, string violation)
    : Exception($"A table query that is not a key-range seek ({violation}): {filter}");
