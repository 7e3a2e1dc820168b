using System.Text;

namespace Blog.Tests.Infrastructure;

/// <summary>Writes Markdown files with front matter for tests.</summary>
public static class Post
{
    public static string Markdown(
        string title = "A post",
        string? date = "2026-11-01T09:00:00Z",
        string? slug = null,
        IEnumerable<string>? tags = null,
        string? category = null,
        bool? draft = null,
        string? expires = null,
        IEnumerable<string>? aliases = null,
        string body = "Some text worth reading.",
        params string[] extra)
    {
        var text = new StringBuilder("---\n");
        text.Append("title: \"").Append(title.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        if (date is not null)
        {
            text.Append("date: ").Append(date).Append('\n');
        }

        if (slug is not null)
        {
            text.Append("slug: ").Append(slug).Append('\n');
        }

        if (tags is not null)
        {
            text.Append("tags: [").AppendJoin(", ", tags.Select(t => "\"" + t + "\"")).Append("]\n");
        }

        if (category is not null)
        {
            text.Append("category: ").Append(category).Append('\n');
        }

        if (draft is not null)
        {
            text.Append("draft: ").Append(draft.Value ? "true" : "false").Append('\n');
        }

        if (expires is not null)
        {
            text.Append("expiryDate: ").Append(expires).Append('\n');
        }

        if (aliases is not null)
        {
            text.Append("aliases: [").AppendJoin(", ", aliases).Append("]\n");
        }

        foreach (var line in extra)
        {
            text.Append(line).Append('\n');
        }

        return text.Append("---\n\n").Append(body).Append('\n').ToString();
    }
}
