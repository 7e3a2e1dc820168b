using System.Globalization;
using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Blog.Rendering;
using Blog.Storage;
using Markdig;
using Microsoft.Extensions.Logging;
using static Blog.Publishing.FrontMatterFields;

namespace Blog.Publishing;

/// <summary>
/// Author profiles: <c>authors/{name}.yml</c> (or <c>.yaml</c>, or <c>.md</c> with front matter and
/// the bio as its body) at the top of the posts container. The file name gives the author's slug
/// by the tag rule (<c>authors/Jane Doe.yml</c> and <c>authors/jane-doe.yml</c> are both
/// <c>jane-doe</c>), so it matches the articles whose <c>author</c> is "Jane Doe". A profile is one
/// row; a refused file leaves the previous profile in place and records an ingest error.
/// <para>
/// Deliveries may come late or out of order: each run writes what the blob holds now and then
/// checks that the blob still has the ETag it read; if not, it runs again, so the last run to
/// finish writes the blob's last content.
/// </para>
/// </summary>
public sealed partial class AuthorProfiles(BlogStore store, TimeProvider time, ILogger logger)
{
    public const string Folder = "authors/";
    public const int MaxBytes = 64 * 1024;
    public const int MaxBioLength = 2_000;

    /// <summary>Longest Markdown body read as a bio (its formatting included).</summary>
    public const int MaxBioMarkdownLength = 4_000;
    private const int MaxAttempts = 5;

    private readonly TableClient _table = store.Table;

    /// <summary>Where a relative avatar (<c>avatar: jane.png</c>, beside the profile) goes, as relative article images do.</summary>
    public string MediaBase { get; init; } = MediaLinks.DefaultBase;
    private readonly IngestErrors _errors = new(store.Table);

    /// <summary>True for the blob names of profiles: a <c>.yml</c>, <c>.yaml</c>, <c>.md</c> or <c>.markdown</c> file directly in <c>authors/</c>.</summary>
    public static bool IsProfile(string blobName) =>
        blobName.StartsWith(Folder, StringComparison.Ordinal) &&
        blobName.IndexOf('/', Folder.Length) < 0 &&
        Path.GetExtension(blobName).ToLowerInvariant() is ".yml" or ".yaml" or ".md" or ".markdown" &&
        !string.IsNullOrWhiteSpace(Path.GetFileNameWithoutExtension(blobName));

    private static bool IsYaml(string blobName) => Path.GetExtension(blobName).StartsWith(".y", StringComparison.OrdinalIgnoreCase);

    /// <summary>The slug of the author a profile file describes.</summary>
    public static string SlugOf(string blobName) => Slugs.ForTaxonomy(Path.GetFileNameWithoutExtension(blobName));

    /// <summary>Reads a profile file; throws <see cref="ContentRejectedException"/> saying what to fix, whatever the bytes.</summary>
    public static AuthorProfile Parse(string blobName, ReadOnlySpan<byte> content, string mediaBase = MediaLinks.DefaultBase)
    {
        try
        {
            return ParseFile(blobName, content, mediaBase);
        }
        catch (ContentRejectedException ex) when (IsYaml(blobName) && ex.Rejection.Line is { } line)
        {
            // A YAML file is read as front matter after an added first line: count its own lines.
            throw new ContentRejectedException(new Rejection(ex.Rejection.Message, Math.Max(1, line - 1)), ex);
        }
        catch (Exception ex) when (ex is not (ContentRejectedException or OperationCanceledException or OutOfMemoryException))
        {
            throw new ContentRejectedException(
                new Rejection("The profile cannot be read. Write it as YAML lines such as name: Jane Doe, bio: ... and avatar: https://..."), ex);
        }
    }

    private static AuthorProfile ParseFile(string blobName, ReadOnlySpan<byte> content, string mediaBase)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        var markdown = !IsYaml(blobName);

        // A YAML file is read as front matter with nothing after it.
        var frontMatter = markdown
            ? FrontMatter.Parse(content)
            : FrontMatter.Parse([.. "---\n"u8, .. content, .. "\n---\n"u8]);

        var bio = OptionalText(frontMatter, MaxBioLength, "bio", "description", "summary");
        if (bio is null && markdown && !string.IsNullOrWhiteSpace(frontMatter.Body))
        {
            // Markdown is read only in a body short enough that no construct can make it slow.
            var body = frontMatter.Body.Trim();
            bio = body.Length <= MaxBioMarkdownLength
                ? PlainText(body)
                : throw new ContentRejectedException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The bio below the front matter is {body.Length:N0} characters long; the limit is {MaxBioMarkdownLength:N0} (about {MaxBioLength:N0} once formatting is gone). Shorten it."));
        }

