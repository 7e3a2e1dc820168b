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

    /// <summary>The Jekyll post of median size in the shared corpus, or a generated stand-in of that size.</summary>
    private static byte[] MedianJekyllPost()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var corpus = Path.Combine(directory.FullName, "..", "shared", "corpus", "jekyll-posts");
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")) && Directory.Exists(corpus))
            {
                var files = Directory.GetFiles(corpus, "*.markdown").Concat(Directory.GetFiles(corpus, "*.md"))
                    .Select(path => new FileInfo(path)).OrderBy(file => file.Length).ToList();
                return File.ReadAllBytes(files[files.Count / 2].FullName);
            }
        }

        return Encoding.UTF8.GetBytes(Generated(2 * 1024));
    }

    /// <summary>A realistic article of about <paramref name="size"/> bytes: headings, prose, lists, code, tables, links.</summary>
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
                .Append(") and the `--fast` flag for details. Teams report fewer regressions when evaluations run on every change.\n\n");
            text.Append("- Evaluation harnesses run nightly\n- Prompts live in version control\n- Costs are tracked per feature\n\n");
            text.Append("```python\ndef score(model, cases):\n    return sum(model(c.input) == c.expected for c in cases) / len(cases)\n```\n\n");
            text.Append("| Model | Latency | Cost |\n|---|---:|---:|\n| small | 120 ms | $0.10 |\n| large | 900 ms | $1.20 |\n\n");
            text.Append("> Measure before you optimise; the bottleneck is rarely where you expect it.\n\n");
        }

        return text.ToString();
    }
}
