using System.Buffers;
using System.Collections.Frozen;

namespace Blog.Rendering;

/// <summary>
/// The elements the balancing pass knows, with the traits HTML's tree construction rules give
/// them (void, special, scopes, table parts, how far a closing tag reaches). All static state
/// that depends on other static state lives in this file, in the order it is initialised.
/// </summary>
internal sealed partial class HtmlBalancer
{
    [Flags]
    private enum Traits
    {
        None = 0,
        Void = 1 << 0,

        /// <summary>HTML's "special" elements: the search for the opener of an ordinary closing tag stops at them.</summary>
        Special = 1 << 1,

        /// <summary>Its opening tag ends an open <c>&lt;p&gt;</c>.</summary>
        ClosesParagraph = 1 << 2,

        /// <summary>Bounds "in scope" (and every narrower scope).</summary>
        Scope = 1 << 3,

        /// <summary>Also bounds "in list item scope".</summary>
        ListScope = 1 << 4,

        /// <summary>Also bounds "in button scope".</summary>
        ButtonScope = 1 << 5,

        /// <summary>Bounds "in table scope".</summary>
        TableScope = 1 << 6,

        /// <summary>Where the search for an open <c>&lt;a&gt;</c> stops (cells, captions).</summary>
        Marker = 1 << 7,

        Heading = 1 << 8,

        /// <summary>Where the search for a list item or definition to close stops: special, but not address, div or p.</summary>
        ItemStop = 1 << 9,
    }

    /// <summary>The part an element plays in a table.</summary>
    private enum Part
    {
        None,
        Table,
        Caption,
        ColumnGroup,
        Column,
        Section,
        Row,
        Cell,
    }

    /// <summary>How far a browser looks for the element a closing tag closes.</summary>
    private enum Reach
    {
        Scope,
        ButtonScope,
        ListItemScope,
        TableScope,
        AnyHeadingInScope,
        UpToSpecial,
    }

    /// <summary>The kinds of element where a search down the stack of open elements stops.</summary>
    private enum Bound
    {
        Scope,
        ListItemScope,
        ButtonScope,
        TableScope,
        Special,
        Marker,
        Heading,
        ItemStop,
        TablePart,
    }

    private const int BoundKinds = 9;

    private sealed class Element(string name, int id, Traits traits, Part part, Reach reach)
    {
        public string Name { get; } = name;

        public int Id { get; } = id;

        public Traits Traits { get; } = traits;

        public Part Part { get; } = part;

        public Reach Reach { get; } = reach;

        /// <summary>The kinds of bound this element is, one bit per <see cref="Bound"/>.</summary>
        public int Bounds { get; } =
            (Has(traits, Traits.Scope) << (int)Bound.Scope) |
            (Has(traits, Traits.Scope | Traits.ListScope) << (int)Bound.ListItemScope) |
            (Has(traits, Traits.Scope | Traits.ButtonScope) << (int)Bound.ButtonScope) |
            (Has(traits, Traits.TableScope) << (int)Bound.TableScope) |
            (Has(traits, Traits.Special) << (int)Bound.Special) |
            (Has(traits, Traits.Marker) << (int)Bound.Marker) |
            (Has(traits, Traits.Heading) << (int)Bound.Heading) |
            (Has(traits, Traits.ItemStop) << (int)Bound.ItemStop) |
            ((part == Part.None ? 0 : 1) << (int)Bound.TablePart);

        public bool Is(Traits trait) => (Traits & trait) != 0;

        private static int Has(Traits traits, Traits any) => (traits & any) != 0 ? 1 : 0;
    }

    private static readonly string[] AddressLike =
    [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "search", "section", "summary", "ul",
    ];

    private static readonly string[] SpecialNames =
    [
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button",
        "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption",
        "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
        "html", "iframe", "img", "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
        "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section",
        "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead",
        "title", "tr", "track", "ul", "wbr", "xmp",
    ];

    private static readonly string[] VoidNames =
    [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    ];

    private static readonly string[] FormattingNames = ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