        return new AuthorProfile(
            OptionalText(frontMatter, ArticleCompiler.MaxAuthorLength, "name", "title"),
            bio,
            Url(frontMatter, allowPath: true, "avatar", "image", "photo") is { } avatar
                ? new MediaLinks(mediaBase, blobName).Rewrite(avatar, isImage: true)
                : null);
    }

    /// <summary>Brings the profile row in line with what the blob holds now (removes it when the blob is gone).</summary>
    public async Task<PublishResult> PublishAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var blobName = blob.Name;
        for (var attempt = 1; ; attempt++)
        {
            var download = await Download.ReadAsync(blob, MaxBytes, cancellationToken).ConfigureAwait(false);
            var result = download is null
                ? await RemoveAsync(blobName, cancellationToken).ConfigureAwait(false)
                : await WriteAsync(blobName, download, cancellationToken).ConfigureAwait(false);
            var now = await CurrentETagAsync(blob, cancellationToken).ConfigureAwait(false);
            if (now == download?.ETag || attempt == MaxAttempts)
            {
                return result;
            }
        }
    }

    /// <summary>Removes the profile a vanished file gave, unless another file has given that author's profile since.</summary>
    public async Task<PublishResult> RemoveAsync(string blobName, CancellationToken cancellationToken)
    {
        var slug = SlugOf(blobName);
        await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(BlogKeys.AuthorsPartition, BlogKeys.AuthorProfileRow(slug), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (row.HasValue && AuthorProfileRow.BlobName.Get(row.Value!) == blobName)
        {
            try
            {
                await _table.DeleteEntityAsync(row.Value!, row.Value!.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Rewritten meanwhile by a newer file: that one stays.
                return new PublishResult(PublishOutcome.Unchanged, blobName, slug);
            }

            LogProfileRemoved(blobName, slug);
            return new PublishResult(PublishOutcome.Removed, blobName, slug);
        }

        return new PublishResult(PublishOutcome.Unchanged, blobName, slug);
    }

    /// <summary>The profile rows and the files they came from: for a reindex.</summary>
    public async Task<List<TableEntity>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {BlogKeys.AuthorsPartition}"),
                           cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (AuthorProfileRow.IsProfile(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private async Task<PublishResult> WriteAsync(string blobName, Download download, CancellationToken cancellationToken)
    {
        var slug = SlugOf(blobName);
        AuthorProfile profile;
        try
        {
            profile = download.Content is null
                ? throw new ContentRejectedException(
                    string.Create(CultureInfo.InvariantCulture, $"The profile is {download.Length / 1024.0:0.#} KiB; the limit is {MaxBytes / 1024} KiB. Keep a profile to a name, a bio and an avatar."))
                : Parse(blobName, download.Content, MediaBase);
        }
        catch (ContentRejectedException ex)
        {
            await _errors.WriteAsync(IngestErrorEntity.Create(blobName, ex.Rejection.Message, ex.Rejection.Line, time.GetUtcNow()), cancellationToken)
                .ConfigureAwait(false);
            LogProfileRefused(blobName, ex.Rejection.Line, ex.Rejection.Message);
            return new PublishResult(PublishOutcome.Refused, blobName, slug, ex.Rejection);
        }

        await _table.UpsertEntityAsync(AuthorProfileRow.Create(slug, profile, blobName, download.ETag), TableUpdateMode.Replace, cancellationToken)
            .ConfigureAwait(false);
        await _errors.DeleteAsync(blobName, cancellationToken).ConfigureAwait(false);
        LogProfilePublished(blobName, slug);
        return new PublishResult(PublishOutcome.Published, blobName, slug);
    }

    private static async Task<string?> CurrentETagAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ETag.ToString().Trim('"');
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A Markdown bio as plain text, whitespace collapsed, at most <see cref="MaxBioLength"/> characters.</summary>
    private static string? PlainText(string markdown)
    {
        string text;
        try
        {
            text = Markdown.ToPlainText(markdown);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ContentRejectedException("The bio's Markdown cannot be read. Write it as plain paragraphs, or put it in a bio: line.");
        }

        var collapsed = new StringBuilder(Math.Min(text.Length, MaxBioLength + 1));
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (collapsed.Length + word.Length + 1 > MaxBioLength)
            {
                break;
            }

            collapsed.Append(collapsed.Length == 0 ? string.Empty : " ").Append(word);
        }

        return collapsed.Length == 0 ? null : collapsed.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the profile {BlobName} of author {Slug}")]
    private partial void LogProfilePublished(string blobName, string slug);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the profile {BlobName} at line {Line}: {Reason}")]
    private partial void LogProfileRefused(string blobName, int? line, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the profile {BlobName} of author {Slug}")]
    private partial void LogProfileRemoved(string blobName, string slug);
}
