using Blog.Articles;

namespace Blog.Storage;

/// <summary>
/// The one owner of the index schema: its version, and the list of every stored shape.
/// <para>
/// <b>One version for shapes and rules.</b> <see cref="Version"/> is part of every content hash
/// (<see cref="HashPrefix"/>). A reindex republishes every file whose stored hash carries
/// another version, even when its bytes did not change, and that rewrites every row made from
/// the file: head, redirects, list entries, member rows, summaries. This is the only way stored
/// data follows a change, whether the change is to a stored shape or to the rules that turn a
/// file into stored content, so both are one number: two would both have to be in the hash.
/// </para>
/// <para>
/// <b>Bump <see cref="Version"/> when</b>
/// <list type="bullet">
/// <item>a column of a row type in <see cref="RowTypes"/> is added, removed, renamed or changes type;</item>
/// <item>a property of a stored JSON record in <see cref="StoredJson"/> (summary, details, tally, owned sets) changes;</item>
/// <item>the same file bytes would now compile to other stored content: rendering, sanitising,
/// front matter, slug, excerpt or summary rules.</item>
/// </list>
/// The first two are checked by a test that keeps a fingerprint of the shapes next to the version;
/// the third is a judgement the change's author makes. Keys are owned by <see cref="BlogKeys"/>;
/// a change of key layout needs more than a bump (old rows would stay behind under old keys).
/// </para>
/// </summary>
public static class IndexSchema
{
    /// <summary>The schema and rules version; see the type's summary for when to raise it.</summary>
    public const string Version = "10";

    /// <summary>How every content hash made under the current version begins.</summary>
    public const string HashPrefix = "r" + Version + "-";

    /// <summary>Stored for "no expiry": Table Storage has no null for a filterable instant.</summary>
    public static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every kind of row the index writes: each declares its columns (as properties or <see cref="Column"/> fields).</summary>
    public static readonly IReadOnlyList<Type> RowTypes =
    [
        typeof(SourceEntity),
        typeof(IngestErrorEntity),
        typeof(ClaimRow),
        typeof(HeadRow),
        typeof(ListEntryRow),
        typeof(ListMemberRow),
        typeof(ListCountRow),
        typeof(TaxonomyRow),
        typeof(AuthorProfileRow),
        typeof(SearchRow),
    ];

    /// <summary>The records stored as JSON inside columns.</summary>
    public static readonly IReadOnlyList<Type> StoredJson =
    [
        typeof(ArticleSummary),
        typeof(ArticleDetails),
        typeof(VisibilityTally),
        typeof(List<string>),
    ];
}
