using BenchmarkDotNet.Attributes;
using Blog.Publishing;
using Blog.Rendering;

namespace Blog.Benchmarks;

/// <summary>
/// The whole publishing computation without I/O (decode, front matter, slug and dates, safe
/// rendering, table of contents, counts, excerpt, hash) against bare Markdig rendering of the
/// same body, measured in the same run so that only ratios are compared.
/// </summary>
[MemoryDiagnoser]
public class PublishingBenchmarks
{
    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());
    private byte[] _file = [];
    private string _body = string.Empty;

    [Params(Documents.Brief, Documents.MedianJekyll, Documents.Long40K, Documents.Huge1M)]
    public string Document { get; set; } = Documents.Brief;

    [GlobalSetup]
    public void Setup()
    {
        _file = Documents.Load(Document);
        _body = Documents.Body(_file);
    }

    [Benchmark(Baseline = true, Description = "Markdig.Markdown.ToHtml(body)")]
    public string MarkdigToHtml() => Markdig.Markdown.ToHtml(_body);

    [Benchmark(Description = "ArticleCompiler.Compile(file)")]
    public CompiledArticle Compile() => _compiler.Compile("2026/11/post.md", _file);
}
