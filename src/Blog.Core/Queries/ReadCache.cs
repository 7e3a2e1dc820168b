using Azure.Data.Tables;
using Blog.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Blog.Queries;

/// <summary>
/// A per-instance cache of read results, bounded to <see cref="MaxEntries"/>. An entry lives at
/// most <see cref="BlogOptions.ReadCacheSeconds"/>, never past the next moment at which any
/// article's visibility changes (a scheduled publish or an expiry, from the tally of all
/// articles, read at most once per lifetime), and never past a change to the index made on this
/// instance. Other instances' publishes show within the lifetime. Only results are cached:
/// a read that fails (a bad parameter, a storage outage) is tried again on the next request.
/// </summary>
public sealed class ReadCache : IDisposable
{
    /// <summary>Most entries kept; beyond it the least recently used go.</summary>
    public const int MaxEntries = 1_000;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private readonly TimeSpan _lifetime;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly IndexChanges _changes;
    private VisibilityClock? _clock;

    public ReadCache(BlogStore store, IOptions<BlogOptions> options, TimeProvider time, IndexChanges changes)
    {
        _lifetime = TimeSpan.FromSeconds(Math.Max(0, options.Value.ReadCacheSeconds));
        _table = store.Table;
        _time = time;
        _changes = changes;
    }

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>The cached result of <paramref name="key"/>, or the result of <paramref name="read"/>, kept as long as it holds.</summary>
    public async Task<T> GetOrReadAsync<T>(string key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return await read(cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var generation = _changes.Generation;
        if (_entries.TryGetValue(key, out var found) && found is Entry<T> entry && entry.Generation == generation && now < entry.Until)
        {
            return entry.Value;
        }

        var nextChange = await NextVisibilityChangeAsync(now, generation, cancellationToken).ConfigureAwait(false);
        var value = await read(cancellationToken).ConfigureAwait(false);
        var until = now + _lifetime < nextChange ? now + _lifetime : nextChange;
        _entries.Set(key, new Entry<T>(value, generation, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _lifetime });
        return value;
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>The next moment an article appears or disappears, from the tally of all articles (read at most once per lifetime).</summary>
    private async Task<DateTimeOffset> NextVisibilityChangeAsync(DateTimeOffset now, long generation, CancellationToken cancellationToken)
    {
        if (_clock is { } clock && clock.Generation == generation && now - clock.ReadAt < _lifetime && now < clock.NextChange)
        {
            return clock.NextChange;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            Scope.All.PartitionKey, BlogKeys.CountRow, select: [ListCountRow.Tally.Name], cancellationToken: cancellationToken).ConfigureAwait(false);
        var tally = ListCountRow.ReadTally(row.HasValue ? row.Value : null);
        var next = tally.NextChangeAfter(now) ?? DateTimeOffset.MaxValue;
        _clock = new VisibilityClock(now, next, generation);
        return next;
    }

    private sealed record Entry<T>(T Value, long Generation, DateTimeOffset Until);

    private sealed record VisibilityClock(DateTimeOffset ReadAt, DateTimeOffset NextChange, long Generation);
}
