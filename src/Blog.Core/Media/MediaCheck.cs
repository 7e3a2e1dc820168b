using Azure;
using Azure.Storage.Blobs;
using Blog.Publishing;

namespace Blog.Media;

/// <summary>
/// Looks, after an article compiled, for the files its relative URLs name, and says which are
/// missing. Costs nothing for an article with no relative URL; otherwise one existence check per
/// distinct servable file, at most <see cref="MaxChecked"/>, <see cref="Parallelism"/> at a time.
/// A missing file is a warning, never a refusal; a check storage cannot answer is a warning too.
/// </summary>
internal static class MediaCheck
{
    /// <summary>The most files one publish looks for.</summary>
    public const int MaxChecked = 32;

    /// <summary>Checks at once.</summary>
    public const int Parallelism = 8;

    /// <summary>The article's own warnings, then one for each file it names that the container lacks, in the order the article names them.</summary>
    public static async Task<IReadOnlyList<string>> WarningsAsync(BlobContainerClient posts, CompiledArticle article, CancellationToken cancellationToken)
    {
        var checkable = article.MediaTargets
            .Where(target => MediaPaths.ContentTypeOf(target.Path) is not null)
            .DistinctBy(target => target.Path, StringComparer.Ordinal)
            .ToList();
        if (checkable.Count == 0)
        {
            return article.Warnings;
        }

        var checkedTargets = checkable.Take(MaxChecked).ToList();
        var missing = new string?[checkedTargets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, checkedTargets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var target = checkedTargets[i];
                try
                {
                    if (!await posts.GetBlobClient(target.Path).ExistsAsync(ct).ConfigureAwait(false))
                    {
                        missing[i] = $"{target.Describe()} was not found in the container.";
                    }
                }
                catch (RequestFailedException ex)
                {
                    missing[i] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{target.Describe()} could not be looked for (storage answered {ex.Status}); publish again to check.");
                }
            }).ConfigureAwait(false);

        var warnings = new List<string>(article.Warnings);
        warnings.AddRange(missing.OfType<string>());
        if (checkable.Count > MaxChecked)
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The article names {checkable.Count} files beside it; only the first {MaxChecked} were looked for."));
        }

        return warnings;
    }
}
