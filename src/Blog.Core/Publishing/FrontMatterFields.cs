using Blog.Rendering;

namespace Blog.Publishing;

/// <summary>
/// Reads the fields of an article from its front matter, by the content contract: the keys and
/// their aliases, the limits, and a refusal naming the line for every value that breaks them.
/// </summary>
internal static class FrontMatterFields
{
    internal static string RequiredTitle(FrontMatter frontMatter)
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

        if (title.Length > ArticleCompiler.MaxTitleLength)
        {
            throw new ContentRejectedException(
                $"The title is {title.Length} characters long; the limit is {ArticleCompiler.MaxTitleLength}. Shorten it.", entry.Line);
        }

        return title;
    }

    internal static string ArticleSlug(FrontMatter frontMatter, string fileSlug)
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
    internal static bool IsDated(string fileName) =>
        fileName.Length > 11 && fileName[4] == '-' && fileName[7] == '-' && fileName[10] == '-' &&
        char.IsAsciiDigit(fileName[0]) && char.IsAsciiDigit(fileName[1]) && char.IsAsciiDigit(fileName[2]) && char.IsAsciiDigit(fileName[3]) &&
        char.IsAsciiDigit(fileName[5]) && char.IsAsciiDigit(fileName[6]) && char.IsAsciiDigit(fileName[8]) && char.IsAsciiDigit(fileName[9]);

    internal static DateTimeOffset? FileNameDate(string fileName, bool dated) =>
        dated && TimestampParser.TryParse(fileName.AsSpan(0, 10), out var date) ? date : null;

    internal static DateTimeOffset? Timestamp(FrontMatter frontMatter, params ReadOnlySpan<string> keys)
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

    internal static string? OptionalText(FrontMatter frontMatter, int maxLength, params ReadOnlySpan<string> keys)
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

    /// <summary>
    /// Every author, in order: <c>author</c> (a name, a list, or Jekyll's <c>{ name: ... }</c>)
    /// and then <c>authors</c>; duplicates by slug collapse. A name is never split on commas
    /// (<c>"Doe, Jane"</c> is one person); items that are not names are skipped, as before.
    /// </summary>
    internal static List<TaxonomyName> Authors(FrontMatter frontMatter)
    {
        var names = new List<(string Name, int Line)>();
        FrontMatterValue? first = null;
        foreach (var key in (ReadOnlySpan<string>)["author", "authors"])
        {
            var entry = frontMatter.Find(key);
            if (entry is null || entry.IsEmpty)
            {
                continue;
            }

            first ??= entry;
            switch (entry.Kind)
            {
                case FrontMatterValueKind.Scalar:
                    names.Add((entry.Scalar ?? string.Empty, entry.Line));
                    break;
                case FrontMatterValueKind.List:
                    names.AddRange(entry.Items.Where(i => i.Value is not null).Select(i => (i.Value!, i.Line)));
                    break;
                default:
                    names.Add((entry.Fields.GetValueOrDefault("name") ?? string.Empty, entry.Line));
                    break;
            }
        }

        return Taxonomy(
            names.Where(n => !string.IsNullOrWhiteSpace(n.Name)).Select(n => (n.Name.Trim(), n.Line)).ToList(),
            first, "author", ArticleCompiler.MaxAuthors, ArticleCompiler.MaxAuthorLength);
    }

    /// <summary>
    /// The series the article is part of: <c>series</c> (a name, or Hugo's list of which the first
    /// counts) and its place in it, <c>seriesOrder</c> (<c>series_order</c>, <c>seriesPart</c>,
    /// <c>series_part</c>), a whole number from 0 to 100,000.
    /// </summary>
    internal static SeriesName? Series(FrontMatter frontMatter)
    {
        var entry = frontMatter.Find("series");
        if (entry is null || entry.IsEmpty)
        {
            return null;
        }

        if (entry.Kind == FrontMatterValueKind.Mapping)
        {
            throw new ContentRejectedException(
                "series should be the name of the series, such as series: Building a RAG pipeline (its place goes in seriesOrder: 2).", entry.Line);
        }

        var names = Taxonomy(Names(entry, splitOnComma: false).Take(1).ToList(), entry, "series", 1, ArticleCompiler.MaxSeriesLength);
        if (names.Count == 0)
        {
            return null;
        }

        int? order = null;
        var orderEntry = frontMatter.Find("seriesOrder", "series_order", "seriesPart", "series_part");
        if (orderEntry is { IsEmpty: false })
        {
            var text = Scalar(orderEntry)?.Trim();
            order = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
                    value <= ArticleCompiler.MaxSeriesOrder
                ? value
                : throw new ContentRejectedException(
                    $"{orderEntry.Key}: '{Shorten(text ?? "(a list)")}' should be the article's place in its series, a whole number such as 2.",
                    orderEntry.Line);
        }

        return new SeriesName(names[0].Slug, names[0].Name, order);
    }

    internal static string? Url(FrontMatter frontMatter, bool allowPath, params ReadOnlySpan<string> keys)
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

    internal static bool? Boolean(FrontMatter frontMatter, string key)
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

    internal static List<TaxonomyName> Tags(FrontMatter frontMatter)
    {
        var entry = frontMatter.Find("tags");
        var names = entry is null ? [] : Names(entry, splitOnComma: true);
        return Taxonomy(names, entry, "tag", ArticleCompiler.MaxTags, ArticleCompiler.MaxTagLength);
    }

    internal static List<TaxonomyName> Categories(FrontMatter frontMatter)
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

        return Taxonomy(names, single ?? list, "category", ArticleCompiler.MaxCategories, ArticleCompiler.MaxCategoryLength);
    }

    internal static List<(string Name, int Line)> Names(FrontMatterValue entry, bool splitOnComma)
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

    internal static List<TaxonomyName> Taxonomy(List<(string Name, int Line)> names, FrontMatterValue? entry, string kind, int max, int maxLength)
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

    internal static List<string> Aliases(FrontMatter frontMatter, string slug)
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

        if (aliases.Count > ArticleCompiler.MaxAliases)
        {
            throw new ContentRejectedException(
                $"The article has {aliases.Count} aliases; the limit is {ArticleCompiler.MaxAliases}.", entry.Line);
        }

        return aliases;
    }

    internal static string? Scalar(FrontMatterValue entry) => entry.Kind switch
    {
        FrontMatterValueKind.Scalar => entry.Scalar,
        FrontMatterValueKind.List when entry.Items.Count > 0 => entry.Items[0].Value,
        _ => null,
    };

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
