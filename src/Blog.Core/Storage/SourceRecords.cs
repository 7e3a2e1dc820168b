using System.Diagnostics;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Blog.Publishing;
using Microsoft.Extensions.Logging;

namespace Blog.Storage;

/// <summary>
/// The <c>source</c> rows (<see cref="SourceEntity"/>) and the lock each one carries, so that one
/// operation at a time works on a file. Every save is guarded by the row's ETag: a row changed
/// meanwhile fails the save with <see cref="SourceChangedException"/>, and the operation starts over.
/// A lock whose holder died expires, and the next operation takes over and finishes its work.
/// </summary>
public sealed partial class SourceRecords(TableClient table, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    public async Task<SourceEntity?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<SourceEntity>(
            BlogKeys.SourcePartition, BlogKeys.SourceRow(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Reads the file's record once nobody holds its lock; takes an expired lock over.
    /// </summary>
    /// <exception cref="PublishBusyException">Another operation kept the lock for longer than the wait.</exception>
    public async Task<SourceEntity?> ReadUnlockedAsync(string blobName, CancellationToken cancellationToken)
    {
        var source = await ReadAsync(blobName, cancellationToken).ConfigureAwait(false);

        // Waiting is measured in real time; whether a lock has expired, on the blog's clock.
        var waited = Stopwatch.StartNew();
        while (source?.LockId is not null)
        {
            if (source.LockUntil is null || source.LockUntil <= time.GetUtcNow())
            {
                // The operation that held the lock died; this run finishes its work.
                LogTakeOver(logger, blobName);
                Unlock(source);
                ForgetHashes(source);
                return source;
            }

            if (waited.Elapsed >= LockWait)
            {
                throw new PublishBusyException(blobName);
            }

            await Task.Delay(LockPoll, cancellationToken).ConfigureAwait(false);
            source = await ReadAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        return source;
    }

    /// <summary>
    /// Saves <paramref name="source"/> with a lock taken, runs <paramref name="work"/>, and gives the
    /// lock back if the work fails (a cancelled reindex, a storage error) so the next run need not
    /// wait for it to expire. The work itself releases the lock with its last save. The save that
    /// takes the lock is inside the guarded part too: cancelled after the service applied it, it
    /// would otherwise leave a lock that nobody releases.
    /// </summary>
    public async Task<T> WhileLockedAsync<T>(SourceEntity source, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        source.LockId = Guid.NewGuid().ToString("N");
        source.LockUntil = time.GetUtcNow() + LockDuration;
        try
        {
            await SaveAsync(source, cancellationToken).ConfigureAwait(false);
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SourceChangedException)
        {
            await ReleaseAsync(source).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Clears the lock fields; the next save releases the lock.</summary>
    public static void Unlock(SourceEntity source)
    {
        source.LockId = null;
        source.LockUntil = null;
    }

    /// <summary>Adds or replaces the row, guarded by its ETag, and remembers the new ETag.</summary>
    /// <exception cref="SourceChangedException">The row was changed or created meanwhile.</exception>
    public async Task SaveAsync(SourceEntity source, CancellationToken cancellationToken)
    {
        try
        {
            var response = source.ETag == default
                ? await table.AddEntityAsync(source, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(source, source.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            source.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            throw new SourceChangedException(source.BlobName);
        }
    }

    public Task<Response> DeleteAsync(SourceEntity source, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(source, source.ETag, cancellationToken);

    /// <summary>Notes the blob's ETag when the same bytes were uploaded again, so reindex can skip it without reading it.</summary>
    public async Task RememberETagAsync(SourceEntity source, string etag, CancellationToken cancellationToken)
    {
        if (source.BlobETag != etag)
        {
            source.BlobETag = etag;
            await SaveAsync(source, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Best effort: if this fails too, the lock expires.</summary>
    private async Task ReleaseAsync(SourceEntity source)
    {
        try
        {
            var current = await ReadAsync(source.BlobName, CancellationToken.None).ConfigureAwait(false);
            if (current is not null && current.LockId == source.LockId && current.LockId is not null)
            {
                Unlock(current);
                ForgetHashes(current);
                await SaveAsync(current, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogLockNotReleased(logger, source.BlobName, ex);
        }
    }

    /// <summary>
    /// After an interrupted run some rows may hold a version the hashes do not describe: forget
    /// them, so the next run of any content takes the full path and reconciles every row.
    /// </summary>
    private static void ForgetHashes(SourceEntity source)
    {
        source.ContentHash = null;
        source.RefusedHash = null;
        source.BlobETag = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over {BlobName} from an operation whose lock expired")]
    private static partial void LogTakeOver(ILogger logger, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lock on {BlobName}; it expires by itself")]
    private static partial void LogLockNotReleased(ILogger logger, string blobName, Exception exception);
}

/// <summary>The source row changed under a publish; the publish starts over.</summary>
public sealed class SourceChangedException(string blobName) : Exception($"The record of '{blobName}' changed meanwhile.");
