using Blog.Notifications;
using Blog.Storage;

namespace Blog.Publishing;

/// <summary>
/// The change notification of a publish or removal. It is queued after the index holds the new
/// state and before the source row records it and releases the lock: a run cut off anywhere
/// before that record is done again by the retry, which queues the same event (same id) again.
/// </summary>
public sealed partial class ArticlePublisher
{
    /// <summary>
    /// After a publish: <c>published</c> when the file had no article in the index, else <c>updated</c>;
    /// <c>removed</c> when a public article became a draft; nothing when a draft stays out of sight.
    /// The kind and id depend only on what the source row held before this run (unchanged until
    /// step 6), so a retried run makes the same event.
    /// </summary>
    private Task NotifyPublishedAsync(SourceEntity source, PublishPlan plan, OwnedRows after, string blobETag, CancellationToken cancellationToken)
    {
        if (notifier is not { IsEnabled: true })
        {
            return Task.CompletedTask;
        }

        var wasPublic = plan.Old.Placements.Count > 0;
        if (plan.Article.Draft && !wasPublic)
        {
            return Task.CompletedTask;
        }

        var kind = plan.Article.Draft ? ChangeKind.Removed : source.ContentHash is null ? ChangeKind.Published : ChangeKind.Updated;
        var change = ChangeEvent.Create(plan.BlobName, kind, plan.Article.ContentHash + ":" + blobETag, [after, plan.Old], time.GetUtcNow());
        return notifier.EnqueueAsync(change, cancellationToken);
    }

    /// <summary>After a removal or takedown of a file whose content was live.</summary>
    private Task NotifyRemovedAsync(SourceEntity source, OwnedRows owned, bool takeDown, CancellationToken cancellationToken)
    {
        if (notifier is not { IsEnabled: true } || source.ContentHash is null)
        {
            return Task.CompletedTask;
        }

        var version = (takeDown ? "taken-down:" : "removed:") + source.ContentHash + ":" + source.BlobETag;
        var change = ChangeEvent.Create(source.BlobName, ChangeKind.Removed, version, [owned], time.GetUtcNow());
        return notifier.EnqueueAsync(change, cancellationToken);
    }
}
