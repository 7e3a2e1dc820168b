using Blog.Publishing;
using Blog.Rendering;
using Blog.Storage;
using Blog.Tests.Infrastructure;
using Blog.Tests.Storage;
using Xunit;

namespace Blog.Tests.Corpus;

/// <summary>
/// The 102 posts of the Jekyll project's blog, read from the shared corpus beside the repository
/// (skipped where it is absent). Real input: dated file names, quoted timestamps with offsets,
/// <c>category</c> and <c>categories</c>, <c>redirect_from</c>, Liquid tags, and one malformed date.
/// </summary>
public sealed class JekyllCorpusTests(AzuriteFixture azurite)
{
    /// <summary>The one post whose front matter is genuinely broken: <c>date: 2023-01-29 18:30:22 2023 -0800</c>.</summary>
    private const string MalformedPost = "2023-01-29-jekyll-3-9-3-released.markdown";

    private readonly ArticleCompiler _compiler = new(new MarkdownRenderer());

    private static List<string> Posts()
    {
        var directory = RepositoryRoot.CorpusDirectory("jekyll-posts");
        if (directory is null)
        {
            Assert.Skip("The shared corpus (../shared/corpus/jekyll-posts) is not beside the repository.");
        }

        return Directory.EnumerateFiles(directory)
            .Where(ArticleCompiler.IsMarkdown)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void Every_post_compiles_except_the_one_with_a_malformed_date()
    {
        var posts = Posts();
        Assert.Equal(102, posts.Count);

        var refused = new Dictionary<string, Rejection>();
        foreach (var path in posts)
        {
            try
            {
                var article = _compiler.Compile(Path.GetFileName(path), File.ReadAllBytes(path));
                Assert.False(string.IsNullOrWhiteSpace(article.Title));
                Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", article.Slug);
                Assert.InRange(article.PublishedAt.Year, 2013, 2025);
                Assert.NotEmpty(article.Html);
                Assert.InRange(article.Excerpt.Length, 1, 280);
                Assert.True(article.WordCount > 0);
                Assert.All(article.Toc, entry => Assert.Contains($"id=\"{entry.Id}\"", article.Html, StringComparison.Ordinal));
            }
            catch (ContentRejectedException ex)
            {
                refused[Path.GetFileName(path)] = ex.Rejection;
            }
        }

        var rejection = Assert.Single(refused);
        Assert.Equal(MalformedPost, rejection.Key);
        Assert.Contains("is not a date", rejection.Value.Message, StringComparison.Ordinal);
        Assert.Equal(3, rejection.Value.Line);
    }

    [Fact]
    public void Dates_prefixes_categories_and_redirects_are_read_as_written()
    {
        var directory = Path.GetDirectoryName(Posts()[0])!;
        CompiledArticle Compile(string name) => _compiler.Compile(name, File.ReadAllBytes(Path.Combine(directory, name)));

        var first = Compile("2013-05-06-jekyll-1-0-0-released.markdown");
        Assert.Equal(new DateTimeOffset(2013, 5, 6, 0, 12, 52, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal("jekyll-1-0-0-released", first.Slug);
        Assert.Equal("parkr", first.Author);
        Assert.Equal([new TaxonomyName("release", "release")], first.Categories);

        var undated = Compile("2014-05-06-jekyll-turns-2-0-0.markdown");
        Assert.Equal(new DateTimeOffset(2014, 5, 6, 0, 0, 0, TimeSpan.Zero), undated.PublishedAt);

        var team = Compile("2016-03-10-making-it-easier-to-contribute-to-jekyll.md");
        Assert.Equal(["community"], team.Categories.Select(c => c.Slug));
        Assert.StartsWith("We've made it easier", team.Description, StringComparison.Ordinal);

        // redirect_from: /news/2019/07/20/jekyll-4-0-0-pre-beta1-released/ names the slug the post
        // already has, so the slug itself answers and no redirect is needed.
        var redirected = Compile("2019-08-04-jekyll-4-0-0-pre-beta1-released.markdown");
        Assert.Equal("jekyll-4-0-0-pre-beta1-released", redirected.Slug);
        Assert.Empty(redirected.Aliases);
    }

    [Fact]
    public async Task The_whole_corpus_publishes_to_storage_with_consistent_lists_and_counts()
    {
        var posts = Posts();
        await using var blog = await TestBlog.CreateAsync(azurite);
        var index = new IndexReader(blog.Table);

        var outcomes = new Dictionary<string, PublishResult>();
        foreach (var path in posts)
        {
            var name = "jekyll/" + Path.GetFileName(path);
            var blob = blog.Posts.GetBlobClient(name);
            await using (var file = File.OpenRead(path))
            {
                await blob.UploadAsync(file, overwrite: true);
            }

            outcomes[name] = await blog.Publisher.PublishAsync(blob);
        }

        Assert.Equal(101, outcomes.Values.Count(r => r.Outcome == PublishOutcome.Published));
        var refused = Assert.Single(outcomes.Values, r => r.Outcome == PublishOutcome.Refused);
        Assert.Equal("jekyll/" + MalformedPost, refused.BlobName);
        Assert.NotNull(await index.IngestErrorAsync(refused.BlobName));

        var now = blog.Clock.GetUtcNow();
        var all = await index.EntriesAsync(Scope.All);
        Assert.Equal(101, all.Count);
        Assert.Equal(101, await index.VisibleCountAsync(Scope.All, now));
        Assert.Equal(all.Count, all.Distinct().Count());

        var releases = await index.EntriesAsync(Scope.Category("release"));
        Assert.Equal(releases.Count, await index.VisibleCountAsync(Scope.Category("release"), now));
        Assert.Equal(releases.Count, (await index.TaxonomyAsync(BlogKeys.CategoriesPartition, "release", now))?.Visible);
        Assert.True(releases.Count > 80);

        // Publishing everything again changes nothing.
        var before = await blog.ReadAllRowsAsync();
        foreach (var name in outcomes.Keys)
        {
            var again = await blog.Publisher.PublishAsync(name);
            Assert.Contains(again.Outcome, new[] { PublishOutcome.Unchanged, PublishOutcome.Refused });
        }

        var after = await blog.ReadAllRowsAsync();
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, pair => Assert.Equal(pair.Value.ETag, after[pair.Key].ETag));
    }
}
