using Blog.Publishing;
using Blog.Storage;

namespace Blog.Search;

/// <summary>Where in an article a term was found; title and tag matches rank above body matches.</summary>
[Flags]
public enum TermFields
{
    None = 0,

    /// <summary>The description or the body.</summary>
    Body = 1,

    /// <summary>A tag's or a category's name.</summary>
    Tag = 2,

    Title = 4,
}

/// <summary>
/// The distinct terms of one article and where each was found: the title first, then tag and
/// category names, the description and the body. At most <see cref="MaxTerms"/> terms are kept,
/// in order of first appearance, and at most <see cref="SearchRow.MaxTerms"/> of one bucket (an
/// article of 1,600 terms has about 200 in each of its 8 rows), so no file can outgrow its rows.
/// </summary>
public sealed class SearchDocument
{
    /// <summary>Most distinct terms indexed per article; words first seen after them are not searchable.</summary>
    public const int MaxTerms = 1_600;

    private readonly Dictionary<string, TermFields> _terms = new(StringComparer.Ordinal);
    private readonly int[] _perBucket = new int[BlogKeys.SearchBuckets];

    private SearchDocument()
    {
    }

    /// <summary>Each distinct term and where it was found.</summary>
    public IReadOnlyDictionary<string, TermFields> Terms => _terms;

    public static SearchDocument For(CompiledArticle article)
    {
        var document = new SearchDocument();
        document.Add(article.Title, TermFields.Title);
        foreach (var name in article.Tags.Concat(article.Categories))
        {
            document.Add(name.Name, TermFields.Tag);
        }

        if (article.Description is { } description)
        {
            document.Add(description, TermFields.Body);
        }

        document.Add(SearchText.TextOfHtml(article.Html), TermFields.Body);
        return document;
    }

    private void Add(string text, TermFields field)
    {
        foreach (var term in SearchText.IndexTerms(text))
        {
            if (_terms.TryGetValue(term, out var fields))
            {
                _terms[term] = fields | field;
            }
            else if (_terms.Count < MaxTerms && _perBucket[BlogKeys.SearchBucket(term)] < SearchRow.MaxTerms)
            {
                _terms[term] = field;
                _perBucket[BlogKeys.SearchBucket(term)]++;
            }
        }
    }
}
