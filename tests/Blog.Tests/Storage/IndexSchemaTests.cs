using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Storage;
using Xunit;

namespace Blog.Tests.Storage;

/// <summary>
/// Stored shapes change only with <see cref="IndexSchema.Version"/>: the fingerprint of every row
/// type's columns and of every stored JSON record is recorded here next to the version it belongs to.
/// </summary>
public sealed class IndexSchemaTests
{
    /// <summary>The version the fingerprint below was recorded for.</summary>
    private const string RecordedVersion = "10";

    private const string RecordedFingerprint = "9db27e7dbebeafa7";

    [Fact]
    public void Stored_shapes_match_the_fingerprint_recorded_for_the_schema_version()
    {
        var description = Describe(IndexSchema.RowTypes, IndexSchema.StoredJson);
        var fingerprint = Fingerprint(description);
        Assert.True(
            fingerprint == RecordedFingerprint && IndexSchema.Version == RecordedVersion,
            $"The stored shapes have fingerprint {fingerprint} under IndexSchema.Version {IndexSchema.Version}; this test records " +
            $"{RecordedFingerprint} for version {RecordedVersion}. If a shape changed, bump IndexSchema.Version and record the new " +
            $"fingerprint (and version) in {nameof(IndexSchemaTests)}. The shapes now:\n{description}");
    }

    [Fact]
    public void Every_row_type_of_the_storage_namespace_is_part_of_the_schema()
    {
        var rowTypes = typeof(IndexSchema).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(IndexSchema).Namespace && (typeof(ITableEntity).IsAssignableFrom(t) || Columns(t).Any()))
            .ToHashSet();
        Assert.Equal(rowTypes.OrderBy(t => t.Name), IndexSchema.RowTypes.OrderBy(t => t.Name));
    }

    [Fact]
    public void The_fingerprint_follows_column_names_types_and_stored_json()
    {
        var rows = IndexSchema.RowTypes;
        var json = IndexSchema.StoredJson;
        var baseline = Describe(rows, json);

        Assert.NotEqual(baseline, Describe(rows.Where(t => t != typeof(ClaimRow)).ToList(), json));
        Assert.NotEqual(baseline, Describe(rows, json.Where(t => t != typeof(ArticleDetails)).ToList()));
        Assert.Contains("ClaimRow.Owner: Owner System.String", baseline, StringComparison.Ordinal);
        Assert.Contains("SourceEntity.LockUntil: System.DateTimeOffset?", baseline, StringComparison.Ordinal);
        Assert.Contains("HeadRow.Html: Html{n} System.String", baseline, StringComparison.Ordinal);
        Assert.Contains("ArticleSummary.readingTimeMinutes: System.Int32", baseline, StringComparison.Ordinal);
        Assert.Contains("VisibilityTally.pending: System.Collections.Generic.Dictionary`2[System.String,Blog.Storage.Moments]", baseline, StringComparison.Ordinal);
        Assert.Contains("Moments.expiresAt: System.DateTimeOffset?", baseline, StringComparison.Ordinal);
    }

    /// <summary>One line per stored column and JSON property, sorted: <c>{type}.{member}: {stored name} {CLR type}</c>.</summary>
    private static string Describe(IReadOnlyList<Type> rowTypes, IReadOnlyList<Type> storedJson)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in rowTypes)
        {
            if (typeof(ITableEntity).IsAssignableFrom(type))
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (typeof(ITableEntity).GetProperty(property.Name) is null)
                    {
                        lines.Add($"{type.Name}.{property.Name}: {TypeName(property.PropertyType)}");
                    }
                }
            }

            foreach (var (field, column) in Columns(type))
            {
                lines.Add($"{type.Name}.{field}: {column.Name} {TypeName(column.ClrType)}");
            }
        }

        var seen = new HashSet<Type>();
        foreach (var type in storedJson)
        {
            DescribeJson(type, lines, seen);
        }

        return string.Join('\n', lines);
    }

    private static void DescribeJson(Type type, SortedSet<string> lines, HashSet<Type> seen)
    {
        if (!seen.Add(type) || BlogJson.Context.GetTypeInfo(type) is not { } info)
        {
            return;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) != true))
                {
                    lines.Add($"{TypeName(type)}.{property.Name}: {TypeName(property.PropertyType)}");
                    DescribeJson(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, lines, seen);
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                lines.Add($"{TypeName(type)}[]: {TypeName(info.ElementType!)}");
                DescribeJson(info.ElementType!, lines, seen);
                break;
            case JsonTypeInfoKind.Dictionary:
                lines.Add($"{TypeName(type)}{{}}: {TypeName(info.KeyType!)} -> {TypeName(info.ElementType!)}");
                DescribeJson(info.ElementType!, lines, seen);
                break;
            default:
                break;
        }
    }

    private static IEnumerable<(string Field, Column Column)> Columns(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(Column).IsAssignableFrom(f.FieldType))
            .Select(f => (f.Name, (Column)f.GetValue(null)!));

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? TypeName(underlying) + "?" : type.IsGenericType ? type.ToString() : type.FullName!;

    private static string Fingerprint(string description) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)).AsSpan(0, 8));
}
