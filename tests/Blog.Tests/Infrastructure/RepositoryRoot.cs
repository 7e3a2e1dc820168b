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
}
