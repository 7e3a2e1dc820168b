using System.Text.Json;
using Blog.Articles;
using Blog.Storage;

namespace Blog.Publishing;

/// <summary>
/// Everything a publish of one compiled article will write, worked out before its first write:
/// the lists it goes into, the redirects it asks for, where its HTML lives, and what the
/// version before it owned (so that step 1 can record old ∪ new and step 5 remove the difference).
/// </summary>
internal sealed record PublishPlan(
    CompiledArticle Article,
    IReadOnlyList<Scope> Scopes,
    IReadOnlyList<string> FormerSlugs,
    IReadOnlyList<string> RedirectCandidates,
    string? HtmlBlob,
    OwnedRows Old)
{
    /// <summary>Where the article is placed: one entry per list, as the source row records it.</summary>
    public IReadOnlyList<string> Placements { get; } = Scopes.Select(s => OwnedRows.Placement(s, Article.Slug)).ToList();

    public string Slug => Article.Slug;

    public string BlobName => Article.BlobName;

    /// <summary>When the article becomes visible and, if ever, stops being visible.</summary>
    public Moments Moments => new(Article.PublishedAt, Article.ExpiresAt);

    public static PublishPlan For(CompiledArticle article, SourceEntity? existing)
    {
        var slug = article.Slug;
        List<Scope> scopes = article.Draft
            ? []
            : new[] { Scope.All }
                .Concat(article.Tags.Select(t => Scope.Tag(t.Slug)))
                .Concat(article.Categories.Select(c => Scope.Category(c.Slug)))
                .Concat(article.Authors.Select(a => Scope.Author(a.Slug)))
                .Concat(article.Series is { } series ? [Scope.Series(series.Slug)] : [])
                .ToList();
        var formerSlugs = existing?.ReadFormerSlugs() ?? [];
        if (existing?.Slug is { } previous && previous != slug && !formerSlugs.Contains(previous))
        {
            formerSlugs.Add(previous);
        }

        formerSlugs.Remove(slug);
        return new PublishPlan(
            article,
            scopes,
            formerSlugs,
            article.Aliases.Concat(formerSlugs).Where(a => a != slug).Distinct().ToList(),
            article.Html.Length > HeadRow.MaxInlineHtmlLength ? $"{slug}/{article.ContentHash}.html" : null,
            existing?.ReadOwned() ?? OwnedRows.None);
    }

    /// <summary>What the file may own while this run works: the old version's rows and the new one's.</summary>
    public OwnedRows Widened => Old.Union(After(RedirectCandidates));

    /// <summary>What the file owns once this run is done, with the redirects it got.</summary>
    public OwnedRows After(IReadOnlyList<string> redirects) =>
        new([Slug], Placements, redirects, HtmlBlob is null ? [] : [HtmlBlob], Article.Draft ? [] : [Slug]);

    /// <summary>The article's summary, under the names its tags, categories and authors already have (<paramref name="names"/>).</summary>
    public ArticleSummary Summarize(IReadOnlyDictionary<Scope, string> names)
    {
        var article = Article;
        var categories = article.Categories
            .Select(c => new TaxonomyRef(c.Slug, names.GetValueOrDefault(Scope.Category(c.Slug), c.Name)))
            .ToList();
        var authors = article.Authors
            .Select(a => new TaxonomyRef(a.Slug, names.GetValueOrDefault(Scope.Author(a.Slug), a.Name)))
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
            Author = authors.FirstOrDefault()?.Name,
            Authors = authors,
            CoverImage = article.CoverImage,
            PublishedAt = article.PublishedAt,
            UpdatedAt = article.UpdatedAt,
            ReadingTimeMinutes = article.ReadingTimeMinutes,
            WordCount = article.WordCount,
            Featured = article.Featured,
        };
    }

    /// <summary>
    /// The article's entry in the list of <paramref name="scope"/>, carrying the scope's display
    /// name (a series keeps <paramref name="knownName"/>, the name it already has, if any).
    /// </summary>
    public ListEntry Entry(Scope scope, string? knownName, ArticleSummary summary, string summaryJson)
    {
        var scopeName = scope.Kind switch
        {
            ScopeKind.Tag => summary.Tags.First(t => t.Slug == scope.Slug).Name,
            ScopeKind.Category => summary.Categories.First(c => c.Slug == scope.Slug).Name,
            ScopeKind.Author => summary.Authors.First(a => a.Slug == scope.Slug).Name,
            ScopeKind.Series => knownName ?? Article.Series?.Name,
            _ => null,
        };
        return new ListEntry(
            Slug,
            Article.ContentHash,
            summaryJson,
            Moments,
            Article.Tags.Select(t => t.Slug).ToList(),
            Article.Categories.Select(c => c.Slug).ToList(),
            scopeName)
        {
            AuthorSlugs = Article.Authors.Select(a => a.Slug).ToList(),
            SeriesOrder = scope.Kind == ScopeKind.Series ? Article.Series?.Order : null,
            UpdatedAt = Article.UpdatedAt,
            Html = Article.Html,
            HtmlBlob = HtmlBlob,
        };
    }

    public static string Serialize(ArticleSummary summary) => JsonSerializer.Serialize(summary, BlogJson.Context.ArticleSummary);

    /// <summary>The head row's content, with the summary as the lists have it.</summary>
    public ArticleHead Head(string summaryJson) => new(
        Slug, BlobName, Article.ContentHash, summaryJson,
        HeadRow.DetailsJson(Article.Toc, Article.CanonicalUrl, Article.Series?.Slug, Article.Series?.Order),
        Article.Draft, Article.PublishedAt, Article.ExpiresAt, Article.Html, HtmlBlob);
}
