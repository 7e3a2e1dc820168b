using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Blog.Articles;
using Blog.Storage;
using Microsoft.Extensions.Logging;

namespace Blog.Publishing;

/// <summary>
/// Publishes what a Markdown blob holds now into the index, and takes it out again. Safe to run
/// twice, late, concurrently or out of order for the same file: it always reads the blob's
/// current bytes, skips content it has already handled (by hash), works on one file at a time
/// (a lock on the file's source row), and orders its writes so that a run cut off anywhere is
/// finished by the next one:
/// <list type="number">
/// <item>record every row this run may own (old ∪ new) on the source row, with the lock;</item>
/// <item>claim the slug (the first file to claim a slug keeps it);</item>
/// <item>place the article in its lists (one batch per list, tallies included);</item>
/// <item>write the head row that serves the article, then its redirects;</item>
/// <item>remove what only the old version had;</item>
/// <item>record the new state on the source row and release the lock.</item>
/// </list>
/// </summary>
public sealed partial class ArticlePublisher(
    BlogStore store,
    ArticleCompiler compiler,
    TimeProvider time,
    ILogger<ArticlePublisher> logger)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    private readonly TableClient _table = store.Table;
    private readonly ListIndex _lists = new(store.Table, time);

    /// <summary>Publishes the blob of that name in the posts container.</summary>
    public Task<PublishResult> PublishAsync(string blobName, CancellationToken cancellationToken = default) =>
        PublishAsync(store.Posts.GetBlobClient(blobName), cancellationToken);

    /// <summary>Publishes what <paramref name="blob"/> holds now; removes the article if the blob is gone.</summary>
    public async Task<PublishResult> PublishAsync(BlobClient blob, CancellationToken cancellationToken = default)
    {
        var blobName = blob.Name;
        if (!ArticleCompiler.IsMarkdown(blobName))
        {
            return new PublishResult(PublishOutcome.Ignored, blobName);
        }

        var download = await DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        if (download is null)
        {
            return await RemoveAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PublishOnceAsync(blobName, download, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is TaxonomyNameChangedException or SourceChangedException)
            {
                LogRetry(blobName, attempt, ex.Message);
            }
        }
    }

    /// <summary>Removes everything the index holds for a file that no longer exists.</summary>
    public Task<PublishResult> RemoveAsync(string blobName, CancellationToken cancellationToken = default) =>
        WithRetriesAsync(blobName, () => RemoveOnceAsync(blobName, takeDown: false, cancellationToken));

    /// <summary>Takes a file's article down while keeping the file; it stays down until the file's content changes.</summary>
    public Task<PublishResult> TakeDownAsync(string blobName, CancellationToken cancellationToken = default) =>
        WithRetriesAsync(blobName, () => RemoveOnceAsync(blobName, takeDown: true, cancellationToken));

    private async Task<PublishResult> WithRetriesAsync(string blobName, Func<Task<PublishResult>> operation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (SourceChangedException ex) when (attempt < MaxAttempts)
            {
                LogRetry(blobName, attempt, ex.Message);
            }
        }
    }

    private async Task<PublishResult> PublishOnceAsync(string blobName, Download download, CancellationToken cancellationToken)
    {
        var source = await ReadSourceAsync(blobName, cancellationToken).ConfigureAwait(false);
        source = await WaitForLockAsync(blobName, source, cancellationToken).ConfigureAwait(false);
        var hash = download.Content is null ? "too-large:" + download.ETag : ArticleCompiler.HashContent(download.Content);

        if (source is not null && source.LockId is null)
        {
            if (hash == source.TakenDownHash)
            {
                LogUnchanged(blobName, source.Slug, "taken down");
                await RememberETagAsync(source, download.ETag, cancellationToken).ConfigureAwait(false);
                return new PublishResult(PublishOutcome.Unchanged, blobName, source.Slug);
            }

            if (hash == source.ContentHash)
            {
                if (source.RefusedHash is not null)
                {
                    // The live content was uploaded again after a refused one: the error is over.
                    await DeleteIngestErrorAsync(blobName, cancellationToken).ConfigureAwait(false);
                    source.RefusedHash = null;
                    source.BlobETag = download.ETag;
                    await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await RememberETagAsync(source, download.ETag, cancellationToken).ConfigureAwait(false);
                }

                LogUnchanged(blobName, source.Slug, "same content");
                return new PublishResult(PublishOutcome.Unchanged, blobName, source.Slug);
            }

            if (hash == source.RefusedHash)
            {
                await RememberETagAsync(source, download.ETag, cancellationToken).ConfigureAwait(false);
                LogUnchanged(blobName, source.Slug, "same refused content");
                return new PublishResult(PublishOutcome.Refused, blobName, source.Slug,
                    await ReadRejectionAsync(blobName, cancellationToken).ConfigureAwait(false));
            }
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
            return await RefuseAsync(source, blobName, hash, ex.Rejection, remember: true, download.ETag, cancellationToken).ConfigureAwait(false);
        }

        return await ApplyAsync(source, article, download.ETag, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PublishResult> ApplyAsync(SourceEntity? existing, CompiledArticle article, string blobETag, CancellationToken cancellationToken)
    {
        var blobName = article.BlobName;
        var slug = article.Slug;
        List<Scope> scopes = article.Draft
            ? []
            : new[] { Scope.All }
                .Concat(article.Tags.Select(t => Scope.Tag(t.Slug)))
                .Concat(article.Categories.Select(c => Scope.Category(c.Slug)))
                .ToList();
        var placements = scopes.Select(s => Placement(s, slug)).ToList();
        var formerSlugs = Read(existing?.FormerSlugs);
        if (existing?.Slug is { } previous && previous != slug && !formerSlugs.Contains(previous))
        {
            formerSlugs.Add(previous);
        }

        formerSlugs.Remove(slug);
        var redirectCandidates = article.Aliases.Concat(formerSlugs).Where(a => a != slug).Distinct().ToList();
        var htmlBlob = article.Html.Length > ArticleRows.MaxInlineHtmlLength ? $"{slug}/{article.ContentHash}.html" : null;

        // 1. Record everything this run may own, and take the lock.
        var source = existing ?? new SourceEntity { RowKey = BlogKeys.SourceRow(blobName), BlobName = blobName };
        var old = Owned.From(source);
        source.LockId = Guid.NewGuid().ToString("N");
        source.LockUntil = time.GetUtcNow() + LockDuration;
        source.Claims = Write(old.Claims.Append(slug));
        source.Placements = Write(old.Placements.Concat(placements));
        source.Redirects = Write(old.Redirects.Concat(redirectCandidates));
        source.HtmlBlobs = Write(htmlBlob is null ? old.HtmlBlobs : old.HtmlBlobs.Append(htmlBlob));
        await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ApplyLockedAsync(source, old, article, slug, scopes, placements, formerSlugs, redirectCandidates, htmlBlob, blobETag, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SourceChangedException)
        {
            await ReleaseLockAsync(source).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PublishResult> ApplyLockedAsync(
        SourceEntity source,
        Owned old,
        CompiledArticle article,
        string slug,
        List<Scope> scopes,
        List<string> placements,
        List<string> formerSlugs,
        List<string> redirectCandidates,
        string? htmlBlob,
        string blobETag,
        CancellationToken cancellationToken)
    {
        var blobName = article.BlobName;

        // 2. Claim the slug: the first file keeps it.
        var owner = await ClaimAsync(slug, blobName, cancellationToken).ConfigureAwait(false);
        if (owner != blobName)
        {
            old.ApplyTo(source);
            source.LockId = null;
            source.LockUntil = null;
            var rejection = new Rejection(
                $"The slug '{slug}' is already used by {owner}, which claimed it first. Give {blobName} another slug (add a line such as slug: {slug}-2 to its front matter) or remove the other file.");
            return await RefuseAsync(source, blobName, article.ContentHash, rejection, remember: false, blobETag: null, cancellationToken).ConfigureAwait(false);
        }

        // 3. Place the article in its lists, under the names the tags and categories already have.
        var states = new List<ListState>(scopes.Count);
        foreach (var scope in scopes)
        {
            states.Add(await _lists.ReadAsync(scope, slug, cancellationToken).ConfigureAwait(false));
        }

        var names = states.Where(s => s.Name is not null).ToDictionary(s => s.Scope, s => s.Name!);
        var summary = Summarize(article, names);
        var summaryJson = JsonSerializer.Serialize(summary, BlogJson.Context.ArticleSummary);
        var moments = new Moments(article.PublishedAt, article.ExpiresAt);
        var tagSlugs = article.Tags.Select(t => t.Slug).ToList();
        var categorySlugs = article.Categories.Select(c => c.Slug).ToList();
        var changes = new List<ListChange>(states.Count);
        foreach (var state in states)
        {
            var scopeName = state.Scope.Kind switch
            {
                ScopeKind.Tag => summary.Tags.First(t => t.Slug == state.Scope.Slug).Name,
                ScopeKind.Category => summary.Categories.First(c => c.Slug == state.Scope.Slug).Name,
                _ => null,
            };
            var entry = new ListEntry(slug, article.ContentHash, summaryJson, moments, tagSlugs, categorySlugs, scopeName);
            changes.Add(await _lists.PlaceAsync(state, entry, cancellationToken).ConfigureAwait(false));
        }

        await _lists.SyncSummariesAsync(changes, cancellationToken).ConfigureAwait(false);

        // 4. The head row, then the redirects to it.
        if (htmlBlob is not null)
        {
            await store.Rendered.GetBlobClient(htmlBlob)
                .UploadAsync(BinaryData.FromString(article.Html), overwrite: true, cancellationToken)
                .ConfigureAwait(false);
        }

        await _table.UpsertEntityAsync(
            ArticleRows.Head(new ArticleHead(
                slug, blobName, article.ContentHash, summaryJson,
                ArticleRows.DetailsJson(article.Toc, article.CanonicalUrl),
                article.Draft, article.PublishedAt, article.ExpiresAt, article.Html, htmlBlob)),
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

        var redirects = new List<string>();
        foreach (var alias in redirectCandidates)
        {
            if (await TryRedirectAsync(alias, article, cancellationToken).ConfigureAwait(false))
            {
                redirects.Add(alias);
            }
        }

        // 5. Remove what only the old version had.
        var removed = new List<ListChange>();
        foreach (var placement in old.Placements.Except(placements))
        {
            var (scope, placedSlug) = ParsePlacement(placement);
            removed.Add(await _lists.RemoveAsync(scope, placedSlug, cancellationToken).ConfigureAwait(false));
        }

        await _lists.SyncSummariesAsync(removed, cancellationToken).ConfigureAwait(false);
        foreach (var alias in old.Redirects.Except(redirects).Where(a => a != slug))
        {
            await DeleteHeadIfOwnedAsync(alias, blobName, ArticleRows.KindRedirect, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in old.Claims.Where(c => c != slug))
        {
            if (!redirects.Contains(claim))
            {
                await DeleteHeadIfOwnedAsync(claim, blobName, kind: null, cancellationToken).ConfigureAwait(false);
            }

            await DeleteClaimIfOwnedAsync(claim, blobName, cancellationToken).ConfigureAwait(false);
        }

        foreach (var blob in old.HtmlBlobs.Where(b => b != htmlBlob))
        {
            await store.Rendered.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // 6. Record the new state and release the lock.
        await DeleteIngestErrorAsync(blobName, cancellationToken).ConfigureAwait(false);
        source.ContentHash = article.ContentHash;
        source.BlobETag = blobETag;
        source.RefusedHash = null;
        source.TakenDownHash = null;
        source.Slug = slug;
        source.FormerSlugs = Write(formerSlugs);
        source.Claims = Write([slug]);
        source.Placements = Write(placements);
        source.Redirects = Write(redirects);
        source.HtmlBlobs = Write(htmlBlob is null ? [] : [htmlBlob]);
        source.LockId = null;
        source.LockUntil = null;
        await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);

        LogPublished(blobName, slug, article.Draft);
        return new PublishResult(PublishOutcome.Published, blobName, slug);
    }

    private async Task<PublishResult> RemoveOnceAsync(string blobName, bool takeDown, CancellationToken cancellationToken)
    {
        var source = await ReadSourceAsync(blobName, cancellationToken).ConfigureAwait(false);
        source = await WaitForLockAsync(blobName, source, cancellationToken).ConfigureAwait(false);
        if (source is null)
        {
            await DeleteIngestErrorAsync(blobName, cancellationToken).ConfigureAwait(false);
            return new PublishResult(takeDown ? PublishOutcome.Unchanged : PublishOutcome.Removed, blobName);
        }

        var slug = source.Slug;
        var owned = Owned.From(source);
        source.LockId = Guid.NewGuid().ToString("N");
        source.LockUntil = time.GetUtcNow() + LockDuration;
        await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RemoveLockedAsync(source, owned, slug, takeDown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not SourceChangedException)
        {
            await ReleaseLockAsync(source).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PublishResult> RemoveLockedAsync(SourceEntity source, Owned owned, string? slug, bool takeDown, CancellationToken cancellationToken)
    {
        var blobName = source.BlobName;

        // The article goes first, so no reader finds it after its lists are gone.
        foreach (var claim in owned.Claims)
        {
            await DeleteHeadIfOwnedAsync(claim, blobName, kind: null, cancellationToken).ConfigureAwait(false);
        }

        var changes = new List<ListChange>();
        foreach (var placement in owned.Placements)
        {
            var (scope, placedSlug) = ParsePlacement(placement);
            changes.Add(await _lists.RemoveAsync(scope, placedSlug, cancellationToken).ConfigureAwait(false));
        }

        await _lists.SyncSummariesAsync(changes, cancellationToken).ConfigureAwait(false);
        foreach (var alias in owned.Redirects)
        {
            await DeleteHeadIfOwnedAsync(alias, blobName, ArticleRows.KindRedirect, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in owned.Claims)
        {
            await DeleteClaimIfOwnedAsync(claim, blobName, cancellationToken).ConfigureAwait(false);
        }

        foreach (var blob in owned.HtmlBlobs)
        {
            await store.Rendered.DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await DeleteIngestErrorAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (takeDown)
        {
            source.TakenDownHash = source.ContentHash;
            source.ContentHash = null;
            source.RefusedHash = null;
            source.Slug = null;
            new Owned([], [], [], []).ApplyTo(source);
            source.LockId = null;
            source.LockUntil = null;
            await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);
            LogTakenDown(blobName, slug);
        }
        else
        {
            await _table.DeleteEntityAsync(source, source.ETag, cancellationToken).ConfigureAwait(false);
            LogRemoved(blobName, slug);
        }

        return new PublishResult(PublishOutcome.Removed, blobName, slug);
    }

    private async Task<PublishResult> RefuseAsync(
        SourceEntity? source, string blobName, string hash, Rejection rejection, bool remember, string? blobETag, CancellationToken cancellationToken)
    {
        await _table.UpsertEntityAsync(
            new IngestErrorEntity
            {
                RowKey = BlogKeys.IngestErrorRow(blobName),
                BlobName = blobName,
                Error = rejection.Message,
                Line = rejection.Line,
                At = time.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

        source ??= new SourceEntity { RowKey = BlogKeys.SourceRow(blobName), BlobName = blobName };
        source.RefusedHash = remember ? hash : null;
        source.BlobETag = blobETag; // a slug conflict is retried by every reindex: no ETag to skip on
        await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);

        LogRefused(blobName, rejection.Line, rejection.Message);
        return new PublishResult(PublishOutcome.Refused, blobName, source.Slug, rejection);
    }

    private static ArticleSummary Summarize(CompiledArticle article, Dictionary<Scope, string> names)
    {
        var categories = article.Categories
            .Select(c => new TaxonomyRef(c.Slug, names.GetValueOrDefault(Scope.Category(c.Slug), c.Name)))
            .ToList();
        return new ArticleSummary
        {
            Slug = article.Slug,
            Title = article.Title,
            Description = article.Description ?? article.Excerpt,
            Excerpt = article.Excerpt,
            Category = categories.FirstOrDefault(),
            Categories = categories,
            Tags = article.Tags.Select(t => new TaxonomyRef(t.Slug, names.GetValueOrDefault(Scope.Tag(t.Slug), t.Name))).ToList(),
            Author = article.Author,
            CoverImage = article.CoverImage,
            PublishedAt = article.PublishedAt,
            UpdatedAt = article.UpdatedAt,
            ReadingTimeMinutes = article.ReadingTimeMinutes,
            WordCount = article.WordCount,
            Featured = article.Featured,
        };
    }

    private async Task<Download?> DownloadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            using var result = response.Value;
            var length = result.Details.ContentLength;
            var etag = result.Details.ETag.ToString().Trim('"');
            if (length > store.Options.MaxFileBytes)
            {
                return new Download(null, length, etag);
            }

            var content = new byte[length];
            await result.Content.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return new Download(content, length, etag);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives the lock back after a failure (a cancelled reindex, a storage error), so the next run
    /// need not wait for it to expire. Best effort: if this fails too, the lock expires.
    /// </summary>
    private async Task ReleaseLockAsync(SourceEntity source)
    {
        try
        {
            var current = await ReadSourceAsync(source.BlobName, CancellationToken.None).ConfigureAwait(false);
            if (current is not null && current.LockId == source.LockId && current.LockId is not null)
            {
                current.LockId = null;
                current.LockUntil = null;
                ForgetHashes(current);
                await SaveSourceAsync(current, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogLockNotReleased(source.BlobName, ex);
        }
    }

    /// <summary>
    /// After an interrupted run some rows may hold a version the hashes do not describe: forget
    /// them, so the next run of any content takes the full path and reconciles every row.
    /// </summary>
    private static void ForgetHashes(SourceEntity source)
    {
        source.ContentHash = null;
        source.RefusedHash = null;
        source.BlobETag = null;
    }

    /// <summary>Notes the blob's ETag when the same bytes were uploaded again, so reindex can skip it without reading it.</summary>
    private async Task RememberETagAsync(SourceEntity source, string etag, CancellationToken cancellationToken)
    {
        if (source.BlobETag != etag)
        {
            source.BlobETag = etag;
            await SaveSourceAsync(source, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SourceEntity?> ReadSourceAsync(string blobName, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<SourceEntity>(
            BlogKeys.SourcePartition, BlogKeys.SourceRow(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task<SourceEntity?> WaitForLockAsync(string blobName, SourceEntity? source, CancellationToken cancellationToken)
    {
        // Waiting is measured in real time; whether a lock has expired, on the blog's clock.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (source?.LockId is not null)
        {
            if (source.LockUntil is null || source.LockUntil <= time.GetUtcNow())
            {
                // The operation that held the lock died; this run finishes its work.
                LogTakeOver(blobName);
                source.LockId = null;
                source.LockUntil = null;
                ForgetHashes(source);
                return source;
            }

            if (waited.Elapsed >= LockWait)
            {
                throw new PublishBusyException(blobName);
            }

            await Task.Delay(LockPoll, cancellationToken).ConfigureAwait(false);
            source = await ReadSourceAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        return source;
    }

    private async Task SaveSourceAsync(SourceEntity source, CancellationToken cancellationToken)
    {
        try
        {
            var response = source.ETag == default
                ? await _table.AddEntityAsync(source, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(source, source.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            source.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            throw new SourceChangedException(source.BlobName);
        }
    }

    /// <summary>Claims a slug for a file; returns the file that owns it afterwards.</summary>
    private async Task<string> ClaimAsync(string slug, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(ArticleRows.Claim(slug, blobName), cancellationToken).ConfigureAwait(false);
            return blobName;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var claim = await _table.GetEntityIfExistsAsync<TableEntity>(
                BlogKeys.ArticlePartition(slug), BlogKeys.ClaimRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            return claim.HasValue ? claim.Value!.GetString("Owner") ?? string.Empty : await ClaimAsync(slug, blobName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Points an alias at an article, unless the alias is another file's slug or redirect.</summary>
    private async Task<bool> TryRedirectAsync(string alias, CompiledArticle article, CancellationToken cancellationToken)
    {
        var blobName = article.BlobName;
        var partition = BlogKeys.ArticlePartition(alias);
        TableEntity? head = null;
        TableEntity? claim = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == BlogKeys.HeadRow)
            {
                head = row;
            }
            else if (row.RowKey == BlogKeys.ClaimRow)
            {
                claim = row;
            }
        }

        if ((claim is not null && claim.GetString("Owner") != blobName) ||
            (head is not null && head.GetString("Owner") != blobName))
        {
            return false;
        }

        var redirect = ArticleRows.Redirect(alias, article.Slug, blobName, article.Draft, article.PublishedAt, article.ExpiresAt);
        try
        {
            if (head is null)
            {
                await _table.AddEntityAsync(redirect, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.UpdateEntityAsync(redirect, head.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false; // another file took the slug meanwhile
        }
    }

    private async Task DeleteHeadIfOwnedAsync(string slug, string blobName, string? kind, CancellationToken cancellationToken)
    {
        var head = await _table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (head.HasValue && head.Value!.GetString("Owner") == blobName && (kind is null || head.Value.GetString("Kind") == kind))
        {
            await DeleteIfUnchangedAsync(head.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteClaimIfOwnedAsync(string slug, string blobName, CancellationToken cancellationToken)
    {
        var claim = await _table.GetEntityIfExistsAsync<TableEntity>(
            BlogKeys.ArticlePartition(slug), BlogKeys.ClaimRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (claim.HasValue && claim.Value!.GetString("Owner") == blobName)
        {
            await DeleteIfUnchangedAsync(claim.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteIfUnchangedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Someone else's now, or already gone: either way not ours to delete.
        }
    }

    // Deleting a row that is not there succeeds: the table client does not fail on 404 for deletes.
    private Task<Response> DeleteIngestErrorAsync(string blobName, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(BlogKeys.IngestErrorPartition, BlogKeys.IngestErrorRow(blobName), ETag.All, cancellationToken);

    private async Task<Rejection?> ReadRejectionAsync(string blobName, CancellationToken cancellationToken)
    {
        var error = await _table.GetEntityIfExistsAsync<IngestErrorEntity>(
            BlogKeys.IngestErrorPartition, BlogKeys.IngestErrorRow(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return error.HasValue ? new Rejection(error.Value!.Error, error.Value.Line) : null;
    }

    private static string Placement(Scope scope, string slug) => scope + "|" + slug;

    private static (Scope Scope, string Slug) ParsePlacement(string placement)
    {
        var bar = placement.LastIndexOf('|');
        return (Scope.Parse(placement[..bar]), placement[(bar + 1)..]);
    }

    private static List<string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, BlogJson.Context.ListString) ?? [];

    private static string Write(IEnumerable<string> values) =>
        JsonSerializer.Serialize(values.Distinct(StringComparer.Ordinal).ToList(), BlogJson.Context.ListString);

    private sealed record Download(byte[]? Content, long Length, string ETag);

    /// <summary>The rows a source record says its file may own.</summary>
    private sealed record Owned(List<string> Claims, List<string> Placements, List<string> Redirects, List<string> HtmlBlobs)
    {
        public static Owned From(SourceEntity source) =>
            new(Read(source.Claims), Read(source.Placements), Read(source.Redirects), Read(source.HtmlBlobs));

        public void ApplyTo(SourceEntity source)
        {
            source.Claims = Write(Claims);
            source.Placements = Write(Placements);
            source.Redirects = Write(Redirects);
            source.HtmlBlobs = Write(HtmlBlobs);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over {BlobName} from an operation whose lock expired")]
    private partial void LogTakeOver(string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lock on {BlobName}; it expires by itself")]
    private partial void LogLockNotReleased(string blobName, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying {BlobName} (attempt {Attempt}): {Reason}")]
    private partial void LogRetry(string blobName, int attempt, string reason);
}

/// <summary>The source row changed under a publish; the publish starts over.</summary>
public sealed class SourceChangedException(string blobName) : Exception($"The record of '{blobName}' changed meanwhile.");
