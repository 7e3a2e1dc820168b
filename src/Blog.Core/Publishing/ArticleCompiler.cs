using System.Security.Cryptography;
using System.Text;
using Blog.Rendering;
using Markdig;

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

    /// <summary>True for the blob names publishing handles: <c>.md</c> and <c>.markdown</c>, any depth.</summary>
    public static bool IsMarkdown(string blobName) =>
        blobName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ||
        blobName.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The content hash of a file as <see cref="Compile"/> computes it. It carries
    /// <see cref="Storage.IndexSchema.Version"/>, which also covers this type's rules: raise it when
    /// the same bytes would compile to other stored content.
    /// </summary>
    public static string HashContent(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Storage.IndexSchema.HashPrefix + Convert.ToHexStringLower(hash);
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
        var rendered = renderer.Render(frontMatter.Body, BodyFirstLine(content, frontMatter.Body));
        stage = Stage.FrontMatter;

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
            Author = Author(frontMatter),
            CoverImage = Url(frontMatter, allowPath: true, "coverImage", "image", "cover_image", "feature_image"),
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

    private static string RequiredTitle(FrontMatter frontMatter)
    {
        var entry = frontMatter.Find("title");
        if (entry is null || entry.IsEmpty)
        {
            throw new ContentRejectedException(
                "The front matter has no title. Add a line such as title: My first post between the --- lines at the top of the file.",
                entry?.Line ?? 1);
        }

        var title = (Scalar(entry) ?? string.Empty).Trim();
        if (title.Length == 0)
        {
            throw new ContentRejectedException("The title is empty. Give the article a title of 1 to 300 characters.", entry.Line);
        }

        if (title.Length > MaxTitleLength)
        {
            throw new ContentRejectedException(
                $"The title is {title.Length} characters long; the limit is {MaxTitleLength}. Shorten it.", entry.Line);
        }

        return title;
    }

    private static string ArticleSlug(FrontMatter frontMatter, string fileSlug)
    {
        var entry = frontMatter.Find("slug");
        var source = entry is { IsEmpty: false } ? Scalar(entry) ?? string.Empty : fileSlug;
        var slug = Slugs.ForArticle(source);
        if (slug.Length == 0)
        {
            throw new ContentRejectedException(
                entry is { IsEmpty: false }
                    ? $"The slug '{source}' has no letter or digit from a-z and 0-9 left once normalised. Use a slug such as my-first-post."
                    : $"No slug can be made from the file name '{fileSlug}'. Add a line such as slug: my-first-post to the front matter.",
                entry?.Line ?? 1);
        }

        return slug;
    }

    /// <summary>True for Jekyll-style names: <c>YYYY-MM-DD-</c> and then at least one character.</summary>
    private static bool IsDated(string fileName) =>
        fileName.Length > 11 && fileName[4] == '-' && fileName[7] == '-' && fileName[10] == '-' &&
        char.IsAsciiDigit(fileName[0]) && char.IsAsciiDigit(fileName[1]) && char.IsAsciiDigit(fileName[2]) && char.IsAsciiDigit(fileName[3]) &&
        char.IsAsciiDigit(fileName[5]) && char.IsAsciiDigit(fileName[6]) && char.IsAsciiDigit(fileName[8]) && char.IsAsciiDigit(fileName[9]);

    private static DateTimeOffset? FileNameDate(string fileName, bool dated) =>
        dated && TimestampParser.TryParse(fileName.AsSpan(0, 10), out var date) ? date : null;

    private static DateTimeOffset? Timestamp(FrontMatter frontMatter, params ReadOnlySpan<string> keys)
    {
        var entry = frontMatter.Find(keys);
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        var text = Scalar(entry);
        if (!TimestampParser.TryParse(text, out var value))
        {
            throw new ContentRejectedException(
                $"{entry.Key}: '{Shorten(text ?? "(a list)")}' is not a date. Write it as 2026-11-28, 2026-11-28T09:30:00Z or 2026-11-28 09:30:00 +0200.",
                entry.Line);
        }

        return value;
    }

    private static string? OptionalText(FrontMatter frontMatter, int maxLength, params ReadOnlySpan<string> keys)
    {
        var entry = frontMatter.Find(keys);
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        var text = Scalar(entry)?.Trim();
        if (text is { Length: > 0 } && text.Length > maxLength)
        {
            throw new ContentRejectedException(
                $"{entry.Key} is {text.Length} characters long; the limit is {maxLength}. Shorten it.", entry.Line);
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? Author(FrontMatter frontMatter)
    {
        var entry = frontMatter.Find("author", "authors");
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        var first = entry.Kind switch
        {
            FrontMatterValueKind.Scalar => entry.Scalar,
            FrontMatterValueKind.List => entry.Items.Select(i => i.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)),
            _ => entry.Fields.GetValueOrDefault("name"),
        };
        return string.IsNullOrWhiteSpace(first) ? null : first.Trim();
    }

    private static string? Url(FrontMatter frontMatter, bool allowPath, params ReadOnlySpan<string> keys)
    {
        var entry = frontMatter.Find(keys);
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        // jekyll-seo-tag writes image: { path: ..., alt: ... }.
        var url = (entry.Kind == FrontMatterValueKind.Mapping ? entry.Fields.GetValueOrDefault("path") : Scalar(entry))?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        // The rules links follow (UrlPolicy): a plain http(s) URL, or for images a path on the site.
        if (!UrlPolicy.IsAbsoluteWebUrl(url) && !(allowPath && UrlPolicy.IsRelative(url)))
        {
            throw new ContentRejectedException(
                allowPath
                    ? $"{entry.Key}: '{Shorten(url)}' is not a usable image address. Use an http(s) URL or a path such as /images/cover.png."
                    : $"{entry.Key}: '{Shorten(url)}' is not an http(s) URL.",
                entry.Line);
        }

        // Pages write these into attributes (src, href): nothing in them may end the attribute.
        if (!UrlPolicy.IsAttributeSafe(url))
        {
            throw new ContentRejectedException(
                $"{entry.Key}: '{Shorten(url)}' holds a space, quote, angle bracket, backtick, backslash or control character, which a URL cannot carry as written. Percent-encode it (a space is %20, a double quote %22) or leave it out.",
                entry.Line);
        }

        return url;
    }

    private static bool? Boolean(FrontMatter frontMatter, string key)
    {
        var entry = frontMatter.Find(key);
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        return Scalar(entry)?.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw new ContentRejectedException(
                $"{entry.Key}: '{Shorten(other ?? "(a list)")}' should be true or false.", entry.Line),
        };
    }

    private static List<TaxonomyName> Tags(FrontMatter frontMatter)
    {
        var entry = frontMatter.Find("tags");
        var names = entry is null ? [] : Names(entry, splitOnComma: true);
        return Taxonomy(names, entry, "tag", MaxTags, MaxTagLength);
    }

    private static List<TaxonomyName> Categories(FrontMatter frontMatter)
    {
        var names = new List<(string Name, int Line)>();
        var single = frontMatter.Find("category");
        var list = frontMatter.Find("categories");
        if (single is not null)
        {
            names.AddRange(Names(single, splitOnComma: false));
        }

        if (list is not null)
        {
            names.AddRange(Names(list, splitOnComma: true));
        }

        return Taxonomy(names, single ?? list, "category", MaxCategories, MaxCategoryLength);
    }

    private static List<(string Name, int Line)> Names(FrontMatterValue entry, bool splitOnComma)
    {
        var names = new List<(string, int)>();
        switch (entry.Kind)
        {
            case FrontMatterValueKind.Scalar when entry.Scalar is { } value:
                foreach (var part in splitOnComma ? value.Split(',') : [value])
                {
                    if (!string.IsNullOrWhiteSpace(part))
                    {
                        names.Add((part.Trim(), entry.Line));
                    }
                }

                break;
            case FrontMatterValueKind.List:
                foreach (var (value, line) in entry.Items)
                {
                    if (value is null)
                    {
                        throw new ContentRejectedException(
                            $"{entry.Key} should be a list of names, such as [news, ai]; one item is not a name.", line);
                    }

                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        names.Add((value.Trim(), line));
                    }
                }

                break;
            case FrontMatterValueKind.Mapping:
                throw new ContentRejectedException(
                    $"{entry.Key} should be a name or a list of names, such as [news, ai].", entry.Line);
        }

        return names;
    }

    private static List<TaxonomyName> Taxonomy(List<(string Name, int Line)> names, FrontMatterValue? entry, string kind, int max, int maxLength)
    {
        var result = new List<TaxonomyName>(names.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, line) in names)
        {
            if (name.Length > maxLength)
            {
                throw new ContentRejectedException(
                    $"The {kind} '{Shorten(name)}' is {name.Length} characters long; the limit is {maxLength}.", line);
            }

            var slug = Slugs.ForTaxonomy(name);
            if (seen.Add(slug))
            {
                result.Add(new TaxonomyName(slug, name));
            }
        }

        if (result.Count > max)
        {
            throw new ContentRejectedException(
                $"The article has {result.Count} different {kind} names; the limit is {max}. Keep the ones that matter most.", entry?.Line);
        }

        return result;
    }

    private static List<string> Aliases(FrontMatter frontMatter, string slug)
    {
        var entry = frontMatter.Find("aliases", "redirect_from");
        if (entry is null)
        {
            return [];
        }

        var aliases = new List<string>();
        foreach (var (alias, _) in Names(entry, splitOnComma: false))
        {
            // An alias may be an old path (/2013/05/06/old-post.html): its last segment is the old slug.
            var lastSegment = alias.TrimEnd('/');
            lastSegment = lastSegment[(lastSegment.LastIndexOf('/') + 1)..];
            var dot = lastSegment.LastIndexOf('.');
            if (dot > 0)
            {
                lastSegment = lastSegment[..dot];
            }

            var aliasSlug = Slugs.ForArticle(lastSegment);
            if (aliasSlug.Length > 0 && aliasSlug != slug && !aliases.Contains(aliasSlug))
            {
                aliases.Add(aliasSlug);
            }
        }

        if (aliases.Count > MaxAliases)
        {
            throw new ContentRejectedException(
                $"The article has {aliases.Count} aliases; the limit is {MaxAliases}.", entry.Line);
        }

        return aliases;
    }

    private static string? Scalar(FrontMatterValue entry) => entry.Kind switch
    {
        FrontMatterValueKind.Scalar => entry.Scalar,
        FrontMatterValueKind.List when entry.Items.Count > 0 => entry.Items[0].Value,
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
