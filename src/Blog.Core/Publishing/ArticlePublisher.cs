using Azure.Storage.Blobs;
using Blog.Notifications;
using Blog.Search;
using Blog.Storage;
using Microsoft.Extensions.Logging;

namespace Blog.Publishing;

/// <summary>
/// Publishes what a Markdown blob holds now into the index, and takes it out again. Safe to run
/// twice, late, concurrently or out of order for the same file: it always reads the blob's
/// current bytes, skips content it has already handled (by hash), works on one file at a time
/// (a lock on the file's source row, <see cref="SourceRecords"/>), and orders its writes so that
/// a run cut off anywhere is finished by the next one:
/// <list type="number">
/// <item>record every row this run may own (old ∪ new, the <see cref="PublishPlan"/>) on the source row, with the lock;</item>
/// <item>claim the slug (the first file to claim a slug keeps it);</item>
/// <item>place the article in its lists (one batch per list, tallies included), then its words in the search index;</item>
/// <item>write the head row that serves the article, then its redirects;</item>
/// <item>remove what only the old version had, then queue the change notification (<see cref="ChangeNotifier"/>);</item>
/// <item>record the new state on the source row and release the lock.</item>
/// </list>
/// Author profiles (<c>authors/*.yml</c>) take their own, simpler path: <see cref="AuthorProfiles"/>.
/// The rows themselves are written by <see cref="ArticleRows"/>, <see cref="ListIndex"/>, <see cref="SearchIndex"/> and <see cref="IngestErrors"/>.
/// </summary>
public sealed partial class ArticlePublisher(
    BlogStore store,
    ArticleCompiler compiler,
    TimeProvider time,
    ILogger<ArticlePublisher> logger,
    IndexChanges? changes = null,
    ChangeNotifier? notifier = null)
{
    private const int MaxAttempts = 5;

    private readonly SourceRecords _sources = new(store.Table, time, logger);
    private readonly ArticleRows _articles = new(store);
    private readonly ListIndex _lists = new(store.Table, time);
    private readonly IngestErrors _errors = new(store.Table);
    private readonly SearchIndex _search = new(store);
    private readonly AuthorProfiles _profiles = new(store, time, logger) { MediaBase = compiler.MediaBase };

    /// <summary>Author profiles (<c>authors/*.yml</c>), which the same trigger hands over.</summary>
    internal AuthorProfiles Profiles => _profiles;

    /// <summary>How the content hashes of files published under the current rules and settings begin (<see cref="ArticleCompiler.HashPrefix"/>).</summary>
    public string HashPrefix => compiler.HashPrefix;

    /// <summary>Whether publishing writes search rows; off only to measure what they cost.</summary>
    internal bool IndexesSearch { get; init; } = true;

    /// <summary>Publishes the blob of that name in the posts container.</summary>
    public Task<PublishResult> PublishAsync(string blobName, CancellationToken cancellationToken = default) =>
        PublishAsync(store.Posts.GetBlobClient(blobName), cancellationToken);

    /// <summary>Publishes what <paramref name="blob"/> holds now; removes the article if the blob is gone.</summary>
    public async Task<PublishResult> PublishAsync(BlobClient blob, CancellationToken cancellationToken = default)
    {
        var blobName = blob.Name;
        if (AuthorProfiles.IsProfile(blobName))
        {
            var profile = await _profiles.PublishAsync(blob, cancellationToken).ConfigureAwait(false);
            if (profile.Outcome is PublishOutcome.Published or PublishOutcome.Removed)
            {
                changes?.Changed();
            }

            return profile;
        }

        if (!ArticleCompiler.IsMarkdown(blobName))
        {
            return new PublishResult(PublishOutcome.Ignored, blobName);
        }

        var download = await Download.ReadAsync(blob, store.Options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        return download is null
            ? await RemoveAsync(blobName, cancellationToken).ConfigureAwait(false)
            : await WithRetriesAsync(blobName, () => PublishOnceAsync(blobName, download, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes everything the index holds for a file that no longer exists.</summary>
    public Task<PublishResult> RemoveAsync(string blobName, CancellationToken cancellationToken = default) =>
        WithRetriesAsync(blobName, () => RemoveOnceAsync(blobName, takeDown: false, cancellationToken));

    /// <summary>Takes a file's article down while keeping the file; it stays down until the file's content changes.</summary>
    public Task<PublishResult> TakeDownAsync(string blobName, CancellationToken cancellationToken = default) =>
        WithRetriesAsync(blobName, () => RemoveOnceAsync(blobName, takeDown: true, cancellationToken));

    /// <summary>
    /// Starts over when the source row or a taxonomy name changed under the operation; tells this
    /// instance's readers when the index changed.
    /// </summary>
    private async Task<PublishResult> WithRetriesAsync(string blobName, Func<Task<PublishResult>> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await operation().ConfigureAwait(false);
                if (result.Outcome is PublishOutcome.Published or PublishOutcome.Removed)
                {
                    changes?.Changed();
                }

                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is TaxonomyNameChangedException or SourceChangedException)
            {
                LogRetry(blobName, attempt, ex.Message);
            }
        }
    }

    private async Task<PublishResult> PublishOnceAsync(string blobName, Download download, CancellationToken cancellationToken)
    {
        var source = await _sources.ReadUnlockedAsync(blobName, cancellationToken).ConfigureAwait(false);
        var hash = download.Content is null ? "too-large:" + download.ETag : compiler.HashContent(download.Content);

        if (source is not null && source.LockId is null &&
            await SkipHandledAsync(source, hash, download, cancellationToken).ConfigureAwait(false) is { } handled)
        {
            return handled;
        }

        CompiledArticle article;
        try
        {
            article = download.Content is null
                ? throw new ContentRejectedException(
                    $"The file is {download.Length / (1024.0 * 1024.0):0.#} MiB; the limit is {store.Options.MaxFileBytes / (1024.0 * 1024.0):0.#} MiB. Split it or move large media out of it.")
                : compiler.Compile(blobName, download.Content);
        }
        catch (ContentRejectedException ex)
        {
            return await RefuseAsync(source, blobName, ex.Rejection, refusedHash: hash, download.ETag, cancellationToken).ConfigureAwait(false);
        }

        // Files beside the article that its URLs name and the container lacks: warnings, never a refusal.
        var warnings = await Media.MediaCheck.WarningsAsync(store.Posts, article, cancellationToken).ConfigureAwait(false);

        // 1. Record everything this run may own, and take the lock.
        var plan = PublishPlan.For(article, source);
        source ??= SourceEntity.Create(blobName);
        source.WriteOwned(plan.Widened);
        RecordPublishChange(source, plan, download.ETag);
        var locked = source;
        return await _sources.WhileLockedAsync(locked, () => ApplyLockedAsync(locked, plan, download.ETag, warnings, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Content already handled (live, refused or taken down): notes the blob's ETag and changes nothing else.</summary>
    private async Task<PublishResult?> SkipHandledAsync(SourceEntity source, string hash, Download download, CancellationToken cancellationToken)
    {
        var (blobName, blobETag) = (source.BlobName, download.ETag);
        if (hash == source.TakenDownHash)
        {
            LogUnchanged(blobName, source.Slug, "taken down");
            await _sources.RememberETagAsync(source, blobETag, cancellationToken).ConfigureAwait(false);
            return new PublishResult(PublishOutcome.Unchanged, blobName, source.Slug);
        }

        if (hash == source.ContentHash)
        {
            if (source.RefusedHash is not null)
            {
                // The live content was uploaded again after a refused one: the error is over.
                await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
                source.RefusedHash = null;
                source.BlobETag = blobETag;
                await _sources.SaveAsync(source, cancellationToken).ConfigureAwait(false);
            }
            else if (source.Warnings is not null && download.Content is not null)
            {
                // The same post again, with warnings: files it names may have arrived since. Only
                // the warnings can change (the same bytes compile the same under the same rules).
                var article = compiler.Compile(blobName, download.Content);
                source.WriteWarnings(await Media.MediaCheck.WarningsAsync(store.Posts, article, cancellationToken).ConfigureAwait(false));
                source.BlobETag = blobETag;
                await _sources.SaveAsync(source, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _sources.RememberETagAsync(source, blobETag, cancellationToken).ConfigureAwait(false);
            }

            LogUnchanged(blobName, source.Slug, "same content");
            return new PublishResult(PublishOutcome.Unchanged, blobName, source.Slug);
        }

        if (hash == source.RefusedHash)
        {
            await _sources.RememberETagAsync(source, blobETag, cancellationToken).ConfigureAwait(false);
            LogUnchanged(blobName, source.Slug, "same refused content");
            var error = await _errors.ReadAsync(blobName, cancellationToken).ConfigureAwait(false);
            return new PublishResult(PublishOutcome.Refused, blobName, source.Slug, error is null ? null : new Rejection(error.Error, error.Line));
        }

        return null;
    }

    private async Task<PublishResult> ApplyLockedAsync(
        SourceEntity source, PublishPlan plan, string blobETag, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        var (blobName, slug) = (plan.BlobName, plan.Slug);

        // 2. Claim the slug: the first file keeps it.
        var owner = await _articles.ClaimAsync(slug, blobName, cancellationToken).ConfigureAwait(false);
        if (owner != blobName)
        {
            source.WriteOwned(plan.Old);
            SourceRecords.Unlock(source);
            var rejection = new Rejection(
                $"The slug '{slug}' is already used by {owner}, which claimed it first. Give {blobName} another slug (add a line such as slug: {slug}-2 to its front matter) or remove the other file.");

            // A slug conflict is retried by every reindex: no hash or ETag to skip on.
            return await RefuseAsync(source, blobName, rejection, refusedHash: null, blobETag: null, cancellationToken).ConfigureAwait(false);
        }

        // 3. Place the article in its lists, under the names the tags and categories already have,
        //    then its words in the search index (drafts are not searchable).
        var summaryJson = await PlaceAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!plan.Article.Draft && IndexesSearch)
        {
            await _search.WriteAsync(slug, SearchDocument.For(plan.Article), plan.Moments, summaryJson, cancellationToken).ConfigureAwait(false);
        }

        // 4. The head row, then the redirects to it.
        var head = plan.Head(summaryJson);
        await _articles.WriteArticleAsync(head, cancellationToken).ConfigureAwait(false);
        var redirects = new List<string>();
        foreach (var alias in plan.RedirectCandidates)
        {
            if (await _articles.TryRedirectAsync(alias, head, cancellationToken).ConfigureAwait(false))
            {
                redirects.Add(alias);
            }
        }

        // 5. Remove what only the old version had, then queue the change notification.
        var after = plan.After(redirects);
        await RemovePlacementsAsync(plan.Old.Placements.Except(plan.Placements), cancellationToken).ConfigureAwait(false);
        foreach (var searchable in plan.Old.Searchable.Except(after.Searchable))
        {
            await _search.RemoveAsync(searchable, cancellationToken).ConfigureAwait(false);
        }

        foreach (var alias in plan.Old.Redirects.Except(redirects).Where(a => a != slug))
        {
            await _articles.DeleteHeadIfOwnedAsync(alias, blobName, HeadRow.KindRedirect, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in plan.Old.Claims.Where(c => c != slug))
        {
            if (!redirects.Contains(claim))
            {
                await _articles.DeleteHeadIfOwnedAsync(claim, blobName, kind: null, cancellationToken).ConfigureAwait(false);
            }

            await _articles.DeleteClaimIfOwnedAsync(claim, blobName, cancellationToken).ConfigureAwait(false);
        }

        await _articles.DeleteHtmlBlobsAsync(plan.Old.HtmlBlobs.Where(b => b != plan.HtmlBlob), cancellationToken).ConfigureAwait(false);
        await NotifyAsync(source, [after, plan.Old], cancellationToken).ConfigureAwait(false);

        // 6. Record the new state and release the lock.
        await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
        source.ContentHash = plan.Article.ContentHash;
        source.BlobETag = blobETag;
        source.RefusedHash = null;
        source.TakenDownHash = null;
        source.Slug = slug;
        source.WriteFormerSlugs(plan.FormerSlugs);
        source.WriteWarnings(warnings);
        source.WriteOwned(after);
        source.PendingChange = null;
        SourceRecords.Unlock(source);
        await _sources.SaveAsync(source, cancellationToken).ConfigureAwait(false);

        LogPublished(blobName, slug, plan.Article.Draft);
        return new PublishResult(PublishOutcome.Published, blobName, slug);
    }

    /// <summary>Step 3: one batch per list, then the taxonomy rows; returns the summary the entries carry.</summary>
    private async Task<string> PlaceAsync(PublishPlan plan, CancellationToken cancellationToken)
    {
        var states = await _lists.ReadAllAsync(plan.Scopes, plan.Slug, cancellationToken).ConfigureAwait(false);
        var summary = plan.Summarize(states.Where(s => s.Name is not null).ToDictionary(s => s.Scope, s => s.Name!));
        var summaryJson = PublishPlan.Serialize(summary);
        await _lists.PlaceAllAsync(states, state => plan.Entry(state.Scope, state.Name, summary, summaryJson), cancellationToken)
            .ConfigureAwait(false);
        return summaryJson;
    }

    private Task RemovePlacementsAsync(IEnumerable<string> placements, CancellationToken cancellationToken) =>
        _lists.RemoveAllAsync(placements.Select(OwnedRows.ParsePlacement).ToList(), cancellationToken);

    private async Task<PublishResult> RemoveOnceAsync(string blobName, bool takeDown, CancellationToken cancellationToken)
    {
        var source = await _sources.ReadUnlockedAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (source is null)
        {
            await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
            return new PublishResult(takeDown ? PublishOutcome.Unchanged : PublishOutcome.Removed, blobName);
        }

        RecordRemovalChange(source, takeDown);
        return await _sources.WhileLockedAsync(source, () => RemoveLockedAsync(source, takeDown, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<PublishResult> RemoveLockedAsync(SourceEntity source, bool takeDown, CancellationToken cancellationToken)
    {
        var (blobName, slug, owned) = (source.BlobName, source.Slug, source.ReadOwned());

        // The article goes first, so no reader finds it after its lists are gone.
        foreach (var claim in owned.Claims)
        {
            await _articles.DeleteHeadIfOwnedAsync(claim, blobName, kind: null, cancellationToken).ConfigureAwait(false);
        }

        foreach (var searchable in owned.Searchable)
        {
            await _search.RemoveAsync(searchable, cancellationToken).ConfigureAwait(false);
        }

        await RemovePlacementsAsync(owned.Placements, cancellationToken).ConfigureAwait(false);
        foreach (var alias in owned.Redirects)
        {
            await _articles.DeleteHeadIfOwnedAsync(alias, blobName, HeadRow.KindRedirect, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in owned.Claims)
        {
            await _articles.DeleteClaimIfOwnedAsync(claim, blobName, cancellationToken).ConfigureAwait(false);
        }

        await _articles.DeleteHtmlBlobsAsync(owned.HtmlBlobs, cancellationToken).ConfigureAwait(false);
        await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
        await NotifyAsync(source, [owned], cancellationToken).ConfigureAwait(false);
        if (takeDown)
        {
            source.TakenDownHash = source.ContentHash;
            source.ContentHash = null;
            source.RefusedHash = null;
            source.Slug = null;
            source.WriteWarnings([]);
            source.WriteOwned(OwnedRows.None);
            source.PendingChange = null;
            SourceRecords.Unlock(source);
            await _sources.SaveAsync(source, cancellationToken).ConfigureAwait(false);
            LogTakenDown(blobName, slug);
        }
        else
        {
            await _sources.DeleteAsync(source, cancellationToken).ConfigureAwait(false);
            LogRemoved(blobName, slug);
        }

        return new PublishResult(PublishOutcome.Removed, blobName, slug);
    }

    /// <summary>Records why the file was refused; <paramref name="refusedHash"/> and <paramref name="blobETag"/>, when given, let the same bytes be skipped.</summary>
    private async Task<PublishResult> RefuseAsync(
        SourceEntity? source, string blobName, Rejection rejection, string? refusedHash, string? blobETag, CancellationToken cancellationToken)
    {
        await _errors.WriteAsync(IngestErrorEntity.Create(blobName, rejection.Message, rejection.Line, time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        source ??= SourceEntity.Create(blobName);
        source.RefusedHash = refusedHash;
        source.BlobETag = blobETag;
        source.PendingChange = null;
        await _sources.SaveAsync(source, cancellationToken).ConfigureAwait(false);

        LogRefused(blobName, rejection.Line, rejection.Message);
        return new PublishResult(PublishOutcome.Refused, blobName, source.Slug, rejection);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {BlobName} as {Slug} (draft: {Draft})")]
    private partial void LogPublished(string blobName, string slug, bool draft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Left {BlobName} ({Slug}) unchanged: {Reason}")]
    private partial void LogUnchanged(string blobName, string? slug, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {BlobName} at line {Line}: {Reason}")]
    private partial void LogRefused(string blobName, int? line, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {BlobName} ({Slug}) from the index")]
    private partial void LogRemoved(string blobName, string? slug);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took down {BlobName} ({Slug})")]
    private partial void LogTakenDown(string blobName, string? slug);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying {BlobName} (attempt {Attempt}): {Reason}")]
    private partial void LogRetry(string blobName, int attempt, string reason);
}
