using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace Blog.LoadTests;

/// <summary>What the read routes are called with: real slugs, the most used tag and category, a common word.</summary>
internal sealed record ReadTargets(IReadOnlyList<string> Slugs, string Tag, string Category, string Word)
{
    /// <summary>Reads them from the running host: the newest 100 slugs, the first tag and category (most articles first).</summary>
    public static async Task<ReadTargets> DiscoverAsync(HttpClient client, Uri api)
    {
        var page = await GetJsonAsync(client, new Uri(api, "articles?limit=100"));
        var slugs = page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
        var tags = await GetJsonAsync(client, new Uri(api, "tags"));
        var categories = await GetJsonAsync(client, new Uri(api, "categories"));
        if (slugs.Count == 0 || tags.RootElement.GetProperty("items").GetArrayLength() == 0 || categories.RootElement.GetProperty("items").GetArrayLength() == 0)
        {
            throw new InvalidOperationException("The host has no articles, tags or categories to read.");
        }

        return new ReadTargets(
            slugs,
            tags.RootElement.GetProperty("items")[0].GetProperty("slug").GetString()!,
            categories.RootElement.GetProperty("items")[0].GetProperty("slug").GetString()!,
            PostGenerator.CommonWord);
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

/// <summary>One public read route under load, by name and the URIs it rotates over.</summary>
internal sealed record ReadRoute(string Name, IReadOnlyList<Uri> Uris)
{
    public const string Article = "/api/articles/{slug}";
    public const string Ceiling = "/api/openapi.json (ceiling)";
    public const string Storage = "storage point read (baseline)";

    public static IReadOnlyList<ReadRoute> All(Uri api, ReadTargets targets)
    {
        ReadRoute One(string path) => new("/api/" + path, [new Uri(api, path)]);
        return
        [
            new(Article, targets.Slugs.Select(slug => new Uri(api, "articles/" + slug)).ToList()),
            One("articles?limit=20"),
            One("articles?tag=" + targets.Tag),
            One("articles?category=" + targets.Category),
            One("tags"),
            One("tags/" + targets.Tag),
            One("categories"),
            One("search?q=" + targets.Word),
            One("feeds/rss"),
            One("sitemap.xml"),
            new(Ceiling, [new Uri(api, "openapi.json")]),
        ];
    }
}

/// <summary>Measures every read route on a running host, and the storage point read on its own.</summary>
internal static class ReadBenchmark
{
    public static async Task<List<Measurement>> MeasureRoutesAsync(HttpClient client, IReadOnlyList<ReadRoute> routes, LoadOptions options)
    {
        var results = new List<Measurement>();
        foreach (var route in routes)
        {
            foreach (var uri in route.Uris.Take(3))
            {
                using var response = await client.GetAsync(uri);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            var measurement = await LoadGenerator.RunAsync(route.Name, async sequence =>
            {
                var uri = route.Uris[(int)(sequence % route.Uris.Count)];
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                await response.Content.CopyToAsync(Stream.Null);
                return response.StatusCode == HttpStatusCode.OK;
            }, options.Connections, options.Warmup, options.Duration);
            Console.WriteLine("  " + Line(measurement));
            results.Add(measurement);
        }

        return results;
    }

    /// <summary>Azurite's own point read of the head rows of the same slugs, through <c>Azure.Data.Tables</c>, nothing between.</summary>
    public static async Task<Measurement> MeasureStorageAsync(string connectionString, string tableName, IReadOnlyList<string> slugs, LoadOptions options)
    {
        var table = new TableServiceClient(connectionString).GetTableClient(tableName);
        var measurement = await LoadGenerator.RunAsync(ReadRoute.Storage, async sequence =>
        {
            var slug = slugs[(int)(sequence % slugs.Count)];
            var response = await table.GetEntityAsync<TableEntity>("article:" + slug, "head");
            return response.GetRawResponse().Status == 200;
        }, options.Connections, options.Warmup, options.Duration);
        Console.WriteLine("  " + Line(measurement));
        return measurement;
    }

    public static string Line(Measurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Route}: {m.RequestsPerSecond:F0} req/s, p50 {m.P50Milliseconds:F2} ms, p99 {m.P99Milliseconds:F2} ms{(m.Failures > 0 ? $", {m.Failures} FAILED" : "")}");

    /// <summary>The Markdown table of one host run: every route against the ceiling, then the storage baseline.</summary>
    public static string Table(IReadOnlyList<Measurement> routes, Measurement storage)
    {
        var ceiling = routes.Single(m => m.Route == ReadRoute.Ceiling);
        var text = new StringBuilder();
        text.AppendLine("| route | req/s | p50 ms | p99 ms | req/s ÷ ceiling |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var m in routes.Append(storage))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{m.Route}` | {m.RequestsPerSecond:F0} | {m.P50Milliseconds:F2} | {m.P99Milliseconds:F2} | {m.RequestsPerSecond / ceiling.RequestsPerSecond:F3} |"));
        }

        var failures = routes.Append(storage).Where(m => m.Failures > 0).ToList();
        foreach (var m in failures)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"\nWARNING: {m.Route} had {m.Failures} failed requests."));
        }

        var article = routes.Single(m => m.Route == ReadRoute.Article);
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Article route against the storage point read: {article.RequestsPerSecond / storage.RequestsPerSecond:F2}× the requests/s, " +
            $"{article.P50Milliseconds / storage.P50Milliseconds:F2}× the p50, {article.P99Milliseconds / storage.P99Milliseconds:F2}× the p99."));
        return text.ToString();
    }
}
