using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;

namespace Blog.Storage;

/// <summary>
/// An article's entry in a list (<c>{inverted publish ticks}:{slug}</c>): its summary, moments,
/// tag/category flags, and its HTML when short enough (at most <see cref="MaxInlineHtmlChunks"/>
/// chunks), so a feed is served from the list alone. Readers that do not need the HTML select
/// the columns they need and never transfer it.
/// </summary>
public static class ListEntryRow
{
    /// <summary>Most chunks of <see cref="HeadRow.HtmlChunkLength"/> characters of HTML an entry carries.</summary>
    public const int MaxInlineHtmlChunks = 2;

    public static readonly TextColumn Slug = new("Slug");
    public static readonly TextColumn Summary = new("Summary");
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn UpdatedAt = new("UpdatedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");
    public static readonly TextColumn Version = new("Version");

    /// <summary>How many <see cref="Html"/> chunks the entry carries; absent when the HTML is too long to carry.</summary>
    public static readonly Int32Column HtmlChunks = new("HtmlChunks");

    public static readonly TextSeries Html = new("Html");

    /// <summary>The blob holding the HTML when the head row does not (longest articles); absent otherwise.</summary>
    public static readonly TextColumn HtmlBlob = new("HtmlBlob");

    /// <summary>Every column that may hold the entry's HTML or say where it is.</summary>
    public static IEnumerable<string> HtmlColumns =>
        new[] { HtmlChunks.Name, HtmlBlob.Name }.Concat(Enumerable.Range(0, MaxInlineHtmlChunks).Select(Html.At));

    /// <summary>The filterable property that marks an entry as carrying a tag.</summary>
    public static readonly FlagSeries TagFlag = new("t_");

    /// <summary>The filterable property that marks an entry as in a category.</summary>
    public static readonly FlagSeries CategoryFlag = new("c_");

    /// <summary>The filterable property that marks an entry as written by an author.</summary>
    public static readonly FlagSeries AuthorFlag = new("a_");

    /// <summary>The article's place in a series, on the entries of a series' list when the front matter gives one.</summary>
    public static readonly Int32Column SeriesOrder = new("SeriesOrder");

    public static TableEntity Create(Scope scope, string rowKey, ListEntry entry)
    {
        var row = new TableEntity(scope.PartitionKey, rowKey);
        Slug.Set(row, entry.Slug);
        Summary.Set(row, entry.SummaryJson);
        PublishedAt.Set(row, entry.Moments.PublishedAt);
        ExpiresAt.Set(row, entry.Moments.ExpiresAt ?? IndexSchema.NoExpiry);
        Version.Set(row, entry.Version);
        if (entry.UpdatedAt is { } updatedAt)
        {
            UpdatedAt.Set(row, updatedAt);
        }

        if (entry.Html is { } html && html.Length <= MaxInlineHtmlChunks * HeadRow.HtmlChunkLength)
        {
            var chunks = 0;
            for (var start = 0; start < html.Length; start += HeadRow.HtmlChunkLength)
            {
                row[Html.At(chunks++)] = html.Substring(start, Math.Min(HeadRow.HtmlChunkLength, html.Length - start));
            }

            HtmlChunks.Set(row, chunks);
        }
        else if (entry.HtmlBlob is not null)
        {
            HtmlBlob.Set(row, entry.HtmlBlob);
        }

        foreach (var tag in entry.TagSlugs)
        {
            row[TagFlag.For(tag)] = true;
        }

        foreach (var category in entry.CategorySlugs)
        {
            row[CategoryFlag.For(category)] = true;
        }

        foreach (var author in entry.AuthorSlugs)
        {
            row[AuthorFlag.For(author)] = true;
        }

        if (entry.SeriesOrder is { } order)
        {
            SeriesOrder.Set(row, order);
        }

        return row;
    }

    /// <summary>The filter condition on entries not expired at <paramref name="now"/>.</summary>
    public static string NotExpiredAt(DateTimeOffset now) => ExpiresAt.Name + " gt " + TableClient.CreateQueryFilter($"{now}");

    /// <summary>The filter condition on entries published at or before <paramref name="now"/> (the tally row always passes it).</summary>
    public static string PublishedAtOrBefore(DateTimeOffset now) => PublishedAt.Name + " le " + TableClient.CreateQueryFilter($"{now}");

    /// <summary>The HTML the entry carries, or null when it is too long (then the head row or <see cref="HtmlBlob"/> holds it).</summary>
    public static string? InlineHtml(TableEntity row)
    {
        if (HtmlChunks.Get(row) is not { } chunks)
        {
            return null;
        }

        var html = new StringBuilder(chunks * HeadRow.HtmlChunkLength);
        for (var i = 0; i < chunks; i++)
        {
            html.Append(row.GetString(Html.At(i)));
        }

        return html.ToString();
    }

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

    /// <summary>
    /// Moments that pass every visibility filter of the entries, so a first page reads the tally
    /// in its range query: published at the dawn of the table's dates, never expiring.
    /// </summary>
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");

    /// <summary>The earliest instant Table Storage stores.</summary>
    public static readonly DateTimeOffset Always = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TableEntity Create(Scope scope, VisibilityTally tally, string? name, long version)
    {
        var row = new TableEntity(scope.PartitionKey, BlogKeys.CountRow);
        PublishedAt.Set(row, Always);
        ExpiresAt.Set(row, IndexSchema.NoExpiry);
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
