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
/// <item><term><c>tags</c> / <c>categories</c> with RowKey <c>{slug}</c></term><description>names and tallies for the taxonomy lists</description></item>
/// <item><term><c>source</c> / <c>{hash of blob name}</c></term><description>what was last done with each file</description></item>
/// <item><term><c>ingest-error</c> / <c>{hash of blob name}</c></term><description>why a file's last upload was refused</description></item>
/// <item><term><c>search:{bucket}</c> / <c>{term} {slug}</c></term><description>one row per term of an article, in one of
/// <see cref="SearchBuckets"/> partitions chosen by the term, so a word is one range read and an
/// article's rows batch per bucket</description></item>
/// <item><term><c>article:{slug}</c> / <c>search</c></term><description>the terms an article's search rows are under</description></item>
/// </list>
/// Search terms are the one key part made of text: letters and digits only (<see cref="Search.SearchText"/>),
/// which are all allowed in a key.
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

    /// <summary>Upper bound (exclusive) of list-entry row keys: every entry key starts with a digit.</summary>
    public const string EntryRangeEnd = ":";

    /// <summary>The row in an article's partition that lists the terms of its search rows.</summary>
    public const string SearchTermsRow = "search";

    /// <summary>How many partitions the search rows are spread over.</summary>
    public const int SearchBuckets = 8;

    private const string MemberPrefix = "~member:";

    public static string ArticlePartition(string slug) => "article:" + slug;

    /// <summary>The row key of an article in a list: newest first, ties broken by slug.</summary>
    public static string EntryRow(DateTimeOffset publishedAt, string slug) => InvertedTicks(publishedAt) + ":" + slug;

    /// <summary>The smallest entry key of articles published at or before <paramref name="moment"/>.</summary>
    public static string EntryRangeStart(DateTimeOffset moment) => InvertedTicks(moment);

    public static string MemberRow(string slug) => MemberPrefix + slug;

    /// <summary>
    /// The partition of a search term's rows: a stable hash (FNV-1a) of the term picks the bucket,
    /// of its first character alone for CJK terms, so that every pair starting with a character
    /// shares that character's bucket and a one-character search stays one range read.
    /// </summary>
    public static string SearchPartition(string term)
    {
        var first = Rune.GetRuneAt(term, 0);
        var hashed = Rendering.TextStatistics.IsCjk(first) ? term.AsSpan(0, first.Utf16SequenceLength) : term.AsSpan();
        var hash = 2166136261u;
        foreach (var c in hashed)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return "search:" + (hash % SearchBuckets).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The row of one term of one article.</summary>
    public static string SearchRow(string term, string slug) => term + " " + slug;

    /// <summary>The slug of a search row (what follows the last space).</summary>
    public static string SlugOfSearchRow(string rowKey) => rowKey[(rowKey.LastIndexOf(' ') + 1)..];

    /// <summary>The key range of a term's rows: exactly the term, or (<paramref name="prefix"/>) every term starting with it.</summary>
    public static (string From, string To) SearchRange(string term, bool prefix) =>
        prefix
            ? (term, term[..^1] + (char)(term[^1] + 1)) // a space sorts before every letter or digit
            : (term + " ", term + "!");

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
}

/// <summary>One article list: all articles, one tag's or one category's.</summary>
public readonly record struct Scope(ScopeKind Kind, string Slug)
{
    public static readonly Scope All = new(ScopeKind.All, string.Empty);

    public static Scope Tag(string slug) => new(ScopeKind.Tag, slug);

    public static Scope Category(string slug) => new(ScopeKind.Category, slug);

    public string PartitionKey => Kind switch
    {
        ScopeKind.All => "list",
        ScopeKind.Tag => "list:tag:" + Slug,
        _ => "list:category:" + Slug,
    };

    /// <summary>The partition of the taxonomy list this scope is summarised in, if any.</summary>
    public string? SummaryPartition => Kind switch
    {
        ScopeKind.Tag => BlogKeys.TagsPartition,
        ScopeKind.Category => BlogKeys.CategoriesPartition,
        _ => null,
    };

    /// <summary>A compact, parseable form for bookkeeping: <c>all</c>, <c>tag:{slug}</c>, <c>category:{slug}</c>.</summary>
    public override string ToString() => Kind switch
    {
        ScopeKind.All => "all",
        ScopeKind.Tag => "tag:" + Slug,
        _ => "category:" + Slug,
    };

    public static Scope Parse(string text) => text switch
    {
        "all" => All,
        _ when text.StartsWith("tag:", StringComparison.Ordinal) => Tag(text[4..]),
        _ when text.StartsWith("category:", StringComparison.Ordinal) => Category(text[9..]),
        _ => throw new FormatException($"Unknown scope '{text}'."),
    };
}
