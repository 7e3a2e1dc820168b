namespace Blog.Rendering;

/// <summary>
/// How large an article's HTML may grow: <see cref="Expansion"/> times its Markdown, never less
/// than <see cref="Floor"/> (a short table or task list renders to many times its few bytes) and
/// never more than <see cref="Ceiling"/>. Real articles render to about one to three times their
/// Markdown; a file whose HTML would pass the limit is refused.
/// </summary>
/// <param name="Expansion">The most HTML characters per Markdown character.</param>
/// <param name="Floor">The limit for short files.</param>
/// <param name="Ceiling">The limit for any file.</param>
public sealed record HtmlLimit(int Expansion, int Floor, int Ceiling)
{
    /// <summary>8 × the Markdown, at least 64 Ki and at most 16 Mi characters.</summary>
    public static HtmlLimit Default { get; } = new(8, 64 * 1024, 16 * 1024 * 1024);

    /// <summary>The limit for a Markdown body of <paramref name="markdownLength"/> characters.</summary>
    public int For(int markdownLength) => (int)Math.Clamp((long)markdownLength * Expansion, Floor, Ceiling);

    /// <summary>The rule in words, for refusals.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the limit is {Expansion} times the Markdown, at least {Floor:N0} and at most {Ceiling:N0}");
}
