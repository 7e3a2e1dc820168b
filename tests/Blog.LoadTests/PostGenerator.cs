using System.Globalization;
using System.Text;

namespace Blog.LoadTests;

/// <summary>A generated post: its blob name and its Markdown.</summary>
internal sealed record GeneratedPost(string Name, string Markdown);

/// <summary>
/// Realistic posts from a fixed seed: a title, a date spread over ten years, one to four tags
/// from a pool of 50 and a category from 8 (both skewed, as real blogs are: a few tags on many
/// posts, many on few), and a few paragraphs of prose from a vocabulary of common words, with
/// the odd heading, list, link and emphasis.
/// </summary>
internal static class PostGenerator
{
    /// <summary>A word of the generated prose frequent enough to be in most posts: the search benchmark's query.</summary>
    public const string CommonWord = "performance";

    private static readonly string[] Tags =
    [
        "azure", "dotnet", "csharp", "performance", "testing", "cloud", "serverless", "storage", "security", "devops",
        "databases", "javascript", "typescript", "react", "css", "html", "accessibility", "linux", "docker", "kubernetes",
        "git", "ci", "observability", "logging", "caching", "search", "markdown", "api-design", "http", "networking",
        "rust", "go", "python", "machine-learning", "llm", "data", "sql", "nosql", "architecture", "refactoring",
        "career", "teams", "open-source", "books", "conferences", "tools", "editors", "productivity", "design", "writing",
    ];

    private static readonly string[] Categories =
        ["Engineering", "Notes", "Tutorials", "Releases", "Opinion", "Links", "Talks", "Projects"];

    private static readonly string[] Words =
    [
        "the", "and", "performance", "a", "to", "of", "in", "is", "we", "that", "for", "it", "with", "on", "this",
        "code", "data", "system", "time", "you", "can", "team", "service", "request", "change", "from", "as", "are",
        "not", "test", "build", "one", "more", "when", "what", "storage", "cache", "query", "users", "release", "be",
        "by", "an", "our", "how", "page", "work", "first", "file", "new", "make", "each", "run", "index", "read",
        "write", "memory", "latency", "throughput", "deploy", "review", "simple", "small", "every", "still", "better",
        "faster", "cost", "problem", "answer", "question", "design", "tool", "library", "feature", "bug", "fix",
        "version", "server", "client", "network", "thread", "process", "table", "row", "key", "value", "list",
        "search", "result", "error", "log", "metric", "trace", "budget", "plan", "step", "week", "month", "year",
        "people", "learned", "tried", "measured", "shipped", "wrote", "found", "kept", "moved", "removed",
    ];

    private static readonly string[] TitleOpenings =
    [
        "Notes on", "What I learned from", "A practical guide to", "Rethinking", "Measuring", "Lessons from",
        "Getting started with", "Why we moved to", "The hidden cost of", "Five years of", "Debugging", "Scaling",
    ];

    private static readonly string[] TitleSubjects =
    [
        "table storage", "cold starts", "blob triggers", "static sites", "search indexes", "feature flags",
        "code review", "release trains", "load testing", "read caches", "markdown pipelines", "API versioning",
        "connection pools", "retry policies", "small teams", "monorepos", "error budgets", "structured logs",
    ];

    public static IEnumerable<GeneratedPost> Generate(int count, int seed, int firstIndex = 0)
    {
        var random = new Random(seed + firstIndex);
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            yield return Post(random, i);
        }
    }

    private static GeneratedPost Post(Random random, int index)
    {
        var title = $"{Pick(random, TitleOpenings)} {Pick(random, TitleSubjects)}";
        var slug = string.Create(CultureInfo.InvariantCulture, $"{Slug(title)}-{index:D5}");
        var date = new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc)
            .AddMinutes(random.NextInt64((long)TimeSpan.FromDays(3650).TotalMinutes));
        var tags = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Skewed(random, Tags)).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder(4096);
        text.Append("---\n")
            .Append("title: \"").Append(title).Append("\"\n")
            .Append("slug: ").Append(slug).Append('\n')
            .Append("date: ").Append(date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("tags: [").Append(string.Join(", ", tags)).Append("]\n")
            .Append("category: ").Append(Skewed(random, Categories)).Append('\n')
            .Append("---\n\n");
        var paragraphs = random.Next(3, 7);
        for (var p = 0; p < paragraphs; p++)
        {
            if (p == 2 && random.Next(2) == 0)
            {
                text.Append("## ").Append(Capitalized(Sentence(random, 3, 6))).Append("\n\n");
            }

            for (var s = random.Next(3, 7); s > 0; s--)
            {
                text.Append(Capitalized(Sentence(random, 8, 18))).Append(". ");
            }

            text.Append("\n\n");
            if (random.Next(5) == 0)
            {
                text.Append("- ").Append(Sentence(random, 3, 8)).Append("\n- ").Append(Sentence(random, 3, 8))
                    .Append("\n- see [the notes](https://example.com/notes/").Append(index).Append(")\n\n");
            }
        }

        return new GeneratedPost(string.Create(CultureInfo.InvariantCulture, $"generated/{date.Year}/{slug}.md"), text.ToString());
    }

    private static string Sentence(Random random, int min, int max)
    {
        var words = Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Skewed(random, Words)).ToArray();
        if (words.Length > 4 && random.Next(6) == 0)
        {
            words[2] = "**" + words[2] + "**";
        }

        return string.Join(' ', words);
    }

    /// <summary>The k-th item with a weight of 1/(k+1): a few very common, a long tail of rare ones.</summary>
    private static string Skewed(Random random, string[] items)
    {
        var total = 0.0;
        for (var k = 0; k < items.Length; k++)
        {
            total += 1.0 / (k + 1);
        }

        var target = random.NextDouble() * total;
        for (var k = 0; k < items.Length; k++)
        {
            target -= 1.0 / (k + 1);
            if (target <= 0)
            {
                return items[k];
            }
        }

        return items[^1];
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slug(string title) =>
        string.Join('-', title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
