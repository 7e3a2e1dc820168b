using Azure.Core;
using Azure.Core.Pipeline;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// Sits in the Azure SDK pipeline of the test clients: counts the storage requests they send
/// and, when told, fails every request from the Nth on, as a process that died at that point would.
/// </summary>
public sealed class StorageRequestPolicy : HttpPipelinePolicy
{
    private int _count;
    private int _failFrom = int.MaxValue;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Lets <paramref name="requests"/> more requests through, then fails all the others.</summary>
    public void FailAfter(int requests) => Volatile.Write(ref _failFrom, Count + requests);

    public void Heal() => Volatile.Write(ref _failFrom, int.MaxValue);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count_();
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count_();
        return ProcessNextAsync(message, pipeline);
    }

    private void Count_()
    {
        var number = Interlocked.Increment(ref _count);
        if (number > Volatile.Read(ref _failFrom))
        {
            throw new SimulatedCrashException(number);
        }
    }
}

public sealed class SimulatedCrashException(int request) : Exception($"Simulated crash before storage request {request}.");
