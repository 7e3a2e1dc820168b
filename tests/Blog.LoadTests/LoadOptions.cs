using System.Globalization;

namespace Blog.LoadTests;

/// <summary>The command line of the load benchmark.</summary>
internal sealed record LoadOptions
{
    public int Posts { get; init; } = 1_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public int Connections { get; init; } = 16;

    /// <summary>The values of <c>Blog__ReadCacheSeconds</c> to measure, one dev host run each.</summary>
    public IReadOnlyList<int> CacheSeconds { get; init; } = [5, 0];

    public bool Scale { get; init; }

    public IReadOnlyList<int> ScaleArticles { get; init; } = [100, 10_000];

    public int Seed { get; init; } = 20_261_201;

    public const string Usage = """
        Usage: dotnet run -c Release --project tests/Blog.LoadTests -- [options]

          --posts N              generated posts published besides the corpus (default 1000)
          --duration S           measured seconds per route (default 10)
          --warmup S             warm-up seconds per route, not measured (default 1)
          --connections C        concurrent connections (default 16)
          --cache-seconds S[,S]  Blog__ReadCacheSeconds of each dev host run (default 5,0: on, then off)
          --scale                instead: p50 of every route at 100 and at 10,000 generated articles, cache off
          --scale-articles A,B   the sizes the scale mode compares (default 100,10000)
          --seed N               seed of the generated posts (default 20261201)
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--posts" => options with { Posts = NonNegative(Value()) },
                "--duration" => options with { Duration = Seconds(Value()) },
                "--warmup" => options with { Warmup = Seconds(Value()) },
                "--connections" => options with { Connections = Math.Max(1, NonNegative(Value())) },
                "--cache-seconds" => options with { CacheSeconds = List(Value()) },
                "--scale" => options with { Scale = true },
                "--scale-articles" => options with { ScaleArticles = List(Value()) },
                "--seed" => options with { Seed = NonNegative(Value()) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return options;
    }

    private static int NonNegative(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{text}' is not a non-negative whole number.");

    private static TimeSpan Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"'{text}' is not a number of seconds.");

    private static int[] List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NonNegative).ToArray();
}
