using System.Text;
using Blog.Publishing;
using Xunit;

namespace Blog.Tests.Publishing;

/// <summary>
/// The small front matter reader either reads a file exactly as the YAML library does or leaves
/// it to the library: the two never disagree.
/// </summary>
public sealed class FrontMatterReadersTests
{
    [Theory]
    [InlineData("tags:\n-\n  - a")]
    [InlineData("tags:\n  -\n    -\n      - a")]
    [InlineData("tags:\n- # a comment\n  - a")]
    [InlineData("tags:\n- a\n  - b")]
    [InlineData("tags:\n  - a\n  - b\n- c")]
    [InlineData("tags:\n  - a\n  - b")]
    public void Reads_block_lists_as_yaml_does_however_they_are_indented(string yaml)
    {
        var bytes = Encoding.UTF8.GetBytes("---\n" + yaml + "\n---\nText.\n");

        Assert.Equal(Describe(bytes, fullYaml: true), Describe(bytes, fullYaml: false));
    }

    private static string Describe(byte[] file, bool fullYaml)
    {
        try
        {
            var values = FrontMatter.Parse(file, fullYaml).Values.OrderBy(v => v.Key, StringComparer.Ordinal);
            return string.Join("\n", values.Select(v => $"{v.Key}@{v.Line} {v.Kind} {v.Scalar} [{string.Join(", ", v.Items)}]"));
        }
        catch (ContentRejectedException ex)
        {
            return ex.Rejection.ToString();
        }
    }
}
