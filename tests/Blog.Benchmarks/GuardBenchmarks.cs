using BenchmarkDotNet.Attributes;
using Blog.Rendering;
using Markdig;
using Markdig.Syntax;

namespace Blog.Benchmarks;

/// <summary>
/// What the two passes of rendering's safety guards that are not part of its walk of the tree cost
/// on their own (the work estimate before parsing, the balancing of the finished HTML), against
/// Markdig parsing the same body with the same pipeline (the baseline), measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class GuardBenchmarks
{
    private string _body = string.Empty;
    private MarkdownPipeline _pipeline = null!;
    private string _html = string.Empty;

    [Params(Documents.MedianJekyll, Documents.Long40K, Documents.Huge1M)]
    public string Document { get; set; } = Documents.MedianJekyll;

    [GlobalSetup]
    public void Setup()
    {
        _body = Documents.Body(Documents.Load(Document));
        _pipeline = new MarkdownDialect().For(_body);
        _html = Markdown.Parse(_body, _pipeline).ToHtml(_pipeline);
    }

    [Benchmark(Baseline = true, Description = "Markdown.Parse(body)")]
    public MarkdownDocument Parse() => Markdown.Parse(_body, _pipeline);

    [Benchmark(Description = "InlineWork.Check(body)")]
    public void WorkEstimate() => InlineWork.Check(_body);

    [Benchmark(Description = "HtmlBalancer.Balance(html)")]
    public string Balance() => HtmlBalancer.Balance(_html);
}
