using Blog.Publishing;
using Xunit;

namespace Blog.Tests.Publishing;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("AI talent", "ai-talent")]
    [InlineData("C#", "c-sharp")]
    [InlineData("C++", "c-plus-plus")]
    [InlineData("F# / .NET", "f-sharp-net")]
    [InlineData("Café Déjà-vu", "cafe-deja-vu")]
    [InlineData("  --Straße--  ", "strase")]
    [InlineData("Node.js?", "node-js")]
    [InlineData("a/b\\c#d", "a-b-c-sharp-d")]
    public void Taxonomy_slugs_are_lowercase_ascii_words_joined_by_dashes(string name, string expected)
    {
        Assert.Equal(expected, Slugs.ForTaxonomy(name));
    }

    [Fact]
    public void A_taxonomy_name_without_latin_letters_gets_a_stable_hashed_slug()
    {
        var slug = Slugs.ForTaxonomy("人工智能");

        Assert.Matches("^t-[0-9a-f]{8}$", slug);
        Assert.Equal(slug, Slugs.ForTaxonomy(" 人工智能 "));
        Assert.NotEqual(slug, Slugs.ForTaxonomy("机器学习"));
    }

    [Theory]
    [InlineData("Hello, World!", "hello-world")]
    [InlineData("jekyll-1-0-0-released", "jekyll-1-0-0-released")]
    [InlineData("C#", "c")]
    [InlineData("中文", "")]
    public void Article_slugs_keep_only_a_to_z_digits_and_dashes(string text, string expected)
    {
        Assert.Equal(expected, Slugs.ForArticle(text));
    }

    [Fact]
    public void Long_slugs_are_cut_at_a_dash()
    {
        var slug = Slugs.ForArticle(string.Join(' ', Enumerable.Repeat("word", 60)));

        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.EndsWith("word", slug, StringComparison.Ordinal);
    }
}
