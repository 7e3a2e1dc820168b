using Azure.Core;
using Azure.Core.Pipeline;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// Sits in the Azure SDK pipeline after its retry policy, so it sees every HTTP attempt the
/// client sends, retries included (<see cref="StorageRequestPolicy"/> sees each logical call
/// once). When told, it makes the next attempts fail as a dropped connection does, which the
/// SDK's retry policy retries.
/// </summary>
public sealed class StorageAttemptPolicy : HttpPipelinePolicy
{
    private int _count;
    private int _toFail;
    private int _failed;

    /// <summary>HTTP attempts sent so far, retries included.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Attempts failed on purpose so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Makes the next <paramref name="attempts"/> attempts fail with a transient network error.</summary>
    public void FailNext(int attempts) => Volatile.Write(ref _toFail, attempts);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Attempt();
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Attempt();
        await ProcessNextAsync(message, pipeline);
    }

    private void Attempt()
    {
        Interlocked.Increment(ref _count);
        if (Interlocked.Decrement(ref _toFail) >= 0)
        {
            Interlocked.Increment(ref _failed);
            throw new IOException("Simulated transient failure: the connection was reset.");
        }

        Interlocked.Increment(ref _toFail); // undo: nothing was owed
    }
}
