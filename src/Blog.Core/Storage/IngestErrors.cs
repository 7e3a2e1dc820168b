using Azure;
using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>The <c>ingest-error</c> partition: why each file's last upload was refused (<see cref="IngestErrorEntity"/>).</summary>
public sealed class IngestErrors(TableClient table)
{
    public Task<Response> WriteAsync(IngestErrorEntity error, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(error, TableUpdateMode.Replace, cancellationToken);

    public async Task<IngestErrorEntity?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        var error = await table.GetEntityIfExistsAsync<IngestErrorEntity>(
            BlogKeys.IngestErrorPartition, BlogKeys.IngestErrorRow(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return error.HasValue ? error.Value : null;
    }

    public async Task<List<IngestErrorEntity>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var errors = new List<IngestErrorEntity>();
        await foreach (var row in table.QueryAsync<IngestErrorEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {BlogKeys.IngestErrorPartition}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            errors.Add(row);
        }

        return errors;
    }

    // Deleting a row that is not there succeeds: the table client does not fail on 404 for deletes.
    public Task<Response> DeleteAsync(string blobName, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(BlogKeys.IngestErrorPartition, BlogKeys.IngestErrorRow(blobName), ETag.All, cancellationToken);
}
