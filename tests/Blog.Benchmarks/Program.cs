using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Blog.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Blog.Benchmarks.PublishingBenchmarks).Assembly).Run(args);
