using Azure;
using Azure.Data.Tables;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>Whether the index answers: one small read.</summary>
public sealed class HealthCheck(BlogStore store)
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.Table.GetEntityIfExistsAsync<TableEntity>(
                BlogKeys.SourcePartition, "health-probe", select: [nameof(ITableEntity.RowKey)], cancellationToken: timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
