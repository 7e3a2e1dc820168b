using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Azure.Storage.Blobs;
using Blog.LoadTests;

// The load benchmark: its own Azurite and dev host, the shared corpus and generated posts
// published through the blob function, publishing timed against a bare baseline, then every
// public read route under a fixed load, against the host's constant answer and Azurite's own
// point read. Usage: LoadOptions.Usage.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var root = Run.RepositoryRoot();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Load benchmark on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; " +
    $"{options.Connections} connections, {options.Warmup.TotalSeconds:F1} s warm-up and {options.Duration.TotalSeconds:F1} s per route."));
using var azurite = await Azurite.StartAsync(root);
using var client = LoadGenerator.CreateClient(options.Connections);
if (options.Scale)
{
    await Run.ScaleAsync(root, azurite.ConnectionString, client, options);
}
else
{
    await Run.DefaultAsync(root, azurite.ConnectionString, client, options);
}

return 0;

namespace Blog.LoadTests
{
    /// <summary>The two modes of the benchmark.</summary>
    internal static class Run
    {
        private const string CacheSetting = "Blog__ReadCacheSeconds";

        /// <summary>Publishing throughput, then the read load once per cache setting.</summary>
        public static async Task DefaultAsync(string root, string connectionString, HttpClient client, LoadOptions options)
        {
            var corpus = Corpus(root);
            var names = BlogNames.Fresh("load");
            var generated = PostGenerator.Generate(options.Posts, options.Seed).Select(post => new SourceFile(post.Name, BinaryData.FromString(post.Markdown))).ToList();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\nPublishing the {corpus.Count} corpus posts: baseline first (upload, then each file downloaded and one entity written, one after the other)..."));
            await Publishing.BaselineAsync(connectionString, corpus); // warm-up: this process's code and Azurite's, not counted
            var baselineBefore = await Publishing.BaselineAsync(connectionString, corpus);
            TimeSpan published, uploaded;
            await using (var host = await DevHost.StartAsync(root, connectionString, names, names.PostsContainer, Settings(0)))
            {
                var container = new BlobServiceClient(connectionString).GetBlobContainerClient(names.PostsContainer);
                await container.CreateIfNotExistsAsync();

                // A warm host, as one that has published before: one post first, not timed.
                var warmup = PostGenerator.Generate(1, options.Seed, firstIndex: 99_999).Single();
                var warmupUpload = await Publishing.UploadAsync(container, [new SourceFile(warmup.Name, BinaryData.FromString(warmup.Markdown))]);
                await Publishing.WaitUntilHandledAsync(client, host, warmupUpload, Stopwatch.StartNew(), TimeSpan.FromMinutes(1));

                var clock = Stopwatch.StartNew();
                var etags = await Publishing.UploadAsync(container, corpus);
                uploaded = clock.Elapsed;
                var (handled, states) = await Publishing.WaitUntilHandledAsync(client, host, etags, clock, TimeSpan.FromMinutes(5));
                published = handled;
                Console.WriteLine("  the dev host handled them: " + string.Join(", ", states.Values.CountBy(state => state).Select(pair => $"{pair.Value} {pair.Key}")));

                var visible = await Publishing.TotalAsync(client, host) - 1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nPublishing {options.Posts:N0} generated posts (seed {options.Seed}) after the {visible} visible corpus articles..."));
                await Publishing.UploadAsync(container, generated);
                await Publishing.WaitForTotalAsync(client, host, visible + 1 + options.Posts, TimeSpan.FromSeconds(60));
            }

            var baselineAfter = await Publishing.BaselineAsync(connectionString, corpus);
            var baseline = (baselineBefore + baselineAfter) / 2;
            var publishing = string.Create(CultureInfo.InvariantCulture,
                $"Publishing the corpus through the dev host: {published.TotalSeconds:F2} s (uploads {uploaded.TotalSeconds:F2} s of it); " +
                $"baseline {baseline.TotalSeconds:F2} s (mean of {baselineBefore.TotalSeconds:F2} s before and {baselineAfter.TotalSeconds:F2} s after); " +
                $"ratio {published / baseline:F2}× (target: at most 3×); " +
                $"per file after the uploads: {(published - uploaded).TotalMilliseconds / corpus.Count:F1} ms, one after the other as the watcher hands them to the blob function.");
            Console.WriteLine(publishing);

            var idle = names.PostsContainer.Replace("-posts-", "-idle-", StringComparison.Ordinal);
            ReadTargets? targets = null;
            var runs = new List<(int Cache, List<Measurement> Routes)>();
            foreach (var cache in options.CacheSeconds)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nRead load, {CacheSetting}={cache} (a host without a read cache ignores it):"));
                await using var host = await DevHost.StartAsync(root, connectionString, names, idle, Settings(cache));
                targets ??= await ReadTargets.DiscoverAsync(client, host.BaseAddress);
                runs.Add((cache, await ReadBenchmark.MeasureRoutesAsync(client, ReadRoute.All(host.BaseAddress, targets), options)));
            }

