using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Blog.Storage;

/// <summary>
/// The layout of the index table; no other type builds a key. Every key is made of slugs
/// (<c>a-z0-9-</c>), fixed words and hex digits, so no user input reaches a key raw.
/// <list type="table">
/// <item><term><c>article:{slug}</c> / <c>head</c></term><description>the article (or a redirect), one point read</description></item>
/// <item><term><c>article:{slug}</c> / <c>claim</c></term><description>which file owns the slug</description></item>
/// <item><term><c>list</c>, <c>list:tag:{slug}</c>, <c>list:category:{slug}</c></term><description>
/// one row per article, <c>{inverted publish ticks}:{slug}</c>, newest first; <c>!count</c> holds the
/// visibility tally; <c>~member:{slug}</c> records where the article's row is</description></item>
/// <item><term><c>list:author:{slug}</c>, <c>list:series:{slug}</c></term><description>the same, per author and per series</description></item>
/// <item><term><c>tags</c> / <c>categories</c> / <c>authors</c> with RowKey <c>{slug}</c></term><description>names and tallies for the taxonomy lists</description></item>
/// <item><term><c>authors</c> / <c>{slug}!profile</c></term><description>an author's profile (name, bio, avatar), beside the author's tally row</description></item>
/// <item><term><c>source</c> / <c>{hash of blob name}</c></term><description>what was last done with each file</description></item>
/// <item><term><c>ingest-error</c> / <c>{hash of blob name}</c></term><description>why a file's last upload was refused</description></item>
/// </list>
/// The search rows live in a table of their own (<see cref="BlogStore.SearchTable"/>):
/// <list type="table">
/// <item><term><c>search</c> / <c>{bucket:00}:{slug}</c></term><description><see cref="SearchBuckets"/> rows per
/// visible or scheduled article, each holding the article's terms of one bucket as columns
/// (<see cref="SearchColumn"/>), so a word is one range read of its bucket's rows</description></item>
/// </list>
/// </summary>
public static class BlogKeys
{
    public const string HeadRow = "head";
    public const string ClaimRow = "claim";
    public const string CountRow = "!count";
    public const string SourcePartition = "source";
    public const string IngestErrorPartition = "ingest-error";
    public const string TagsPartition = "tags";
    public const string CategoriesPartition = "categories";
    public const string AuthorsPartition = "authors";

    /// <summary>Upper bound (exclusive) of list-entry row keys: every entry key starts with a digit.</summary>
    public const string EntryRangeEnd = ":";

    /// <summary>The one partition of the search table: an article's rows change in one batch transaction.</summary>
    public const string SearchPartition = "search";

    /// <summary>How many rows an article's search terms are spread over (a row holds at most 252 columns).</summary>
    public const int SearchBuckets = 8;

    private const string MemberPrefix = "~member:";

    public static string ArticlePartition(string slug) => "article:" + slug;

    /// <summary>The row key of an article in a list: newest first, ties broken by slug.</summary>
    public static string EntryRow(DateTimeOffset publishedAt, string slug) => InvertedTicks(publishedAt) + ":" + slug;

    /// <summary>The smallest entry key of articles published at or before <paramref name="moment"/>.</summary>
    public static string EntryRangeStart(DateTimeOffset moment) => InvertedTicks(moment);

    public static string MemberRow(string slug) => MemberPrefix + slug;

    /// <summary>
    /// The profile row of an author, in <see cref="AuthorsPartition"/> right after the author's
    /// tally row <c>{slug}</c>: <c>!</c> sorts before every slug character, so the key range
    /// <c>[{slug}, {slug}!profile]</c> holds these two rows and nothing else.
    /// </summary>
    public static string AuthorProfileRow(string slug) => slug + ProfileSuffix;

    public const string ProfileSuffix = "!profile";

    /// <summary>
    /// The bucket of a search term: a stable hash (FNV-1a) of it. An article's terms are spread
    /// over its <see cref="SearchBuckets"/> rows by bucket, so a word is looked for in one row
    /// per article, a range of <see cref="SearchPartition"/>.
    /// </summary>
    public static int SearchBucket(string term) => (int)(Fnv1a(term) % SearchBuckets);

