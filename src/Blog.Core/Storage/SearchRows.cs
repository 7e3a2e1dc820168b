using Azure.Data.Tables;
using Blog.Search;

namespace Blog.Storage;

/// <summary>
/// A <c>search</c> row: an article's terms of one bucket, each a column holding where the term
/// was found (<see cref="TermFields"/>), with the article's moments and, when the row holds any
/// term, its summary, so a page of results needs no other read.
/// </summary>
public static class SearchRow
{
    /// <summary>Most terms one row holds: a row may have 252 properties; three are below.</summary>
    public const int MaxTerms = 240;

    public static readonly TermSeries Terms = new();
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");
    public static readonly TextColumn Summary = new("Summary");

    public static TableEntity Create(int bucket, string slug, IReadOnlyCollection<KeyValuePair<string, TermFields>> terms, Moments moments, string summaryJson)
    {
        var row = new TableEntity(BlogKeys.SearchPartition, BlogKeys.SearchRow(bucket, slug));
        PublishedAt.Set(row, moments.PublishedAt);
        ExpiresAt.Set(row, moments.ExpiresAt ?? IndexSchema.NoExpiry);
        if (terms.Count > 0)
        {
            Summary.Set(row, summaryJson);
        }

        foreach (var (term, fields) in terms)
        {
            row[TermSeries.For(term)] = (int)fields;
        }

        return row;
    }

    /// <summary>Where the row's article holds the term whose column is <paramref name="column"/>.</summary>
    public static TermFields Fields(TableEntity row, string column) => (TermFields)(row.GetInt32(column) ?? 0);
}
