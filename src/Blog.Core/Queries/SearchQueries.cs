using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Blog.Articles;
using Blog.Search;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>A search, as validated by the caller.</summary>
public sealed record SearchRequest(string Query)
{
    public const int MaxQueryLength = 200;

    /// <summary>Most terms a query may require: one storage read each.</summary>
    public const int MaxTerms = 8;

    public int Limit { get; init; } = ArticleListRequest.DefaultLimit;

    public string? Cursor { get; init; }
}

/// <summary>
/// Answers searches from the search rows (<see cref="SearchIndex"/>). Every term of the query is
/// one range read of its bucket's rows, filtered by the service to the visible articles that
/// hold the term and selecting the few columns ranking needs; the articles holding every term
/// are ranked in memory (a term found in the title counts 2, in a tag or category 1, only in the
/// body 0; ties newest first), and the page's summaries come from one more read, in the bucket
/// of the rarest term. A word in more than 1,000 visible articles takes one more read per
/// further 1,000.
/// </summary>
public sealed class SearchQueries(BlogStore store, CursorProtector cursors, TimeProvider time)
{
    private readonly TableClient _table = store.SearchTable;

    /// <summary>The terms a query requires, or why it cannot be run.</summary>
    /// <exception cref="InvalidQueryException">The query is empty, too long, or has too many or no words.</exception>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query) || query.Length > SearchRequest.MaxQueryLength)
        {
            throw new InvalidQueryException(string.Create(
                CultureInfo.InvariantCulture, $"q is required: the words to search for, 1 to {SearchRequest.MaxQueryLength} characters."));
        }

        var terms = SearchText.QueryTerms(query).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            throw new InvalidQueryException("q has no word to search for: give at least one letter or digit.");
        }

        return terms.Count <= SearchRequest.MaxTerms
            ? terms
            : throw new InvalidQueryException(string.Create(
                CultureInfo.InvariantCulture,
                $"q may hold at most {SearchRequest.MaxTerms} words (in Chinese, Japanese or Korean text, every two characters count as one)."));
    }

    public async Task<ArticlePage> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var terms = Terms(request.Query);
        var signature = "search|" + string.Join('|', terms);
        var position = new CursorPosition(string.Empty, 0);
        if (request.Cursor is { } cursor && !cursors.TryUnprotect(cursor, signature, out position))
        {
            throw new InvalidQueryException("cursor is not valid for this search: pass the nextCursor of the previous page unchanged, with the same q.");
        }

        var now = time.GetUtcNow();
        var postings = await Task.WhenAll(terms.Select(term => ReadPostingsAsync(term, now, cancellationToken))).ConfigureAwait(false);

        // Articles holding every term, with their rank keys: better first, then newer, then by slug.
        var ranked = new List<(string Key, string Slug)>();
        foreach (var (slug, publishedAt) in postings[0].Select(p => (p.Key, p.Value.PublishedAt)))
        {
            var score = 0;
            var all = true;
            foreach (var term in postings)
            {
                if (!term.TryGetValue(slug, out var hit))
                {
                    all = false;
                    break;
                }

                score += hit.Fields.HasFlag(TermFields.Title) ? 2 : hit.Fields.HasFlag(TermFields.Tag) ? 1 : 0;
            }

            if (all)
            {
                ranked.Add((RankKey(score, publishedAt, slug), slug));
            }
        }

        ranked.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var start = position.AfterRowKey.Length == 0 ? 0 : ranked.FindIndex(r => string.CompareOrdinal(r.Key, position.AfterRowKey) > 0);
        var page = start < 0 ? [] : ranked.Skip(start).Take(request.Limit).ToList();
        var next = page.Count > 0 && start + page.Count < ranked.Count
            ? cursors.Protect(signature, new CursorPosition(page[^1].Key, position.Offset + page.Count, ranked.Count))
            : null;

        var rarest = Enumerable.Range(0, terms.Count).MinBy(i => postings[i].Count);
        var summaries = await ReadSummariesAsync(terms[rarest], page.Select(p => p.Slug).ToList(), now, cancellationToken).ConfigureAwait(false);
        var items = page.Where(p => summaries.ContainsKey(p.Slug)).Select(p => summaries[p.Slug]).ToList();
        return new ArticlePage(items, next, ranked.Count);
    }

    /// <summary>The visible articles holding a term, with where they hold it.</summary>
    private async Task<Dictionary<string, (TermFields Fields, DateTimeOffset PublishedAt)>> ReadPostingsAsync(
        string term, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var column = TermSeries.For(term);
        var found = new Dictionary<string, (TermFields Fields, DateTimeOffset PublishedAt)>(StringComparer.Ordinal);
        var (from, to) = BlogKeys.SearchBucketRange(BlogKeys.SearchBucket(term));
        string[] select = [nameof(TableEntity.RowKey), column, SearchRow.PublishedAt.Name];
        await foreach (var row in _table.QueryAsync<TableEntity>(Filter(column, from, to, now), select: select, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            found[BlogKeys.SlugOfSearchRow(row.RowKey)] = (SearchRow.Fields(row, column), SearchRow.PublishedAt.Get(row) ?? DateTimeOffset.MinValue);
        }

        return found;
    }

    /// <summary>The summaries of <paramref name="slugs"/>, read from the rows of one term they all hold.</summary>
    private async Task<Dictionary<string, ArticleSummary>> ReadSummariesAsync(
        string term, List<string> slugs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var summaries = new Dictionary<string, ArticleSummary>(StringComparer.Ordinal);
        if (slugs.Count == 0)
        {
            return summaries;
        }

        // Only the term's rows between the first and the last slug of the page.
        var bucket = BlogKeys.SearchBucket(term);
        var ordered = slugs.Order(StringComparer.Ordinal).ToList();
        var (from, to) = (BlogKeys.SearchRow(bucket, ordered[0]), BlogKeys.SearchRow(bucket, ordered[^1]) + " ");
        var wanted = slugs.ToHashSet(StringComparer.Ordinal);
        string[] select = [nameof(TableEntity.RowKey), SearchRow.Summary.Name];
        await foreach (var row in _table.QueryAsync<TableEntity>(Filter(TermSeries.For(term), from, to, now), select: select, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            var slug = BlogKeys.SlugOfSearchRow(row.RowKey);
            if (wanted.Contains(slug))
            {
                summaries[slug] = JsonSerializer.Deserialize(SearchRow.Summary.Get(row), BlogJson.Context.ArticleSummary)
                    ?? throw new InvalidDataException("A stored article summary is empty.");
            }
        }

        return summaries;
    }

    /// <summary>Rows in the key range that hold the term's column, of articles visible at <paramref name="now"/>.</summary>
    private static string Filter(string column, string from, string to, DateTimeOffset now) =>
        TableClient.CreateQueryFilter(
            $"PartitionKey eq {BlogKeys.SearchPartition} and RowKey ge {from} and RowKey lt {to} and PublishedAt le {now} and ExpiresAt gt {now}") +
        $" and {column} ge 0"; // column names are "w" and hex digits only

    private static string RankKey(int score, DateTimeOffset publishedAt, string slug) =>
        string.Create(CultureInfo.InvariantCulture, $"{999 - Math.Min(score, 999):D3}") + BlogKeys.EntryRow(publishedAt, slug);
}
