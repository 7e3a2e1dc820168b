using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>
/// Keeps the article lists (all, per tag, per category) and their visibility tallies. Every
/// change to one list is a single batch transaction in that list's partition: the entry row,
/// the member row that says where the entry is, and the tally row change together, guarded by
/// the tally's ETag. A change that finds its member row already in place does nothing, so a
/// retried publish never counts an article twice.
/// </summary>
public sealed class ListIndex(TableClient table, TimeProvider time)
{
    private const int MaxAttempts = 20;

    /// <summary>Lists worked on at once by the <c>...AllAsync</c> methods.</summary>
    public const int Parallelism = 8;

    /// <summary>Reads the state of every list in <paramref name="scopes"/> for one article, in their order.</summary>
    public Task<ListState[]> ReadAllAsync(IReadOnlyList<Scope> scopes, string slug, CancellationToken cancellationToken) =>
        EachAsync(scopes, (scope, ct) => ReadAsync(scope, slug, ct), cancellationToken);

    /// <summary>Places an article's entry in each list of <paramref name="states"/>, then brings the taxonomy rows up to date.</summary>
    /// <exception cref="TaxonomyNameChangedException">A list was created meanwhile under another display name.</exception>
    public async Task PlaceAllAsync(IReadOnlyList<ListState> states, Func<ListState, ListEntry> entryFor, CancellationToken cancellationToken)
    {
        var changes = await EachAsync(states, (state, ct) => PlaceAsync(state, entryFor(state), ct), cancellationToken).ConfigureAwait(false);
        await SyncSummariesAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes each (list, article) entry out, then brings the taxonomy rows up to date.</summary>
    public async Task RemoveAllAsync(IReadOnlyList<(Scope Scope, string Slug)> placed, CancellationToken cancellationToken)
    {
        var changes = await EachAsync(placed, (entry, ct) => RemoveAsync(entry.Scope, entry.Slug, ct), cancellationToken).ConfigureAwait(false);
        await SyncSummariesAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one list's work per item, <see cref="Parallelism"/> at a time: each list is its own
    /// partition and batch, so their order does not matter (the publisher's source row records
    /// every list a run may touch, and a retry finishes whichever did not happen). Results keep
    /// the items' order; the first failure ends the run and is rethrown.
    /// </summary>
    private static async Task<TResult[]> EachAsync<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await work(items[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Reads a list's tally and this article's member row: two point reads sent together (one
    /// query with <c>or</c> across row keys would make the service scan the whole partition).
    /// </summary>
    public async Task<ListState> ReadAsync(Scope scope, string slug, CancellationToken cancellationToken)
    {
        var count = ReadRowAsync(scope.PartitionKey, BlogKeys.CountRow, cancellationToken);
        var member = ReadRowAsync(scope.PartitionKey, BlogKeys.MemberRow(slug), cancellationToken);
        return new ListState(scope, await count.ConfigureAwait(false), await member.ConfigureAwait(false));
    }

    /// <summary>
    /// Puts (or moves) an article's entry into a list. Returns the list's tally after the change.
    /// </summary>
    /// <exception cref="TaxonomyNameChangedException">The list was created meanwhile under another display name.</exception>
    public async Task<ListChange> PlaceAsync(
        ListState state, ListEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var tally = ListCountRow.ReadTally(state.Count);
            var name = state.Name ?? entry.ScopeName;
            if (state.Count is not null && entry.ScopeName is not null && name != entry.ScopeName)
            {
                throw new TaxonomyNameChangedException(state.Scope);
            }

            var entryRow = BlogKeys.EntryRow(entry.Moments.PublishedAt, entry.Slug);
            if (state.Member is { } existing &&
                ListMemberRow.EntryRow.Get(existing) == entryRow &&
                ListMemberRow.Version.Get(existing) == entry.Version)
            {
                return new ListChange(state.Scope, name, tally, Version(state.Count));
            }

            tally.Compact(now);
            var actions = new List<TableTransactionAction>(4);
            if (state.Member is { } old)
            {
                tally.Remove(entry.Slug, ListMemberRow.ReadMoments(old));
                var oldEntryRow = ListMemberRow.EntryRow.Get(old);
                if (oldEntryRow != entryRow)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(state.Scope.PartitionKey, oldEntryRow), ETag.All));
                }
            }

            tally.Add(entry.Slug, entry.Moments, now);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListEntryRow.Create(state.Scope, entryRow, entry)));
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                ListMemberRow.Create(state.Scope, entry.Slug, entryRow, entry.Version, entry.Moments)));
            var version = NextVersion(state.Count, now);
            actions.Add(CountAction(state, tally, name, version));

            if (await TrySubmitAsync(actions, cancellationToken).ConfigureAwait(false))
            {
                return new ListChange(state.Scope, name, tally, version);
            }

            if (attempt >= MaxAttempts)
            {
                throw new RequestFailedException((int)HttpStatusCode.PreconditionFailed, $"The list '{state.Scope}' kept changing while it was being updated.");
            }

            state = await ReadAsync(state.Scope, entry.Slug, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes an article's entry out of a list, if it is there. Returns the list's tally either
    /// way, so a retried removal still brings the taxonomy list rows up to date.
    /// </summary>
    public async Task<ListChange> RemoveAsync(Scope scope, string slug, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var state = await ReadAsync(scope, slug, cancellationToken).ConfigureAwait(false);
            if (state.Member is not { } member)
            {
                // Nothing to remove. A list without a tally row is empty: its summary row goes too,
                // unless one written after this moment says otherwise.
                return new ListChange(scope, state.Name, ListCountRow.ReadTally(state.Count),
                    state.Count is null ? time.GetUtcNow().UtcTicks : Version(state.Count));
            }

            var now = time.GetUtcNow();
            var tally = ListCountRow.ReadTally(state.Count);
            tally.Compact(now);
            tally.Remove(slug, ListMemberRow.ReadMoments(member));
            var name = state.Name;
            var version = NextVersion(state.Count, now);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Delete, new TableEntity(scope.PartitionKey, ListMemberRow.EntryRow.Get(member)), ETag.All),
                new(TableTransactionActionType.Delete, member, member.ETag),
            ];
            if (tally.IsEmpty)
            {
                if (state.Count is not null)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, state.Count, state.Count.ETag));
                }
            }
            else
            {
                actions.Add(CountAction(state, tally, name, version));
            }

            if (await TrySubmitAsync(actions, cancellationToken).ConfigureAwait(false))
            {
                return new ListChange(scope, name, tally, version);
            }

            if (attempt >= MaxAttempts)
            {
                throw new RequestFailedException((int)HttpStatusCode.PreconditionFailed, $"The list '{scope}' kept changing while it was being updated.");
            }
        }
    }

    /// <summary>
    /// Copies the tallies of changed tag or category lists into the taxonomy list rows
    /// (<c>tags</c>, <c>categories</c>), which serve the taxonomy lists in one query. A copy never
    /// replaces a newer one: each carries the version of the tally it was taken from.
    /// </summary>
    public async Task SyncSummariesAsync(IEnumerable<ListChange> changes, CancellationToken cancellationToken)
    {
        // Every touched list is synced, changed or not: a run cut off before its sync has left
        // the tallies right and the summaries behind, and its retry finds nothing else to change.
        // Each summary partition (tags, categories, authors) is synced on its own, at once.
        await Task.WhenAll(changes.Where(c => c.Scope.SummaryPartition is not null)
            .GroupBy(c => c.Scope.SummaryPartition!)
            .Select(group => SyncPartitionAsync(group.Key, group.ToDictionary(c => c.Scope.Slug), cancellationToken)))
            .ConfigureAwait(false);
    }

    private async Task SyncPartitionAsync(string partition, Dictionary<string, ListChange> wanted, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Point reads sent together: a query with "or" across row keys would scan the partition.
            var reads = wanted.Keys.Select(slug => ReadRowAsync(partition, slug, cancellationToken)).ToList();
            var existing = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            foreach (var row in await Task.WhenAll(reads).ConfigureAwait(false))
            {
                if (row is not null)
                {
                    existing[row.RowKey] = row;
                }
            }

            var actions = new List<TableTransactionAction>();
            foreach (var (slug, change) in wanted)
            {
                existing.TryGetValue(slug, out var current);
                if (current is not null && (TaxonomyRow.Version.Get(current) ?? 0) >= change.Version)
                {
                    continue;
                }

                if (change.Tally.IsEmpty)
                {
                    if (current is not null)
                    {
                        actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, current, current.ETag));
                    }

                    continue;
                }

                var row = TaxonomyRow.Create(partition, slug, change.Name ?? slug, change.Tally, change.Version);
                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.ETag));
            }

            if (actions.Count == 0 || await TrySubmitAsync(actions, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt >= MaxAttempts)
            {
                throw new RequestFailedException((int)HttpStatusCode.PreconditionFailed, $"The {partition} list kept changing while it was being updated.");
            }
        }
    }

    private static TableTransactionAction CountAction(ListState state, VisibilityTally tally, string? name, long version)
    {
        var row = ListCountRow.Create(state.Scope, tally, name, version);
        return state.Count is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, state.Count.ETag);
    }

    private async Task<TableEntity?> ReadRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private static long Version(TableEntity? count) => (count is null ? null : ListCountRow.Version.Get(count)) ?? 0;

    private static long NextVersion(TableEntity? count, DateTimeOffset now) => Math.Max(Version(count) + 1, now.UtcTicks);

    private async Task<bool> TrySubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}