    /// <summary>
    /// Every element an article can hold: the sanitizer's allow-list, what Markdig writes
    /// (<c>input</c> for task lists...), and the rest of the elements HTML's rules name. A name
    /// outside it is an ordinary element.
    /// </summary>
    private static readonly FrozenDictionary<string, Element> Known = BuildKnown();

    private static readonly FrozenDictionary<string, Element>.AlternateLookup<ReadOnlySpan<char>> KnownByName =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> TagDelimiters = SearchValues.Create("<>\"'");

    private static readonly Element Li = Known["li"];
    private static readonly Element Dd = Known["dd"];
    private static readonly Element Dt = Known["dt"];
    private static readonly Element P = Known["p"];
    private static readonly Element A = Known["a"];
    private static readonly Element Ruby = Known["ruby"];
    private static readonly Element Rp = Known["rp"];
    private static readonly Element Rt = Known["rt"];
    private static readonly Element Rb = Known["rb"];
    private static readonly Element ColumnGroup = Known["colgroup"];
    private static readonly Element TableBody = Known["tbody"];
    private static readonly Element TableRow = Known["tr"];

    private static FrozenDictionary<string, Element> BuildKnown()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal)
        {
            // The sanitizer's allow-list and what Markdig writes.
            "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
            "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
            "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rb", "rp", "rt", "rtc",
            "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
            "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr", "big", "font", "nobr", "listing", "xmp",
            "plaintext", "form", "button",
        };
        names.UnionWith(AddressLike);
        names.UnionWith(SpecialNames);
        names.UnionWith(VoidNames);

        var special = SpecialNames.ToHashSet(StringComparer.Ordinal);
        var voids = VoidNames.ToHashSet(StringComparer.Ordinal);
        var addressLike = AddressLike.ToHashSet(StringComparer.Ordinal);
        var formatting = FormattingNames.ToHashSet(StringComparer.Ordinal);
        string[] headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

        var known = new Dictionary<string, Element>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var traits = Traits.None;
            if (voids.Contains(name))
            {
                traits |= Traits.Void;
            }

            if (special.Contains(name))
            {
                traits |= Traits.Special;
                if (name is not ("address" or "div" or "p"))
                {
                    traits |= Traits.ItemStop;
                }
            }

            if (addressLike.Contains(name) || headings.Contains(name) ||
                name is "p" or "pre" or "listing" or "form" or "li" or "dd" or "dt" or "plaintext" or "table" or "hr" or "xmp")
            {
                traits |= Traits.ClosesParagraph;
            }

            if (name is "applet" or "caption" or "html" or "table" or "td" or "th" or "marquee" or "object" or "template")
            {
                traits |= Traits.Scope;
            }

            traits |= name switch
            {
                "ol" or "ul" => Traits.ListScope,
                "button" => Traits.ButtonScope,
                _ => Traits.None,
            };

            if (name is "html" or "table" or "template")
            {
                traits |= Traits.TableScope;
            }

            if (name is "applet" or "caption" or "marquee" or "object" or "template" or "td" or "th")
            {
                traits |= Traits.Marker;
            }

            if (headings.Contains(name))
            {
                traits |= Traits.Heading;
            }

            var part = name switch
            {
                "table" => Part.Table,
                "caption" => Part.Caption,
                "colgroup" => Part.ColumnGroup,
                "col" => Part.Column,
                "tbody" or "thead" or "tfoot" => Part.Section,
                "tr" => Part.Row,
                "td" or "th" => Part.Cell,
                _ => Part.None,
            };

            var reach = name switch
            {
                "p" => Reach.ButtonScope,
                "li" => Reach.ListItemScope,
                _ when part != Part.None => Reach.TableScope,
                _ when headings.Contains(name) => Reach.AnyHeadingInScope,
                _ when formatting.Contains(name) || addressLike.Contains(name) => Reach.Scope,
                "dd" or "dt" or "applet" or "marquee" or "object" or "button" or "listing" or "form" => Reach.Scope,
                _ => Reach.UpToSpecial,
            };

            known[name] = new Element(name, known.Count, traits, part, reach);
        }

        return known.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
