using Blog.Publishing;
using CsCheck;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// Random files composed from front matter and Markdown fragments, well-formed and not:
/// compiling each either yields an article or refuses it with a message; nothing else ever
/// leaves <see cref="ArticleCompiler.Compile"/>. A failure prints the seed that reproduces it
/// (set the <c>CsCheck_Seed</c> environment variable to replay it) and the smallest file found.
/// </summary>
public sealed class CompileFuzzTests
{
    // About a second on two cores.
    private const int Iterations = 1_000;

    // Title and date come first in most files (see File); "Title" repeats the key in another case.
    private static readonly string[] Keys =
    [
        "slug", "tags", "categories", "category", "description", "summary", "draft",
        "published", "featured", "aliases", "redirect_from", "canonicalUrl", "coverImage", "image",
        "author", "updated", "expiryDate", "layout", "Title", "TAGS", "x-custom", "\"quoted key\"",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf(
            "Hello", "2026-11-28", "2026-11-28T09:30:00Z", "2026-13-45", "true", "no", "~", "null", "",
            "https://example.com/a.png", "/images/cover.png", "javascript:alert(1)", "C#", "a, b, c",
            "<script>alert(1)</script>", "**bold** [link](x)", "ünïcödé ✓ 中文 👍🏽", "\u200B\u202Eevil",
            "tab\there", "line\r\nbreak", "\\u0000", "#not a comment", "&amp; &#x1F600;"),
        Gen.Char["abc[]{}:,#&*!|>'\"%@`-?\\ \t\n\r"].Array[0, 30].Select(chars => new string(chars)),
        Gen.Char['a', 'z'].Array[400, 2_000].Select(chars => new string(chars)));

    private static readonly Gen<string> Word = Gen.Char['a', 'z'].Array[1, 12].Select(chars => new string(chars));

