using System.Security.Cryptography;
using System.Text;
using Blog.Rendering;
using Markdig;
using static Blog.Publishing.FrontMatterFields;

namespace Blog.Publishing;

/// <summary>
/// The whole publishing computation without I/O: file bytes in, a <see cref="CompiledArticle"/>
/// (or the reason for refusing the file) out. Follows the content contract: front matter keys
/// and their aliases, dates, slugs, taxonomy names, safe HTML and the computed fields.
/// Thread-safe; build one and share it.
/// </summary>
public sealed class ArticleCompiler(MarkdownRenderer renderer)
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 500;
    public const int MaxTagLength = 50;
    public const int MaxCategoryLength = 100;
    public const int MaxTags = 30;
    public const int MaxCategories = 10;
    public const int MaxAliases = 20;
    public const int MaxAuthors = 10;
    public const int MaxAuthorLength = 200;
    public const int MaxSeriesLength = 200;
    public const int MaxSeriesOrder = 100_000;

    /// <summary>
    /// True for the blob names of articles: <c>.md</c> and <c>.markdown</c>, any depth, except the
    /// author profiles directly in <c>authors/</c> (<see cref="AuthorProfiles"/>).
    /// </summary>
    public static bool IsMarkdown(string blobName) =>
        (blobName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ||
         blobName.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)) &&
        !AuthorProfiles.IsProfile(blobName);

    /// <summary>
    /// How every content hash this compiler makes begins: <see cref="Storage.IndexSchema.HashPrefix"/>,
    /// then a tag of the setting written into the HTML (the media base), so that a file published
    /// under another media base counts as made by other rules, and a reindex rewrites it.
    /// </summary>
    /// <summary>Where relative image URLs go: <c>{MediaBase}/{path}</c> (<see cref="MarkdownRenderer.MediaBase"/>).</summary>
    public string MediaBase => renderer.MediaBase;

    public string HashPrefix { get; } = Storage.IndexSchema.HashPrefix + SettingsTag(renderer.MediaBase) + "-";

    /// <summary>
    /// The content hash of a file as <see cref="Compile"/> computes it. It carries
    /// <see cref="Storage.IndexSchema.Version"/>, which also covers this type's rules: raise it when
    /// the same bytes would compile to other stored content.
    /// </summary>
    public string HashContent(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return HashPrefix + Convert.ToHexStringLower(hash);
    }

    private static string SettingsTag(string mediaBase)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(mediaBase), hash);
        return Convert.ToHexStringLower(hash[..4]);
    }

    /// <summary>
    /// Compiles one file. Whatever the bytes, nothing but a <see cref="ContentRejectedException"/>
    /// leaves this method, apart from cancellation and running out of memory, which say nothing
    /// about the file: a failure inside the YAML or Markdown libraries, or in the code around
    /// them, refuses the file with a message its author can act on, the same for the same bytes.
    /// </summary>
    /// <exception cref="ContentRejectedException">The file cannot be published as it stands.</exception>
    public CompiledArticle Compile(string blobName, ReadOnlySpan<byte> content)
    {
        var stage = Stage.FrontMatter;
        try
        {
            return CompileFile(blobName, content, ref stage);
        }
        catch (Exception ex) when (ex is not (ContentRejectedException or OperationCanceledException or OutOfMemoryException))
        {
            throw Unexpected(ex, stage);
        }
    }

    private CompiledArticle CompileFile(string blobName, ReadOnlySpan<byte> content, ref Stage stage)
    {
        var hash = HashContent(content);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }

        var frontMatter = FrontMatter.Parse(content);
        var fileName = FileStem(blobName);
        var datedName = IsDated(fileName);

        var title = RequiredTitle(frontMatter);
        var slug = ArticleSlug(frontMatter, datedName ? fileName[11..] : fileName);
        var publishedAt = Timestamp(frontMatter, "date", "publishDate", "published_at")
            ?? FileNameDate(fileName, datedName)
            ?? throw new ContentRejectedException(
                "The front matter has no date. Add a line such as date: 2026-11-28 (or 2026-11-28T09:30:00Z), or start the file name with the date, as in 2026-11-28-my-post.md.",
                1);

        var description = OptionalText(frontMatter, MaxDescriptionLength, "description", "summary");
        var categories = Categories(frontMatter);
        stage = Stage.Markdown;
        var media = renderer.MediaFor(blobName);
        var rendered = renderer.Render(frontMatter.Body, BodyFirstLine(content, frontMatter.Body), media);
        stage = Stage.FrontMatter;
        var coverImage = Url(frontMatter, allowPath: true, "coverImage", "image", "cover_image", "feature_image") is { } cover
            ? media.Rewrite(cover, isImage: true)
            : null;

        return new CompiledArticle
        {
            BlobName = blobName,
            ContentHash = hash,
            Slug = slug,
            Title = title,
            Description = description,
            Excerpt = rendered.Excerpt,
            Categories = categories,
            Tags = Tags(frontMatter),
            Authors = Authors(frontMatter),
            Series = Series(frontMatter),
            CoverImage = coverImage,
            PublishedAt = publishedAt,
            UpdatedAt = Timestamp(frontMatter, "updated", "lastmod", "updated_at"),
            ExpiresAt = Timestamp(frontMatter, "expiryDate", "expires"),
            Draft = Boolean(frontMatter, "draft") ?? (Boolean(frontMatter, "published") is false),
            Featured = Boolean(frontMatter, "featured") ?? false,
            Aliases = Aliases(frontMatter, slug),
            CanonicalUrl = Url(frontMatter, allowPath: false, "canonicalUrl", "canonical_url"),
            Html = rendered.Html,
            Toc = rendered.Toc,
            WordCount = rendered.WordCount,
            ReadingTimeMinutes = rendered.ReadingTimeMinutes,
            MediaTargets = media.Targets,
            Warnings = media.Warnings,
        };
    }

    /// <summary>The line of the file the body starts on: the lines of the file not in the body come first.</summary>
    private static int BodyFirstLine(ReadOnlySpan<byte> content, string body) =>
        content.Count((byte)'\n') - body.AsSpan().Count('\n') + 1;

    /// <summary>What <see cref="Compile"/> was doing when something failed.</summary>
    private enum Stage
    {
        /// <summary>Reading the front matter or a value in it.</summary>
        FrontMatter,

        /// <summary>Turning the Markdown into HTML.</summary>
        Markdown,
    }

    /// <summary>Markdig refuses syntax trees nested deeper than this: its default, which the dialect keeps.</summary>
    private static readonly int MarkdownDepthLimit = new MarkdownPipelineBuilder().MaximumNestingDepth;

    /// <summary>The refusal for a failure no rule of the content contract foresaw.</summary>
    private static ContentRejectedException Unexpected(Exception ex, Stage stage)
    {
        if (stage == Stage.Markdown && IsMarkdigDepthLimit(ex))
        {
            return new ContentRejectedException(
                new Rejection(
                    $"The Markdown nests deeper than Markdig's limit of {MarkdownDepthLimit} levels: lists, quotes, links, brackets or emphasis inside each other (a list level counts twice, for the list and its item), or thousands of unmatched * or [ in one paragraph. Flatten it."),
                ex);
        }

        if (ex is InsufficientExecutionStackException)
        {
            return new ContentRejectedException(
                new Rejection(stage == Stage.Markdown
                    ? "The Markdown nests too deeply to convert: lists, quotes, links or emphasis inside each other. Flatten it."
                    : "The front matter nests too deeply to read. Front matter holds flat keys, lists and short maps; flatten it."),
                ex);
        }

        // A fault of the converter on this file: say what failed, without a stack trace.
        var reason = ex.GetType().Name + ": " + FirstLine(ex.Message);
        return new ContentRejectedException(
            new Rejection(stage == Stage.Markdown
                ? $"The file could not be converted to HTML ({reason}). Look for unusual markup, such as an unclosed HTML comment or tag, and simplify it; if the file looks right, report this message to the site's maintainers."
                : $"The front matter could not be read ({reason}). Look for unusual YAML and simplify it; if the front matter looks right, report this message to the site's maintainers."),
            ex);
    }

    /// <summary>
    /// Markdig's refusal of a document nested beyond its limits (<see cref="MarkdownDepthLimit"/>
    /// blocks or rendered levels, or a larger one on delimiters in a paragraph): an
    /// <see cref="ArgumentException"/> that says "depth limit exceeded".
    /// </summary>
    private static bool IsMarkdigDepthLimit(Exception ex) =>
        ex.GetType() == typeof(ArgumentException) &&
        ex.Source == typeof(Markdown).Assembly.GetName().Name &&
        ex.Message.Contains("depth limit exceeded", StringComparison.Ordinal);

    private static string FirstLine(string text)
    {
        var newline = text.AsSpan().IndexOfAny('\r', '\n');
        return Shorten((newline < 0 ? text : text[..newline]).Trim());
    }

    private static string FileStem(string blobName)
    {
        var name = blobName[(blobName.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }
}
