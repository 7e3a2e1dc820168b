using Azure.Data.Tables;
using Blog.Publishing;
using Blog.Storage;
using Microsoft.Extensions.Logging;

namespace Blog.Operations;

/// <summary>What a reindex did.</summary>
public sealed record ReindexResult(int Published, int Unchanged, int Removed, int Failed);

/// <summary>
/// Brings the index in line with the posts container: publishes new and changed files, skips
/// unchanged ones, removes the articles of files that are gone. It goes through the one
/// publishing code path, file by file, with bounded parallelism; every step is idempotent, so
/// a reindex cut off halfway is finished by the next one.
/// </summary>
public sealed partial class Reindexer(BlogStore store, ArticlePublisher publisher, ILogger<Reindexer> logger)
{
    /// <summary>Files handled at once.</summary>
    public const int Parallelism = 16;

    public async Task<ReindexResult> ReindexAsync(CancellationToken cancellationToken = default)
    {
        var unchangedProfiles = 0;

        // What the index knows of each file, to skip blobs whose ETag it has already handled.
        var sources = new Dictionary<string, SourceEntity>(StringComparer.Ordinal);
        await foreach (var source in store.Table.QueryAsync<SourceEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {BlogKeys.SourcePartition}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sources[source.BlobName] = source;
        }

        // Author profiles: each file whose ETag differs from its row's, and each row whose file is gone.
        var profiles = (await publisher.Profiles.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(AuthorProfileRow.BlobName.Get, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => AuthorProfileRow.BlobETag.Get(g.First()), StringComparer.Ordinal);
        var blobs = new List<(string Name, string ETag)>();
        await foreach (var blob in store.Posts.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var etag = blob.Properties.ETag?.ToString().Trim('"') ?? string.Empty;
            if (ArticleCompiler.IsMarkdown(blob.Name) || (AuthorProfiles.IsProfile(blob.Name) && profiles.GetValueOrDefault(blob.Name) != etag))
            {
                blobs.Add((blob.Name, etag));
            }
            else if (AuthorProfiles.IsProfile(blob.Name))
            {
                profiles.Remove(blob.Name);
                unchangedProfiles++;
            }
        }

        int published = 0, unchanged = unchangedProfiles, removed = 0, failed = 0;
        await Parallel.ForEachAsync(
            blobs,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (blob, ct) =>
            {
                if (sources.TryGetValue(blob.Name, out var known) && known.BlobETag == blob.ETag && known.LockId is null &&
                    (known.TakenDownHash is not null || (known.ContentHash ?? known.RefusedHash)?.StartsWith(publisher.HashPrefix, StringComparison.Ordinal) == true))
                {
                    Interlocked.Increment(ref unchanged);
                    return;
                }

                try
                {
                    var result = await publisher.PublishAsync(blob.Name, ct).ConfigureAwait(false);
                    _ = result.Outcome switch
                    {
                        PublishOutcome.Published => Interlocked.Increment(ref published),
                        PublishOutcome.Refused => Interlocked.Increment(ref failed),
                        PublishOutcome.Removed => Interlocked.Increment(ref removed),
                        _ => Interlocked.Increment(ref unchanged),
                    };
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogFailed(blob.Name, ex);
                }
            }).ConfigureAwait(false);

        var present = blobs.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var gone = sources.Keys.Concat(profiles.Keys).Where(name => !present.Contains(name)).Distinct().ToList();
        await Parallel.ForEachAsync(
            gone,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (name, ct) =>
            {
                try
                {
                    await (AuthorProfiles.IsProfile(name)
                        ? publisher.Profiles.RemoveAsync(name, ct)
                        : publisher.RemoveAsync(name, ct)).ConfigureAwait(false);
                    Interlocked.Increment(ref removed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogFailed(name, ex);
                }
            }).ConfigureAwait(false);

        var result = new ReindexResult(published, unchanged, removed, failed);
        LogReindexed(result.Published, result.Unchanged, result.Removed, result.Failed);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reindexed: {Published} published, {Unchanged} unchanged, {Removed} removed, {Failed} failed")]
    private partial void LogReindexed(int published, int unchanged, int removed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reindexing {BlobName} failed")]
    private partial void LogFailed(string blobName, Exception exception);
}