    // Mostly what authors write; some of it plain where YAML gives it a meaning of its own.
    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Word.Array[1, 5].Select(words => string.Join(' ', words))),
        (3, Text.Select(t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings("\\n") + "\"")),
        (2, Text.Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'")),
        (1, Text),
        (1, Gen.OneOf("\"unclosed", "'unclosed", "\"\\x\"", "\"[[[\"", "'{{{'", "*undefined", "&a anchored", "!!str 12", "|", ">-")));

    private static readonly Gen<string> Value = Gen.Frequency(
        (20, Scalar),
        (3, Scalar.Array[0, 6].Select(items => "[" + string.Join(", ", items) + "]")),
        (3, Scalar.Array[1, 4].Select(items => string.Concat(items.Select(i => "\n  - " + i)))),
        (1, Gen.Select(Scalar, Scalar, (a, b) => "{path: " + a + ", alt: " + b + "}")),
        (1, Gen.Select(Scalar, Scalar, (a, b) => "\n  name: " + a + "\n  nested:\n    deeper: " + b)),
        (1, Text.Select(t => "|\n  " + t.Replace("\n", "\n  ", StringComparison.Ordinal) + "\n  [[[ {{{")),
        (1, Gen.Int[1, 40].Select(n => new string('[', n) + "a" + new string(']', n))),
        (1, Gen.Int[1, 40].Select(n => string.Concat(Enumerable.Repeat("{a: ", n)) + "b" + new string('}', n))),
        (1, Gen.Int[30, 3_000].Select(n => new string('[', n))),
        (1, Gen.OneOf("&list [a, b]", "*list", "&s shared", "*s", "&m {a: [x, x, x]}", "[*m, *m, *m]", "<<: *m")),
        (1, Gen.OneOf("[unclosed", "{unclosed", "]", "}", ": :", "- - -", "? x", "\t- tab", "a: b: c", "@at", "`tick`")));

    private static readonly Gen<string> FrontMatterLine = Gen.Frequency(
        (30, Gen.Select(Gen.OneOf(Keys), Value, (key, value) => key + ": " + value)),
        (1, Gen.OneOf("# a comment", "", "   ", "---x", "...", "? complex", ": value", "- item", "key without colon", "\t")),
        (1, Gen.Select(Gen.OneOf(Keys), Value, (key, value) => "? " + key + "\n: " + value)));

    private static readonly Gen<string> MarkdownBlock = Gen.Frequency(
        (4, Gen.Select(Gen.Int[1, 7], Text, (level, text) => new string('#', level) + " " + text)),
        (4, Text.Array[1, 4].Select(items => string.Concat(items.Select(i => "- " + i + "\n")))),
        (4, Text.Array[1, 4].Select(items => string.Concat(items.Select((i, n) => $"{n + 1}. {i}\n")))),
        (4, Text.Array[1, 3].Select(items => string.Concat(items.Select(i => "- [ ] " + i + "\n- [x] done\n")))),
        (4, Gen.Int[1, 40].Select(depth => string.Concat(Enumerable.Range(0, depth).Select(d => new string(' ', d * 2) + "- nested\n")))),
        (1, Gen.Int[1, 150].Select(depth => string.Concat(Enumerable.Repeat("> ", depth)) + "quoted")),
        (4, Text.Select(t => "```csharp\n" + t + "\n```")),
        (4, Text.Select(t => "```\nunclosed fence " + t)),
        (4, Text.Select(t => "    indented code " + t)),
        (4, Gen.Select(Text, Text, (a, b) => "| " + a + " | " + b + " |\n|---|:-:|\n| 1 | 2 |")),
        (4, Text.Select(t => "<div class=\"x\" onclick=\"evil()\">" + t + "</div>")),
        (4, Text.Select(t => "<details><summary>" + t + "</summary>more</details>")),
        (4, Gen.Select(Text, Text, (a, b) => "[" + a + "](" + b + ") ![" + a + "](" + b + " \"title\")")),
        (4, Text.Select(t => "<https://example.com/" + t + "> www.example.com/" + t)),
        (1, Gen.Int[1, 200].Select(n => string.Concat(Enumerable.Repeat("*a **a ", n)))),
        (1, Gen.Int[1, 300].Select(n => new string('*', n) + "a" + new string('*', n))),
        (1, Gen.Int[1, 300].Select(n => string.Concat(Enumerable.Repeat("_a __a ~~a ", n)))),
        (4, Text.Select(t => "Note[^1] and [^x].\n\n[^1]: " + t)),
        (4, Text.Select(t => "[ref]: " + t + "\n\nUse [ref] and [ref][] and [other].")),
        (4, Gen.OneOf(
            "<!--", "<!-->", "<!--->", "p <!-->", "<!-- more -->", "<!--more-->", "[a](b", "[a](<b", "![a](", "<?", "<?php echo 1; ?>",
            "<![CDATA[", "<![CDATA[x]]>", "<!DOCTYPE", "<script>", "<style>x{}</style>", "</div>", "<", "&", "&#", "&#x;",
            "***", "---", "===", "\\", "`", "``", "~~~", "$$", "| |", "|-|", "[]", "[](", "[^", "[^]:", "<a href=\"javascript:x\">x</a>")),
        (1, Gen.Int[1, 300].Select(n => new string('[', n))),
        (1, Gen.Int[1, 300].Select(n => string.Concat(Enumerable.Repeat("![", n)))),
        (1, Gen.Int[1, 300].Select(n => string.Concat(Enumerable.Repeat("<!--", n)))),
        (4, Text));

    // Most files have a usable title and date, so that their Markdown gets converted too.
    private static readonly Gen<string> File = Gen.Select(
        Gen.Frequency((15, Gen.Const("---")), (1, Gen.OneOf("", "---x", "--- ", "\uFEFF---", "..."))),
        Gen.Frequency(
            (12, Gen.Const("title: Fuzzed\ndate: 2026-11-28\n")),
            (1, Gen.Const("")),
            (1, Gen.Select(Value, Value, (title, date) => "title: " + title + "\ndate: " + date + "\n"))),
        FrontMatterLine.Array[0, 6],
        Gen.Frequency((15, Gen.Const("---")), (1, Gen.OneOf("", "...", "--- #"))),
        MarkdownBlock.Array[0, 10],
        Gen.Bool,
        (open, required, lines, close, blocks, crlf) =>
        {
            var text = open + "\n" + required + string.Join("\n", lines) + "\n" + close + "\n" + string.Join("\n\n", blocks) + "\n";
            return crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
        });

    [Fact]
    public void Compiling_any_file_yields_an_article_or_a_refusal_with_a_message()
    {
        var compiled = 0;
        var refused = 0;

        File.Sample(
            file =>
            {
                try
                {
                    SmallStack.CompileHere(file);
                    Interlocked.Increment(ref compiled);
                }
                catch (ContentRejectedException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                    Interlocked.Increment(ref refused);
                }
            },
            iter: Iterations,
            threads: 2,
            print: file => file.Length <= 2_000 ? file : file[..2_000] + "...");

        // The files reach both outcomes, the Markdown converter included.
        Assert.InRange(compiled, Iterations / 10, Iterations);
        Assert.InRange(refused, Iterations / 10, Iterations);
    }

    [Fact]
    public void Compiling_any_file_gives_the_same_outcome_twice()
    {
        File.Sample(
            file =>
            {
                Assert.Equal(Outcome(file), Outcome(file));
            },
            iter: 200,
            threads: 2,
            print: file => file.Length <= 2_000 ? file : file[..2_000] + "...");
    }

    private static string Outcome(string file)
    {
        try
        {
            var article = SmallStack.CompileHere(file);
            return article.ContentHash + article.Slug + article.Html;
        }
        catch (ContentRejectedException ex)
        {
            return ex.Rejection.ToString();
        }
    }
}