/// <summary>A list's tally row and an article's member row, as read.</summary>
public sealed record ListState(Scope Scope, TableEntity? Count, TableEntity? Member)
{
    public string? Name => Count is null ? null : ListCountRow.Name.Get(Count);
}

/// <summary>An article's entry in one list.</summary>
public sealed record ListEntry(
    string Slug,
    string Version,
    string SummaryJson,
    Moments Moments,
    IReadOnlyList<string> TagSlugs,
    IReadOnlyList<string> CategorySlugs,
    string? ScopeName)
{
    /// <summary>When the article was last updated, if ever (the sitemap's <c>lastmod</c>).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The article's HTML; the entry carries it when it is short enough (<see cref="ListEntryRow.MaxInlineHtmlChunks"/>).</summary>
    public string? Html { get; init; }

    /// <summary>The blob holding the HTML when it is too long for the head row.</summary>
    public string? HtmlBlob { get; init; }

    public IReadOnlyList<string> AuthorSlugs { get; init; } = [];

    /// <summary>The article's place in its series, in the series' list only (when the front matter gives one).</summary>
    public int? SeriesOrder { get; init; }
}

/// <summary>A list after a change: its display name, its tally and the tally's version.</summary>
public sealed record ListChange(Scope Scope, string? Name, VisibilityTally Tally, long Version);

/// <summary>A tag or category was created meanwhile under another spelling; the publish starts over.</summary>
public sealed class TaxonomyNameChangedException(Scope scope) : Exception($"The display name of '{scope}' changed during the publish.")
{
    public Scope Scope { get; } = scope;
}
