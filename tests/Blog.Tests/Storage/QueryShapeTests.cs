using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Storage;

/// <summary>The check every test's storage client applies to the queries the app sends.</summary>
public sealed class QueryShapeTests
{
    [Theory]
    [InlineData("PartitionKey eq 'list' and RowKey ge '0001' and RowKey lt ':' and ExpiresAt gt datetime'2026-11-28T12:00:00.0000000Z'")]
    [InlineData("PartitionKey eq 'list' and (RowKey ge '0001' and RowKey lt ':') and t_ai eq true and c_news eq true")]
    [InlineData("PartitionKey eq 'tags'")]
    [InlineData("PartitionKey eq 'search' and RowKey ge '03:' and RowKey lt '03;' and w00ff ge 0")]
    [InlineData("PartitionKey eq 'it''s' and RowKey gt 'a or b' and (Kind eq 'x' or Kind eq 'y')")]
    public void Range_seeks_pass(string filter) => Assert.Null(QueryShape.Violation(filter));

    [Theory]
    [InlineData("PartitionKey eq 'list' and (RowKey eq '!count' or (RowKey ge '0001' and RowKey lt ':'))", "under or")]
    [InlineData("PartitionKey eq 'tags' and (RowKey eq 'a' or RowKey eq 'b')", "under or")]
    [InlineData("RowKey ge 'a' and RowKey lt 'b'", "no top-level PartitionKey")]
    [InlineData("PartitionKey eq 'a' or PartitionKey eq 'b'", "no top-level PartitionKey")]
    [InlineData("PartitionKey eq 'list' and not (RowKey lt '1')", "under or/not")]
    [InlineData("PartitionKey eq 'list' and RowKey ne '!count'", "not a range")]
    [InlineData("PartitionKey eq 'list' and (RowKey ge '1'", "does not parse")]
    public void Scans_are_named(string filter, string reason) =>
        Assert.Contains(reason, QueryShape.Violation(filter), StringComparison.Ordinal);
}
