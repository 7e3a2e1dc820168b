using Blog.Operations;
using Microsoft.Azure.Functions.Worker;

namespace Blog.Functions.Management;

/// <summary>
/// The daily reconcile: the same work as <c>POST /api/manage/reindex</c>, on the schedule in the
/// <c>ReconcileSchedule</c> setting (NCRONTAB, default in the app settings: <c>0 30 3 * * *</c>).
/// Catches files the storage events missed: deletions, and blobs that existed before the subscription.
/// </summary>
public sealed class ReconcileFunction(Reindexer reindexer)
{
    [Function(nameof(Reconcile))]
    public Task Reconcile([TimerTrigger("%ReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reindexer.ReindexAsync(cancellationToken);
}
