using System.Text.Json.Serialization;

namespace Blog.Storage;

/// <summary>
/// How many articles of a list are visible, at any moment, from one small row. Articles whose
/// visibility will never change again are only counted (<see cref="Settled"/>); articles that
/// will appear (publish time ahead) or disappear (expiry set) keep their moments in
/// <see cref="Pending"/>, so the count at request time needs no other read and no timer.
/// Each write compacts the moments that have passed.
/// </summary>
public sealed class VisibilityTally
{
    /// <summary>Visible articles with no visibility change ahead.</summary>
    public long Settled { get; set; }

    /// <summary>Articles with a visibility change ahead, by slug.</summary>
    public Dictionary<string, Moments> Pending { get; set; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public bool IsEmpty => Settled == 0 && Pending.Count == 0;

    /// <summary>The number of articles visible at <paramref name="now"/>.</summary>
    public long VisibleAt(DateTimeOffset now)
    {
        var visible = Settled;
        foreach (var moments in Pending.Values)
        {
            if (moments.IsVisibleAt(now))
            {
                visible++;
            }
        }

        return visible;
    }

    /// <summary>The first moment after <paramref name="now"/> at which an article of the list appears or disappears, if any.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var moments in Pending.Values)
        {
            var moment = moments.PublishedAt > now ? moments.PublishedAt : moments.ExpiresAt is { } expires && expires > now ? expires : (DateTimeOffset?)null;
            if (moment is { } m && (next is null || m < next))
            {
                next = m;
            }
        }

        return next;
    }

    /// <summary>Settles the moments that have passed by <paramref name="now"/>.</summary>
    public void Compact(DateTimeOffset now)
    {
        List<string>? done = null;
        foreach (var (slug, moments) in Pending)
        {
            if (moments.ExpiresAt is { } expires && expires <= now)
            {
                (done ??= []).Add(slug); // gone for good: it no longer counts
            }
            else if (moments.ExpiresAt is null && moments.PublishedAt <= now)
            {
                (done ??= []).Add(slug);
                Settled++;
            }
        }

        done?.ForEach(slug => Pending.Remove(slug));
    }

    /// <summary>Counts an article entering the list at <paramref name="now"/>.</summary>
    public void Add(string slug, Moments moments, DateTimeOffset now)
    {
        if (moments.ExpiresAt is { } expires && expires <= now)
        {
            return; // already expired: never visible again
        }

        if (moments.ExpiresAt is null && moments.PublishedAt <= now)
        {
            Settled++;
        }
        else
        {
            Pending[slug] = moments;
        }
    }

    /// <summary>
    /// Takes back what <see cref="Add"/> counted for an article, given the moments it was
    /// added with. Compaction is deterministic, so where the article stands follows from them.
    /// </summary>
    public void Remove(string slug, Moments moments)
    {
        if (Pending.Remove(slug))
        {
            return;
        }

        // Not pending: either settled (no expiry) or expired and already dropped.
        if (moments.ExpiresAt is null && Settled > 0)
        {
            Settled--;
        }
    }
}

/// <summary>When an article becomes visible and, if ever, stops being visible.</summary>
public sealed record Moments(DateTimeOffset PublishedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsVisibleAt(DateTimeOffset now) => PublishedAt <= now && (ExpiresAt is null || ExpiresAt > now);
}
