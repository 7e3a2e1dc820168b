using System.Text;
using Azure.Data.Tables;
using Blog.Search;

namespace Blog.Storage;

/// <summary>A <c>search:{bucket}</c> row: one term of one article, where it was found, the article's moments and summary.</summary>
public static class SearchPostingRow
{
    public static readonly Int32Column Fields = new("Fields");
    public static readonly MomentColumn PublishedAt = new("PublishedAt");
    public static readonly MomentColumn ExpiresAt = new("ExpiresAt");
    public static readonly TextColumn Summary = new("Summary");

    public static TableEntity Create(string term, string slug, TermFields fields, Moments moments, string summaryJson)
    {
        var row = new TableEntity(BlogKeys.SearchPartition(term), BlogKeys.SearchRow(term, slug));
        Fields.Set(row, (int)fields);
        PublishedAt.Set(row, moments.PublishedAt);
        ExpiresAt.Set(row, moments.ExpiresAt ?? IndexSchema.NoExpiry);
        Summary.Set(row, summaryJson);
        return row;
    }

    public static TermFields ReadFields(TableEntity row) => (TermFields)(Fields.Get(row) ?? 0);
}

/// <summary>
/// The <c>search</c> row of an article's partition: every term it may have search rows under,
/// space-separated in chunks. It is widened to old ∪ new before the rows are written and narrowed
/// after, so a run cut off anywhere leaves a list from which the next one removes what is stale.
/// </summary>
public static class SearchTermsRow
{
    public const int ChunkLength = HeadRow.HtmlChunkLength;

    public static readonly TextSeries Terms = new("Terms");
    public static readonly Int32Column Chunks = new("Chunks");

    public static TableEntity Create(string slug, IEnumerable<string> terms)
    {
        var row = new TableEntity(BlogKeys.ArticlePartition(slug), BlogKeys.SearchTermsRow);
        var chunk = new StringBuilder(ChunkLength);
        var chunks = 0;
        foreach (var term in terms)
        {
            if (chunk.Length > 0 && chunk.Length + 1 + term.Length > ChunkLength)
            {
                row[Terms.At(chunks++)] = chunk.ToString();
                chunk.Clear();
            }

            if (chunk.Length > 0)
            {
                chunk.Append(' ');
            }

            chunk.Append(term);
        }

        if (chunk.Length > 0)
        {
            row[Terms.At(chunks++)] = chunk.ToString();
        }

        Chunks.Set(row, chunks);
        return row;
    }

    public static IReadOnlyList<string> ReadTerms(TableEntity? row)
    {
        if (row is null)
        {
            return [];
        }

        var text = new StringBuilder();
        for (var i = 0; i < (Chunks.Get(row) ?? 0); i++)
        {
            text.Append(row.GetString(Terms.At(i))).Append(' ');
        }

        return text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