    /// <summary>The row of an article's terms in one bucket: <c>{bucket:00}:{slug}</c>.</summary>
    public static string SearchRow(int bucket, string slug) => bucket.ToString("D2", CultureInfo.InvariantCulture) + ":" + slug;

    /// <summary>The slug of a search row (what follows the bucket).</summary>
    public static string SlugOfSearchRow(string rowKey) => rowKey[3..];

    /// <summary>The key range of one bucket's rows.</summary>
    public static (string From, string To) SearchBucketRange(int bucket) =>
        (bucket.ToString("D2", CultureInfo.InvariantCulture) + ":", bucket.ToString("D2", CultureInfo.InvariantCulture) + ";");

    /// <summary>
    /// The name of the column that holds a term in a search row: <c>w</c> and the 16 hex digits of
    /// its 64-bit hash, so any script can be a column name. Two words of one article would have to
    /// share all 64 bits to be taken for each other.
    /// </summary>
    public static string SearchColumn(string term) => "w" + Fnv1a(term).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>64-bit FNV-1a over the UTF-16 code units: stable across processes and versions.</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211ul;
        }

        return hash;
    }

    public static string SourceRow(string blobName) => BlobKey(blobName);

    public static string IngestErrorRow(string blobName) => BlobKey(blobName);

    /// <summary>A stable, key-safe stand-in for a blob name (which may hold any character).</summary>
    public static string BlobKey(string blobName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)).AsSpan(0, 20));

    private static string InvertedTicks(DateTimeOffset moment) =>
        (DateTimeOffset.MaxValue.UtcTicks - moment.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>The kinds of article lists the index keeps.</summary>
public enum ScopeKind
{
    All,
    Tag,
    Category,
    Author,
    Series,
}

/// <summary>One article list: all articles, one tag's or one category's.</summary>
public readonly record struct Scope(ScopeKind Kind, string Slug)
{
    public static readonly Scope All = new(ScopeKind.All, string.Empty);

    public static Scope Tag(string slug) => new(ScopeKind.Tag, slug);

    public static Scope Category(string slug) => new(ScopeKind.Category, slug);

    public static Scope Author(string slug) => new(ScopeKind.Author, slug);

    public static Scope Series(string slug) => new(ScopeKind.Series, slug);

    public string PartitionKey => Kind switch
    {
        ScopeKind.All => "list",
        ScopeKind.Tag => "list:tag:" + Slug,
        ScopeKind.Category => "list:category:" + Slug,
        ScopeKind.Author => "list:author:" + Slug,
        _ => "list:series:" + Slug,
    };

    /// <summary>The partition of the taxonomy list this scope is summarised in, if any.</summary>
    public string? SummaryPartition => Kind switch
    {
        ScopeKind.Tag => BlogKeys.TagsPartition,
        ScopeKind.Category => BlogKeys.CategoriesPartition,
        ScopeKind.Author => BlogKeys.AuthorsPartition,
        _ => null,
    };

    /// <summary>
    /// A compact, parseable form for bookkeeping: <c>all</c>, <c>tag:{slug}</c>,
    /// <c>category:{slug}</c>, <c>author:{slug}</c>, <c>series:{slug}</c>.
    /// </summary>
    public override string ToString() => Kind switch
    {
        ScopeKind.All => "all",
        ScopeKind.Tag => "tag:" + Slug,
        ScopeKind.Category => "category:" + Slug,
        ScopeKind.Author => "author:" + Slug,
        _ => "series:" + Slug,
    };

    public static Scope Parse(string text) => text switch
    {
        "all" => All,
        _ when text.StartsWith("tag:", StringComparison.Ordinal) => Tag(text[4..]),
        _ when text.StartsWith("category:", StringComparison.Ordinal) => Category(text[9..]),
        _ when text.StartsWith("author:", StringComparison.Ordinal) => Author(text[7..]),
        _ when text.StartsWith("series:", StringComparison.Ordinal) => Series(text[7..]),
        _ => throw new FormatException($"Unknown scope '{text}'."),
    };
}
