using Xunit;

namespace Blog.Tests.Infrastructure;

/// <summary>Waits for what a host does in the background (publishing an upload), without a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Generous: CI machines are shared, and a host publishes within about a second.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the host's output otherwise.</summary>
    public static async Task HoldsAsync(IAppHost host, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.\n{host.Output}");
            await Task.Delay(100);
        }
    }
}
