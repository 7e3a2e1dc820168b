using Blog.Search;
using Xunit;

namespace Blog.Tests.Search;

public sealed class SearchTextTests
{
    [Fact]
    public void Words_are_lower_cased_with_accents_folded_and_split_on_anything_else()
    {
        Assert.Equal(
            ["cafe", "creme", "brulee", "c", "net", "10", "strase"],
            SearchText.IndexTerms("Café crème-BRÛLÉE, C#/.NET 10 Straße"));
    }

    [Fact]
    public void A_cjk_run_gives_its_characters_and_their_pairs()
    {
        Assert.Equal(["人", "人工", "工", "工智", "智", "智能", "能", "ai", "人", "人才", "才"], SearchText.IndexTerms("人工智能AI人才"));
        Assert.Equal(["中"], SearchText.IndexTerms("中"));
    }

    [Fact]
    public void A_query_covers_a_cjk_run_with_pairs_and_a_single_character_alone()
    {
        Assert.Equal(["人工", "智能"], SearchText.QueryTerms("人工智能"));
        Assert.Equal(["人工", "工智"], SearchText.QueryTerms("人工智"));
        Assert.Equal(["人"], SearchText.QueryTerms("人"));
    }

    [Fact]
    public void Every_pair_of_a_query_run_is_a_term_of_an_article_holding_the_run()
    {
        var indexed = SearchText.IndexTerms("研究人员表示，人工智能的发展").ToHashSet();

        foreach (var query in new[] { "人工智能", "人员", "发展", "究人员", "展" })
        {
            Assert.All(SearchText.QueryTerms(query), term => Assert.Contains(term, indexed));
        }
    }

    [Fact]
    public void Long_words_are_cut_to_the_same_length_on_both_sides()
    {
        var word = new string('a', 40) + "b";

        Assert.Equal(new string('a', SearchText.MaxTermLength), Assert.Single(SearchText.IndexTerms(word)));
        Assert.Equal(new string('a', SearchText.MaxTermLength), Assert.Single(SearchText.QueryTerms(word)));
    }

    [Fact]
    public void The_text_of_html_has_no_tags_and_decoded_entities()
    {
        Assert.Equal(
            ["fish", "chips", "a", "b", "x"],
            SearchText.IndexTerms(SearchText.TextOfHtml("<p>Fish &amp; <em>chips</em></p><p>a&lt;b <a href=\"https://example.com/x\">x</a></p>")));
    }
}
