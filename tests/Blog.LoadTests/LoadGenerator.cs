using System.Diagnostics;

namespace Blog.LoadTests;

/// <summary>What one route did under load: completed requests, failures, and latency percentiles.</summary>
internal sealed record Measurement(string Route, int Requests, int Failures, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request as
/// soon as the last one is answered (body read to the end), for a warm-up that is not recorded
/// and then for a fixed duration that is; every successful request's latency is kept.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>One call: the argument is the call's sequence number (to rotate over targets); true when it succeeded.</summary>
    public delegate Task<bool> Call(long sequence);

    public static async Task<Measurement> RunAsync(string route, Call call, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var sequence = 0L;
        if (warmup > TimeSpan.Zero)
        {
            await RunPhaseAsync(call, connections, warmup, () => Interlocked.Increment(ref sequence), record: false);
        }

        var clock = Stopwatch.StartNew();
        var (latencies, failures) = await RunPhaseAsync(call, connections, duration, () => Interlocked.Increment(ref sequence), record: true);
        var elapsed = clock.Elapsed;
        latencies.Sort();
        return new Measurement(route, latencies.Count, failures, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>A handler for load: as many connections as workers, kept open, no cookies, no proxy.</summary>
    public static HttpClient CreateClient(int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<(List<double> Latencies, int Failures)> RunPhaseAsync(Call call, int connections, TimeSpan duration, Func<long> next, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(4096);
            var failures = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                bool succeeded;
                try
                {
                    succeeded = await call(next());
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Azure.RequestFailedException)
                {
                    succeeded = false;
                }

                if (!record)
                {
                    continue;
                }

                if (succeeded)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                else
                {
                    failures++;
                }
            }

            return (latencies, failures);
        })).ToList();
        var results = await Task.WhenAll(workers);
        return (results.SelectMany(result => result.latencies).ToList(), results.Sum(result => result.failures));
    }

    private static double Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Round(fraction * (sorted.Count - 1))];
}
