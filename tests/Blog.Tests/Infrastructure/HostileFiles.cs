using System.Text;

namespace Blog.Tests.Infrastructure;

/// <summary>
/// Files written to hurt the publishing path: to crash the process, to hold a worker for minutes,
/// to bloat the HTML or the index, or to break out of the page. Each is either published safely
/// or refused with a reason; the tests that use this list say which and how fast.
/// </summary>
public static class HostileFiles
{
    /// <summary>The size limit of a file.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    private const string Head = "---\ntitle: Hostile\ndate: 2026-11-01\n---\n";

    /// <summary>A hostile file: what it is, its bytes, and whether it must be refused, published, or either (null).</summary>
    public sealed record HostileFile(string Name, byte[] Content, bool? Refused)
    {
        public override string ToString() => Name;
    }

    /// <summary>Front matter, then <paramref name="unit"/> repeated to just under <paramref name="bytes"/>.</summary>
    public static byte[] Repeat(string unit, int bytes = MaxBytes, string head = Head, string tail = "")
    {
        var text = new StringBuilder(head);
        while (Encoding.UTF8.GetByteCount(unit) + text.Length + tail.Length < bytes - 16)
        {
            text.Append(unit);
        }

        return Encoding.UTF8.GetBytes(text.Append(tail).ToString());
    }

    /// <summary>Front matter holding <paramref name="yaml"/>, and a short body.</summary>
    public static byte[] FrontMatter(string yaml) =>
        Encoding.UTF8.GetBytes("---\ntitle: Hostile\ndate: 2026-11-01\n" + yaml + "\n---\nText.\n");

    public static IEnumerable<HostileFile> All()
    {
        // Front matter that would overflow a recursive reader's stack, or expand without end.
        yield return new("front matter: 64,000 [", FrontMatter("x: " + new string('[', 64_000)), Refused: true);
        yield return new("front matter: 4,500 [ then 4,500 ]", FrontMatter("x: " + new string('[', 4_500) + new string(']', 4_500)), Refused: true);
        yield return new("front matter: {a: nested 4,000 deep", FrontMatter("x: " + string.Concat(Enumerable.Repeat("{a: ", 4_000))), Refused: true);
        yield return new("front matter: block maps nested 5,000 deep", FrontMatter(string.Concat(Enumerable.Range(0, 5_000).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 5_000) + "b: 1"), Refused: true);
        yield return new("front matter: alias bomb", FrontMatter(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
            "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]"), Refused: true);

        // Markdown the parser refuses to nest, or reads wrongly.
        yield return new("body: p <!-->", Encoding.UTF8.GetBytes(Head + "p <!-->\n"), Refused: null);
        yield return new("body: <!--->", Encoding.UTF8.GetBytes(Head + "<!--->\n"), Refused: null);
        yield return new("body: 100 nested list levels", Encoding.UTF8.GetBytes(Head + string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + "- item\n"))), Refused: true);
        yield return new("body: 100,000 [", Repeat("[", 100_000 + Head.Length), Refused: true);
        yield return new("body: *a **a runs", Repeat("*a **a ", 64 * 1024), Refused: true);
        yield return new("body: 50,000 > ", Repeat("> ", 100_000 + Head.Length), Refused: true);
        yield return new("body: 2 MiB of a <![CDATA[", Repeat("a <![CDATA[ "), Refused: true);
        yield return new("body: 100,000 * on either side of a word", Encoding.UTF8.GetBytes(Head + new string('*', 100_000) + "a" + new string('*', 100_000) + "\n"), Refused: true);
        yield return new("body: 100,000 _ on either side of a word", Encoding.UTF8.GetBytes(Head + new string('_', 100_000) + "a" + new string('_', 100_000) + "\n"), Refused: true);

        // Markdown that used to hold a worker for minutes or hours.
        yield return new("body: <div then 2 MiB of x=<a", Repeat("x=<a ", head: Head + "<div "), Refused: false);
        yield return new("body: 10,000 ## same", Repeat("## same\n\n", 10_000 * 9 + Head.Length), Refused: false);
        yield return new("body: 2 MiB of ## same", Repeat("## same\n\n"), Refused: true);
        yield return new("body: 2 MiB of setext headings", Repeat("same\n====\n\n"), Refused: true);
        yield return new("body: 2 MiB of a <!--", Repeat("a <!-- "), Refused: true);
        yield return new("body: 2 MiB of a <?", Repeat("a <? "), Refused: true);
        yield return new("body: 2 MiB of www.a.b", Repeat("www.a.b "), Refused: true);
        yield return new("body: 2 MiB of [a](b", Repeat("[a](b "), Refused: null);
        yield return new("body: 2 MiB of [a](", Repeat("[a]("), Refused: true);

        // Markdown whose HTML would explode.
        yield return new("body: one footnote referenced 350,000 times", Repeat("[^1] ", tail: "\n\n[^1]: The note.\n"), Refused: true);
        yield return new("body: 2 MiB of task list items", Repeat("- [ ] x\n"), Refused: true);

        // Raw HTML that would break out of the page around the article.
        yield return new("body: closers that leave the article container", Encoding.UTF8.GetBytes(
            Head + "</div></div></table><a href=\"https://evil.example/login\">Sign in again</a>\n"), Refused: false);
    }
}
