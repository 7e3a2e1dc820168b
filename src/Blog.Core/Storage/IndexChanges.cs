namespace Blog.Storage;

/// <summary>
/// Tells the readers of this instance that the index changed: the publisher raises it after
/// every publish, removal and takedown (a reindex publishes through it too).
/// </summary>
public sealed class IndexChanges
{
    private long _generation;

    /// <summary>Raised once per change; cached reads made before it are not served again.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Changed() => Interlocked.Increment(ref _generation);
}
