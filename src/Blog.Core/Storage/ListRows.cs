using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;

namespace Blog.Storage;

/// <summary>An article's entry in a list (<c>{inverted publish ticks}:{slug}</c>): its summary, moments and tag/category flags.</summary>
public static class ListEntryRow
{
    public static readonly TextColumn Slug = new("Slug");
    public static readonly TextColumn Summary = new("Summary");
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");
    public static readonly TextColumn Version = new("Version");

    /// <summary>The filterable property that marks an entry as carrying a tag.</summary>
    public static readonly FlagSeries TagFlag = new("t_");

    /// <summary>The filterable property that marks an entry as in a category.</summary>
    public static readonly FlagSeries CategoryFlag = new("c_");

    public static TableEntity Create(Scope scope, string rowKey, ListEntry entry)
    {
        var row = new TableEntity(scope.PartitionKey, rowKey);
        Slug.Set(row, entry.Slug);
        Summary.Set(row, entry.SummaryJson);
        PublishedAt.Set(row, entry.Moments.PublishedAt);
        ExpiresAt.Set(row, entry.Moments.ExpiresAt ?? IndexSchema.NoExpiry);
        Version.Set(row, entry.Version);
        foreach (var tag in entry.TagSlugs)
        {
            row[TagFlag.For(tag)] = true;
        }

        foreach (var category in entry.CategorySlugs)
        {
            row[CategoryFlag.For(category)] = true;
        }

        return row;
    }

    /// <summary>The filter condition on entries not expired at <paramref name="now"/>.</summary>
    public static string NotExpiredAt(DateTimeOffset now) => ExpiresAt.Name + " gt " + TableClient.CreateQueryFilter($"{now}");

    /// <summary>Whether the entry carries the flag <paramref name="flag"/> (a <see cref="TagFlag"/> or <see cref="CategoryFlag"/> name).</summary>
    public static bool Has(TableEntity row, string flag) => row.GetBoolean(flag) == true;
}

/// <summary>The <c>~member:{slug}</c> row of a list: where the article's entry is, under which version and moments.</summary>
public static class ListMemberRow
{
    public static readonly TextColumn EntryRow = new("EntryRow");
    public static readonly TextColumn Version = new("Version");
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");

    public static TableEntity Create(Scope scope, string slug, string entryRow, string version, Moments moments)
    {
        var row = new TableEntity(scope.PartitionKey, BlogKeys.MemberRow(slug));
        EntryRow.Set(row, entryRow);
        Version.Set(row, version);
        PublishedAt.Set(row, moments.PublishedAt);
        ExpiresAt.Set(row, moments.ExpiresAt);
        return row;
    }

    public static Moments ReadMoments(TableEntity row) =>
        new(PublishedAt.Get(row) ?? DateTimeOffset.MinValue, ExpiresAt.Get(row));
}

/// <summary>The <c>!count</c> row of a list: its visibility tally, the tally's version and the scope's display name.</summary>
public static class ListCountRow
{
    public static readonly TextColumn Tally = new("Tally");
    public static readonly Int64Column Version = new("Version");
    public static readonly TextColumn Name = new("Name");

    public static TableEntity Create(Scope scope, VisibilityTally tally, string? name, long version)
    {
        var row = new TableEntity(scope.PartitionKey, BlogKeys.CountRow);
        Tally.Set(row, WriteTally(tally));
        Version.Set(row, version);
        if (name is not null)
        {
            Name.Set(row, name);
        }

        return row;
    }

    public static VisibilityTally ReadTally(TableEntity? row) => ReadTally(row is null ? null : Tally.Get(row));

    internal static VisibilityTally ReadTally(string? json) =>
        json is not null
            ? JsonSerializer.Deserialize(json, BlogJson.Context.VisibilityTally) ?? new VisibilityTally()
            : new VisibilityTally();

    internal static string WriteTally(VisibilityTally tally) => JsonSerializer.Serialize(tally, BlogJson.Context.VisibilityTally);
}

/// <summary>A <c>tags</c> or <c>categories</c> row: a copy of one list's name and tally, for the taxonomy lists.</summary>
public static class TaxonomyRow
{
    public static readonly TextColumn Name = new("Name");
    public static readonly TextColumn Tally = new("Tally");
    public static readonly Int64Column Version = new("Version");

    public static TableEntity Create(string partition, string slug, string name, VisibilityTally tally, long version)
    {
        var row = new TableEntity(partition, slug);
        Name.Set(row, name);
        Tally.Set(row, ListCountRow.WriteTally(tally));
        Version.Set(row, version);
        return row;
    }

    public static VisibilityTally ReadTally(TableEntity row) => ListCountRow.ReadTally(Tally.Get(row));

    /// <summary>The display name, or the slug when the row has none.</summary>
    public static string ReadName(TableEntity row) => Name.Get(row) ?? row.RowKey;
}
