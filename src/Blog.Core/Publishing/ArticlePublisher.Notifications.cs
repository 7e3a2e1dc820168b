using Blog.Notifications;
using Blog.Storage;

namespace Blog.Publishing;

/// <summary>
/// The change notification of a publish or removal. Its kind and id are worked out before the
/// first write and recorded on the source row with the lock (<see cref="SourceEntity.PendingChange"/>);
/// the event is queued after the index holds the new state and before the source row records it
/// and releases the lock. A run cut off anywhere before that record is finished by a retry that
/// queues the very same event again (same kind, same id), whatever the retry finds of the hashes.
/// </summary>
public sealed partial class ArticlePublisher
{
    /// <summary>
    /// Before a publish: <c>published</c> when the file had no article in the index, else
    /// <c>updated</c>; <c>removed</c> when a public article becomes a draft; nothing when a draft
    /// stays out of sight. A pending change of the same content and upload (a run cut off) is kept.
    /// </summary>
    private void RecordPublishChange(SourceEntity source, PublishPlan plan, string blobETag)
    {
        if (notifier is not { IsEnabled: true })
        {
            return;
        }

        var version = plan.Article.ContentHash + ":" + blobETag;
        if (Pending(source) is { } pending && pending.Version == version)
        {
            return;
        }

        var wasPublic = plan.Old.Placements.Count > 0;
        var kind = plan.Article.Draft
            ? (wasPublic ? ChangeKind.Removed : null)
            : source.ContentHash is null ? ChangeKind.Published : ChangeKind.Updated;
        source.PendingChange = kind is null ? null : $"{kind} {ChangeEvent.MakeId(plan.BlobName, kind, version)} {version}";
    }

    /// <summary>Before a removal or takedown of a file with a public article; a pending removal of the same kind is kept.</summary>
    private void RecordRemovalChange(SourceEntity source, bool takeDown)
    {
        if (notifier is not { IsEnabled: true })
        {
            return;
        }

        var marker = takeDown ? "taken-down:" : "removed:";
        if (Pending(source) is { } pending && pending.Version.StartsWith(marker, StringComparison.Ordinal))
        {
            return;
        }

        // After a crash the hashes are forgotten: a version of its own still tells this removal from later ones.
        var version = marker + (source.ContentHash is { } hash ? hash + ":" + source.BlobETag : Guid.NewGuid().ToString("N"));
        source.PendingChange = source.ReadOwned().Placements.Count == 0
            ? null
            : $"{ChangeKind.Removed} {ChangeEvent.MakeId(source.BlobName, ChangeKind.Removed, version)} {version}";
    }

    /// <summary>Queues the pending change, if any, with the rows the file owned before and after (new first).</summary>
    private Task NotifyAsync(SourceEntity source, IReadOnlyList<OwnedRows> rows, CancellationToken cancellationToken) =>
        notifier is { IsEnabled: true } && Pending(source) is { } pending
            ? notifier.EnqueueAsync(ChangeEvent.Create(pending.Id, pending.Kind, rows, time.GetUtcNow()), cancellationToken)
            : Task.CompletedTask;

    private static (string Kind, string Id, string Version)? Pending(SourceEntity source) =>
        source.PendingChange?.Split(' ', 3) is [var kind, var id, var version] ? (kind, id, version) : null;
}
