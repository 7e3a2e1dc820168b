using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Blog.Rendering;

/// <summary>Writes raw HTML blocks only through the allow-list, whatever the syntax tree holds.</summary>
internal sealed class SafeHtmlBlockRenderer(RawHtmlSanitizer sanitizer) : HtmlObjectRenderer<HtmlBlock>
{
    /// <summary>The media links of the article being rendered, if any; set around one rendering.</summary>
    public MediaLinks? Media { get; set; }

    protected override void Write(HtmlRenderer renderer, HtmlBlock obj)
    {
        if (renderer.EnableHtmlForBlock)
        {
            renderer.WriteLine(sanitizer.Sanitize(obj.Lines.ToString(), Media));
        }
    }
}

/// <summary>Writes inline raw HTML only through the allow-list, whatever the syntax tree holds.</summary>
internal sealed class SafeHtmlInlineRenderer(RawHtmlSanitizer sanitizer) : HtmlObjectRenderer<HtmlInline>
{
    /// <summary>The media links of the article being rendered, if any; set around one rendering.</summary>
    public MediaLinks? Media { get; set; }

    protected override void Write(HtmlRenderer renderer, HtmlInline obj)
    {
        if (renderer.EnableHtmlForInline)
        {
            renderer.Write(sanitizer.Sanitize(obj.Tag ?? string.Empty, Media));
        }
    }
}

/// <summary>An HTML renderer whose every raw HTML and URL output passes the safety rules.</summary>
internal static class SafeHtmlRendererSetup
{
    /// <summary>Sets the media links raw HTML is rendered with (null: none) on a renderer <see cref="Apply"/> set up.</summary>
    public static void UseMedia(HtmlRenderer renderer, MediaLinks? media)
    {
        renderer.ObjectRenderers.Find<SafeHtmlBlockRenderer>()!.Media = media;
        renderer.ObjectRenderers.Find<SafeHtmlInlineRenderer>()!.Media = media;
    }

    public static void Apply(HtmlRenderer renderer, RawHtmlSanitizer sanitizer)
    {
        renderer.ObjectRenderers.Replace<HtmlBlockRenderer>(new SafeHtmlBlockRenderer(sanitizer));
        renderer.ObjectRenderers.Replace<HtmlInlineRenderer>(new SafeHtmlInlineRenderer(sanitizer));

        // Last line of defence for every URL Markdig writes (links, images, autolinks).
        renderer.LinkRewriter = url => UrlPolicy.IsSafeLink(url) ? url : "#";
    }
}
