using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Blog.LoadTests;

/// <summary>A file to upload: its blob name and its bytes.</summary>
internal sealed record SourceFile(string Name, BinaryData Content);

/// <summary>
/// Uploads to the posts container and waits for the dev host to publish, and the baseline a
/// publish is compared with: each file downloaded and one table entity written.
/// </summary>
internal static class Publishing
{
    /// <summary>Uploads run this many at a time, in the product's run and in the baseline alike.</summary>
    public const int UploadParallelism = 8;

    /// <summary>Uploads every file; returns the ETag of each upload by blob name.</summary>
    public static async Task<Dictionary<string, string>> UploadAsync(BlobContainerClient container, IEnumerable<SourceFile> files)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = UploadParallelism }, async (file, cancellationToken) =>
        {
            var response = await container.GetBlobClient(file.Name).UploadAsync(file.Content, overwrite: true, cancellationToken);
            lock (etags)
            {
                etags[file.Name] = response.Value.ETag.ToString().Trim('"');
            }
        });
        return etags;
    }

    /// <summary>
    /// Waits until the dev host has handled every upload (published or refused: its file status
    /// carries the upload's ETag) and returns when that was, on <paramref name="clock"/>, with each
    /// file's state. The watcher works through a listing in name order, so only the last name is
    /// polled; once it is handled the others are checked, and if they are all handled too, the
    /// moment the last one was seen handled is the end (the check is not part of the time).
    /// </summary>
    public static async Task<(TimeSpan Handled, Dictionary<string, string> States)> WaitUntilHandledAsync(
        HttpClient client, DevHost host, IReadOnlyDictionary<string, string> uploads, Stopwatch clock, TimeSpan timeout)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = uploads.Keys.Order(StringComparer.Ordinal).ToList();
        var handled = TimeSpan.Zero;
        while (pending.Count > 0)
        {
            var name = pending[^1];
            if (await HandledStateAsync(client, host, name, uploads[name]) is { } state)
            {
                handled = clock.Elapsed;
                states[name] = state;
                pending.RemoveAt(pending.Count - 1);
                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    if (await HandledStateAsync(client, host, pending[i], uploads[pending[i]]) is { } other)
                    {
                        states[pending[i]] = other;
                        pending.RemoveAt(i);
                    }
                }

                continue;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The dev host has not handled {pending.Count} uploads within {timeout}, among them {name}.\n{host.Output}");
            }

            await Task.Delay(50);
        }

        return (handled, states);
    }

    /// <summary>Waits until the public article count reaches <paramref name="expected"/>, printing progress.</summary>
    public static async Task WaitForTotalAsync(HttpClient client, DevHost host, int expected, TimeSpan stall)
    {
        var clock = Stopwatch.StartNew();
        var (last, lastChange, lastPrint) = (-1, clock.Elapsed, TimeSpan.Zero);
        var first = await TotalAsync(client, host);
        while (true)
        {
            var total = await TotalAsync(client, host);
            if (total >= expected)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total:N0} articles after {clock.Elapsed.TotalSeconds:F1} s"));
                return;
            }

            if (total != last)
            {
                (last, lastChange) = (total, clock.Elapsed);
            }
            else if (clock.Elapsed - lastChange > stall)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The article count stayed at {total} of {expected} for {stall.TotalSeconds:F0} s.\n{host.Output}"));
            }

            if (clock.Elapsed - lastPrint > TimeSpan.FromSeconds(10))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {total:N0} of {expected:N0} articles after {clock.Elapsed.TotalSeconds:F0} s ({(total - first) / Math.Max(1, clock.Elapsed.TotalSeconds):F0} published/s so far)"));
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The <c>total</c> of <c>/api/articles?limit=1</c>: the number of visible articles.</summary>
    public static async Task<int> TotalAsync(HttpClient client, DevHost host)
    {
        using var response = await client.GetAsync(new Uri(host.BaseAddress, "articles?limit=1"));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return document.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>
    /// The baseline of a publish: upload the files as the product's run does, then for each file,
    /// one after the other as the dev host's watcher does, download the blob and write one table
    /// entity (the file's text, cut to what one property holds) into a table of its own.
    /// </summary>
    public static async Task<TimeSpan> BaselineAsync(string connectionString, IReadOnlyList<SourceFile> files)
    {
        var names = BlogNames.Fresh("base");
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(names.PostsContainer);
        var table = new TableServiceClient(connectionString).GetTableClient(names.Table);
        await container.CreateIfNotExistsAsync();
        await table.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await UploadAsync(container, files);
        foreach (var file in files)
        {
            var download = await container.GetBlobClient(file.Name).DownloadContentAsync();
            var text = download.Value.Content.ToString();
            var entity = new TableEntity("file", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(download.Value.Content.ToMemory().Span))[..32])
            {
                ["Name"] = file.Name,
                ["ETag"] = download.Value.Details.ETag.ToString(),
                ["Text"] = text.Length > 30_000 ? text[..30_000] : text,
            };
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace);
        }

        var elapsed = clock.Elapsed;
        await container.DeleteAsync();
        await table.DeleteAsync();
        return elapsed;
    }

    private static async Task<string?> HandledStateAsync(HttpClient client, DevHost host, string name, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "manage/files/" + Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal)));
        request.Headers.Add("x-functions-key", host.FunctionKey);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var handled = document.RootElement.GetProperty("blobETag").GetString()?.Trim('"');
        return string.Equals(handled, etag, StringComparison.Ordinal) ? document.RootElement.GetProperty("state").GetString() : null;
    }
}
