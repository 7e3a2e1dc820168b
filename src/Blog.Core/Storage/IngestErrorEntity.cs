using Azure;
using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>Why the last upload of a file was refused.</summary>
public sealed class IngestErrorEntity : ITableEntity
{
    public string PartitionKey { get; set; } = BlogKeys.IngestErrorPartition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string BlobName { get; set; } = string.Empty;

    public string Error { get; set; } = string.Empty;

    public int? Line { get; set; }

    public DateTimeOffset At { get; set; }

    public static IngestErrorEntity Create(string blobName, string error, int? line, DateTimeOffset at) => new()
    {
        RowKey = BlogKeys.IngestErrorRow(blobName),
        BlobName = blobName,
        Error = error,
        Line = line,
        At = at,
    };
}
