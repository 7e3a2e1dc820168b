using System.Text;

namespace Blog.Benchmarks;

/// <summary>The documents every benchmark runs on: from a short post to a 1 MB one.</summary>
public static class Documents
{
    public const string Brief = "short";
    public const string MedianJekyll = "median-jekyll";
    public const string Long40K = "40KB";
    public const string Huge1M = "1MB";

    public static byte[] Load(string name) => name switch
    {
        Brief => Encoding.UTF8.GetBytes(ShortPost()),
        MedianJekyll => MedianJekyllPost(),
        Long40K => Encoding.UTF8.GetBytes(Generated(40 * 1024)),
        Huge1M => Encoding.UTF8.GetBytes(Generated(1024 * 1024)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The Markdown body of a file: what comes after its front matter.</summary>
    public static string Body(byte[] file)
    {
        var text = Encoding.UTF8.GetString(file);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        return end < 0 ? text : text[(end + 5)..];
    }

    private static string ShortPost() => """
        ---
        title: "OpenAI ships a new model"
        date: 2026-11-28T09:30:00Z
        tags: [models, openai]
        category: News
        ---

        OpenAI released a new model today. It is **faster** and costs less, according to the
        [announcement](https://openai.example/blog). Early users report better code completion.
        """;

    /// <summary>Set to <c>1</c> to run the median case on a generated stand-in where the shared corpus is absent.</summary>
    public const string AllowStandInVariable = "BLOG_BENCH_GENERATED_MEDIAN";

    /// <summary>
    /// The Jekyll post of median size in the shared corpus. Without the corpus the run fails,
    /// unless <see cref="AllowStandInVariable"/> allows a generated stand-in, which it then
    /// announces on every load, so no result passes for the corpus's median when it is not.
    /// </summary>
    private static byte[] MedianJekyllPost()
    {
        if (FindCorpus() is { } corpus)
        {
            var files = CorpusFiles(corpus).Select(path => new FileInfo(path)).OrderBy(file => file.Length).ToList();
            return File.ReadAllBytes(files[files.Count / 2].FullName);
        }

        const string Missing = "The shared corpus (../shared/corpus/jekyll-posts beside the repository) is missing, so there is no median Jekyll post.";
        if (Environment.GetEnvironmentVariable(AllowStandInVariable) != "1")
        {
            throw new InvalidOperationException($"{Missing} Set {AllowStandInVariable}=1 to measure a generated 2 KB stand-in instead.");
        }

        Console.Error.WriteLine($"WARNING: {Missing} The '{MedianJekyll}' case runs on a GENERATED 2 KB stand-in, not a real post.");
        return Encoding.UTF8.GetBytes(Generated(2 * 1024));
    }

    /// <summary>The repository's root: the folder of Functions.sln above the running benchmark.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every Markdown post of the shared corpus; the run fails where the corpus is absent.</summary>
    public static IEnumerable<string> CorpusFiles() =>
        CorpusFiles(FindCorpus() ?? throw new InvalidOperationException("The shared corpus (../shared/corpus/jekyll-posts beside the repository) is missing."));

    private static IEnumerable<string> CorpusFiles(string corpus) =>
        Directory.GetFiles(corpus, "*.markdown").Concat(Directory.GetFiles(corpus, "*.md"));

    private static string? FindCorpus()
    {
        var corpus = Path.Combine(RepositoryRoot(), "..", "shared", "corpus", "jekyll-posts");
        return Directory.Exists(corpus) ? corpus : null;
    }

    /// <summary>
    /// A long read of about <paramref name="size"/> bytes, shaped like real ones: mostly prose with
    /// links and emphasis, a list in every section, code every third section, a table every
    /// sixth, a quote every fourth.
    /// </summary>
    private static string Generated(int size)
    {
        var text = new StringBuilder(size + 4096);
        text.Append("---\ntitle: \"A long read on AI tooling\"\ndate: 2026-11-28\ntags: [ai, tools, benchmarks]\ncategory: Analysis\n---\n\n");
        var section = 0;
        while (text.Length < size)
        {
            section++;
            text.Append("## Section ").Append(section).Append(": what changed\n\n");
            text.Append("Large language models keep getting *cheaper* and **faster**, and the tooling around them ")
                .Append("follows. See the [release notes](https://example.com/notes/").Append(section)
                .Append(") and the `--fast` flag for details. Teams report fewer regressions when evaluations run on every change, ")
                .Append("and fewer surprises in production when prompts are reviewed like code.\n\n");
            text.Append("Costs matter as much as quality. A model that answers in half the time at twice the price is rarely ")
                .Append("the better choice for a background job, and the opposite holds for anything a person waits on. ")
                .Append("Measure both before switching, on your own traffic rather than on a leaderboard.\n\n");
            text.Append("The teams we spoke to ship small changes often, keep a fixed set of cases for every feature, and ")
                .Append("treat a drop in their scores as a failed build. None of them regret the habit.\n\n");
            text.Append("- Evaluation harnesses run nightly\n- Prompts live in version control\n- Costs are tracked per feature\n\n");
            if (section % 3 == 0)
            {
                text.Append("```python\ndef score(model, cases):\n    return sum(model(c.input) == c.expected for c in cases) / len(cases)\n```\n\n");
            }

            if (section % 6 == 0)
            {
                text.Append("| Model | Latency | Cost |\n|---|---:|---:|\n| small | 120 ms | $0.10 |\n| large | 900 ms | $1.20 |\n\n");
            }

            if (section % 4 == 0)
            {
                text.Append("> Measure before you optimise; the bottleneck is rarely where you expect it.\n\n");
            }
        }

        return text.ToString();
    }
}
