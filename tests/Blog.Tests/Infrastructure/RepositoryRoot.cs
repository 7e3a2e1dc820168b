namespace Blog.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test output folder.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    });

    public static string FullPath => Root.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    /// <summary>The shared corpus of real Markdown, beside the repository, or null when it is not there.</summary>
    public static string? CorpusDirectory(string name)
    {
        var directory = Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "corpus", name));
        return Directory.Exists(directory) ? directory : null;
    }

    /// <summary>
    /// The case a theory over the corpus adds in place of its files when the corpus is absent, so
    /// that the run reports a skip rather than quietly testing fewer documents (<see cref="SkipWhenMissing"/>).
    /// </summary>
    public const string MissingCorpus = "(the shared corpus ../shared/corpus/jekyll-posts is not beside the repository)";

    /// <summary>Skips the case that stands for a missing corpus.</summary>
    public static void SkipWhenMissing(string testCase) =>
        Xunit.Assert.SkipWhen(testCase == MissingCorpus, MissingCorpus);
}
