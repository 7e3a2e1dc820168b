using Azure.Data.Tables;
using Blog.Storage;

namespace Blog.Queries;

/// <summary>
/// The authors with their number of visible articles and their profiles, from the <c>authors</c>
/// partition, which holds both: a tally row <c>{slug}</c> per author with articles, and a profile
/// row <c>{slug}!profile</c> per profile file. The list is one partition read; one author is one
/// range read of its two rows.
/// </summary>
public sealed class AuthorQueries(BlogStore store, TimeProvider time)
{
    private readonly TableClient _table = store.Table;

    /// <summary>Every author with visible articles: most articles first, then by name.</summary>
    public async Task<IReadOnlyList<AuthorCount>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {BlogKeys.AuthorsPartition}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var items = Join(rows, time.GetUtcNow());
        items.Sort(MostArticlesFirst.Compare);
        return items;
    }

    /// <summary>One author; null when unknown or without visible articles.</summary>
    public async Task<AuthorCount?> GetAsync(string slug, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>(2);
        await foreach (var row in _table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter(
                               $"PartitionKey eq {BlogKeys.AuthorsPartition} and RowKey ge {slug} and RowKey le {BlogKeys.AuthorProfileRow(slug)}"),
                           maxPerPage: 2,
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return Join(rows, time.GetUtcNow()).SingleOrDefault(a => a.Slug == slug);
    }

    /// <summary>Each tally row with visible articles, with the profile of the same slug if there is one.</summary>
    private static List<AuthorCount> Join(List<TableEntity> rows, DateTimeOffset now)
    {
        var profiles = rows.Where(AuthorProfileRow.IsProfile).ToDictionary(AuthorProfileRow.SlugOf, AuthorProfileRow.Read, StringComparer.Ordinal);
        var items = new List<AuthorCount>();
        foreach (var row in rows.Where(r => !AuthorProfileRow.IsProfile(r)))
        {
            var count = TaxonomyRow.ReadTally(row).VisibleAt(now);
            if (count > 0)
            {
                var profile = profiles.GetValueOrDefault(row.RowKey);
                items.Add(new AuthorCount(row.RowKey, profile?.Name ?? TaxonomyRow.ReadName(row), profile?.Bio, profile?.Avatar, count));
            }
        }

        return items;
    }
}
