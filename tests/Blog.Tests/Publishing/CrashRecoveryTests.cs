using Azure.Data.Tables;
using Blog.Publishing;
using Blog.Tests.Infrastructure;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// A publish may die between any two storage requests (a host restart, a timeout). Whatever
/// the point, the retry must end in exactly the state a clean run ends in.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    private static readonly string Before = Post.Markdown(
        title: "Before", slug: "before", tags: ["kept", "dropped"], category: "old", aliases: ["ancient"], body: "Old body.");

    private static readonly string After = Post.Markdown(
        title: "After", slug: "after", tags: ["kept", "added"], category: "new", date: "2026-11-05T00:00:00Z", body: "New body.");

    public static TheoryData<string> Scenarios() => ["create", "update", "remove"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_retry_after_a_crash_at_any_request_ends_like_a_clean_run(string scenario)
    {
        var expected = await RunAsync(scenario, crashAfter: null);
        var steps = expected.Requests;
        Assert.True(steps > 5, $"The {scenario} run made only {steps} requests.");

        for (var crashAfter = 0; crashAfter < steps; crashAfter++)
        {
            var actual = await RunAsync(scenario, crashAfter);

            Assert.True(
                expected.Rows.SequenceEqual(actual.Rows),
                $"After a crash at request {crashAfter + 1} of {steps} ({scenario}), the retry left\n" +
                $"{string.Join('\n', actual.Rows.Except(expected.Rows).Select(r => "+ " + r))}\n" +
                $"{string.Join('\n', expected.Rows.Except(actual.Rows).Select(r => "- " + r))}");
        }
    }

    private async Task<(List<string> Rows, int Requests)> RunAsync(string scenario, int? crashAfter)
    {
        await using var blog = await TestBlog.CreateAsync(azurite);
        await blog.PublishAsync("neighbour.md", Post.Markdown(title: "Neighbour", slug: "neighbour", tags: ["kept", "dropped"], category: "old"));
        if (scenario != "create")
        {
            await blog.PublishAsync("post.md", Before);
        }

        if (scenario == "remove")
        {
            await blog.Posts.DeleteBlobAsync("post.md");
        }
        else
        {
            await blog.UploadAsync("post.md", scenario == "create" ? Before : After);
        }

        var start = blog.Requests.Count;
        if (crashAfter is { } limit)
        {
            blog.Requests.FailAfter(limit);
            var refused = blog.Requests.Refused;
            var crash = await Record.ExceptionAsync(() => blog.Publisher.PublishAsync("post.md"));
            blog.Requests.Heal();

            // The crash happened: the publish died of it, its storage refused from request limit + 1 on.
            Assert.True(crash is SimulatedCrashException, $"The {scenario} run with a crash after {limit} requests ended with {crash?.GetType().Name ?? "no exception"}.");
            Assert.True(blog.Requests.Refused > refused, $"No request was refused in the {scenario} run with a crash after {limit} requests.");
            blog.Clock.Advance(TimeSpan.FromMinutes(5)); // the dead run's lock expires
        }

        var result = await blog.Publisher.PublishAsync("post.md");
        var requests = blog.Requests.Count - start;
        Assert.Equal(scenario == "remove" ? PublishOutcome.Removed : PublishOutcome.Published, result.Outcome);
        return (await blog.DescribeRowsAsync(), requests);
    }

    [Fact]
    public async Task Uploading_the_previous_content_after_a_failed_publish_restores_every_row()
    {
        await using var blog = await TestBlog.CreateAsync(azurite);
        await using var reference = await TestBlog.CreateAsync(azurite);
        await reference.PublishAsync("post.md", Before);
        await blog.PublishAsync("post.md", Before);

        // How many requests a whole update takes, measured on a third blog in the same state.
        int steps;
        await using (var measure = await TestBlog.CreateAsync(azurite))
        {
            await measure.PublishAsync("post.md", Before);
            var start = measure.Requests.Count;
            await measure.PublishAsync("post.md", After);
            steps = measure.Requests.Count - start - 1; // less the upload
        }

        await blog.UploadAsync("post.md", After);
        blog.Requests.FailAfter(steps / 2); // dies halfway through the new version's rows
        var crash = await Record.ExceptionAsync(() => blog.Publisher.PublishAsync("post.md"));
        blog.Requests.Heal();
        Assert.IsType<SimulatedCrashException>(crash);
        Assert.True(blog.Requests.Refused > 0);
        blog.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await blog.PublishAsync("post.md", Before);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(
            (await reference.DescribeRowsAsync()).Where(r => !r.StartsWith("source", StringComparison.Ordinal)),
            (await blog.DescribeRowsAsync()).Where(r => !r.StartsWith("source", StringComparison.Ordinal)));
    }
}
