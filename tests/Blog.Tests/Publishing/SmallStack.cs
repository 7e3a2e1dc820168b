using System.Runtime.ExceptionServices;
using System.Text;
using Blog.Publishing;
using Blog.Rendering;

namespace Blog.Tests.Publishing;

/// <summary>
/// Compiles files on a thread with a small stack: 256 KiB, a sixth of what a .NET thread gets
/// on Linux. A guard against deep recursion that holds there holds with room to spare on the
/// hosts' threads.
/// </summary>
/// <remarks>
/// A stack overflow cannot be caught in .NET: should a guard go missing, the test host dies and
/// the whole run fails, which is still a failure, only a louder one.
/// </remarks>
internal static class SmallStack
{
    public const int Size = 256 * 1024;

    private static readonly ArticleCompiler Compiler = new(new MarkdownRenderer());

    /// <summary>Compiles <paramref name="markdown"/> as <c>2026/post.md</c> on a small stack.</summary>
    public static CompiledArticle Compile(string markdown) => Run(() => CompileHere(markdown));

    /// <summary>Compiles on the calling thread.</summary>
    public static CompiledArticle CompileHere(string markdown) =>
        Compiler.Compile("2026/post.md", Encoding.UTF8.GetBytes(markdown));

    /// <summary>The refusal of <paramref name="markdown"/>, compiled on a small stack; fails if it compiles.</summary>
    public static Rejection Refuse(string markdown) =>
        Xunit.Assert.Throws<ContentRejectedException>(() => Compile(markdown)).Rejection;

    /// <summary>Runs <paramref name="action"/> on a new thread with a stack of <see cref="Size"/> bytes; throws what it throws.</summary>
    public static T Run<T>(Func<T> action)
    {
        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = action();
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            Size);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }
}