            Console.WriteLine("\nStorage baseline (no host running):");
            var storage = await ReadBenchmark.MeasureStorageAsync(connectionString, names.Table, targets!.Slugs, options);

            var report = new StringBuilder();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"\n## Results: {Environment.ProcessorCount} cores, {targets.Slugs.Count} article slugs rotated, tag `{targets.Tag}`, category `{targets.Category}`, search `{targets.Word}`\n"));
            report.AppendLine(publishing);
            foreach (var (cache, routes) in runs)
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"\n### {CacheSetting}={cache}\n"));
                report.Append(ReadBenchmark.Table(routes, storage));
            }

            Console.WriteLine(report);
        }

        /// <summary>The p50 of every route at each size, generated posts only, cache off.</summary>
        public static async Task ScaleAsync(string root, string connectionString, HttpClient client, LoadOptions options)
        {
            var names = BlogNames.Fresh("scale");
            var idle = names.PostsContainer.Replace("-posts-", "-idle-", StringComparison.Ordinal);
            var container = new BlobServiceClient(connectionString).GetBlobContainerClient(names.PostsContainer);
            await container.CreateIfNotExistsAsync();
            var results = new List<(int Size, List<Measurement> Routes)>();
            var published = 0;
            ReadTargets? targets = null; // the same slugs, tag and category at every size
            foreach (var size in options.ScaleArticles.Order())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nPublishing up to {size:N0} generated articles..."));
                await using (var host = await DevHost.StartAsync(root, connectionString, names, names.PostsContainer, Settings(0)))
                {
                    var files = PostGenerator.Generate(size - published, options.Seed, published).Select(post => new SourceFile(post.Name, BinaryData.FromString(post.Markdown)));
                    var clock = Stopwatch.StartNew();
                    await Publishing.UploadAsync(container, files);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  uploaded {size - published:N0} files in {clock.Elapsed.TotalSeconds:F1} s"));
                    await Publishing.WaitForTotalAsync(client, host, size, TimeSpan.FromSeconds(120));
                }

                published = size;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Read load at {size:N0} articles, {CacheSetting}=0:"));
                await using (var host = await DevHost.StartAsync(root, connectionString, names, idle, Settings(0)))
                {
                    targets ??= await ReadTargets.DiscoverAsync(client, host.BaseAddress);
                    results.Add((size, await ReadBenchmark.MeasureRoutesAsync(client, ReadRoute.All(host.BaseAddress, targets), options)));
                }
            }

            var report = new StringBuilder();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"\n## p50 by number of articles, {CacheSetting}=0, {Environment.ProcessorCount} cores\n"));
            report.AppendLine("| route | " + string.Join(" | ", results.Select(r => string.Create(CultureInfo.InvariantCulture, $"p50 ms at {r.Size:N0}"))) + " | last ÷ first |");
            report.AppendLine("|---|" + string.Concat(results.Select(_ => "---:|")) + "---:|");
            for (var i = 0; i < results[0].Routes.Count; i++)
            {
                var p50s = results.Select(r => r.Routes[i].P50Milliseconds).ToList();
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{results[0].Routes[i].Route}` | {string.Join(" | ", p50s.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))} | {p50s[^1] / p50s[0]:F2} |"));
            }

            Console.WriteLine(report);
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

        private static Dictionary<string, string> Settings(int cacheSeconds) => new(StringComparer.Ordinal)
        {
            [CacheSetting] = cacheSeconds.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The shared corpus beside the repository, as <c>corpus/{file name}</c> blobs; the run fails without it.</summary>
        private static List<SourceFile> Corpus(string root)
        {
            var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "jekyll-posts"));
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The shared corpus is missing: {folder} (the benchmark publishes its posts; put the corpus beside the repository).");
            }

            var files = Directory.GetFiles(folder, "*.markdown").Concat(Directory.GetFiles(folder, "*.md")).Order(StringComparer.Ordinal)
                .Select(path => new SourceFile("corpus/" + Path.GetFileName(path), BinaryData.FromBytes(File.ReadAllBytes(path))))
                .ToList();
            return files.Count > 0 ? files : throw new InvalidOperationException($"The shared corpus {folder} holds no posts.");
        }
    }
}
