using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>
/// One named, typed property of a table row. Row types (<see cref="HeadRow"/>, <see cref="ListEntryRow"/>
/// and the others next to <see cref="BlogKeys"/>) declare their columns as static fields of these
/// types, so a column's name is spelled once and <see cref="IndexSchema"/> can list every stored shape.
/// </summary>
public abstract record Column(string Name, Type ClrType);

/// <summary>A string property.</summary>
public sealed record TextColumn(string Name) : Column(Name, typeof(string))
{
    /// <summary>The value; null at run time when the row lacks the column, as with <see cref="TableEntity.GetString"/>.</summary>
    public string Get(TableEntity row) => row.GetString(Name);

    public void Set(TableEntity row, string? value) => row[Name] = value;
}

/// <summary>A boolean property.</summary>
public sealed record FlagColumn(string Name) : Column(Name, typeof(bool))
{
    public bool? Get(TableEntity row) => row.GetBoolean(Name);

    public void Set(TableEntity row, bool value) => row[Name] = value;
}

/// <summary>An instant (<c>Edm.DateTime</c>).</summary>
public sealed record MomentColumn(string Name) : Column(Name, typeof(DateTimeOffset))
{
    public DateTimeOffset? Get(TableEntity row) => row.GetDateTimeOffset(Name);

    public void Set(TableEntity row, DateTimeOffset? value) => row[Name] = value;
}

/// <summary>A 32-bit integer property.</summary>
public sealed record Int32Column(string Name) : Column(Name, typeof(int))
{
    public int? Get(TableEntity row) => row.GetInt32(Name);

    public void Set(TableEntity row, int value) => row[Name] = value;
}

/// <summary>A 64-bit integer property.</summary>
public sealed record Int64Column(string Name) : Column(Name, typeof(long))
{
    public long? Get(TableEntity row) => row.GetInt64(Name);

    public void Set(TableEntity row, long value) => row[Name] = value;
}

/// <summary>String properties named by a prefix and a number: <c>Html0</c>, <c>Html1</c>, …</summary>
public sealed record TextSeries(string Prefix) : Column(Prefix + "{n}", typeof(string))
{
    public string At(int index) => Prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Boolean properties named by a prefix and a slug (dashes as underscores): <c>t_ai_talent</c>.</summary>
public sealed record FlagSeries(string Prefix) : Column(Prefix + "{slug}", typeof(bool))
{
    public string For(string slug) => Prefix + slug.Replace('-', '_');
}

/// <summary>Integer properties named by a prefix and a term's hash: <c>w0f3a…</c> (see <see cref="BlogKeys.SearchColumn"/>).</summary>
public sealed record TermSeries() : Column("w{hash}", typeof(int))
{
    public static string For(string term) => BlogKeys.SearchColumn(term);
}
