using System.Text;

namespace Blog.Rendering;

/// <summary>
/// Makes a rendered article a balanced fragment: every element it opens is closed, in order,
/// and no closing tag closes anything the article did not open, so a page that inlines the
/// article keeps its own structure around it.
/// </summary>
/// <remarks>
/// <para>
/// Markdig writes raw HTML blocks and inline HTML as separate fragments between its own
/// markup (a <c>&lt;div&gt;</c> in one block, Markdown paragraphs, its <c>&lt;/div&gt;</c> in a
/// later block), so balancing is one pass over the whole rendered document, Markdig's tags and
/// the author's alike. Its stack of open elements lives in one <see cref="HtmlBalancer"/>, used
/// by one call of <see cref="Balance"/> at a time and kept per thread for the next (empty again,
/// since the pass closes everything): nothing is shared between threads. Until the pass first
/// changes something, it copies nothing, and a document it leaves as it was is returned as is.
/// </para>
/// <para>
/// A stack alone is not enough, because browsers close some elements without a closing tag:
/// a <c>&lt;div&gt;</c> ends an open <c>&lt;p&gt;</c>, a <c>&lt;li&gt;</c> the previous item, a
/// <c>&lt;td&gt;</c> the previous cell. Were that left to the browser, a later closing tag could
/// close an element of the page instead. So the pass follows HTML's tree construction rules for
/// the elements an article may hold, and writes those closings out itself; every closing tag it
/// writes then ends exactly the element a browser has open at that point:
/// </para>
/// <list type="bullet">
/// <item>a closing tag whose element is open, within the reach a browser gives that tag, closes
/// it and first every element opened after it; any other closing tag is dropped;</item>
/// <item>an opening tag that a browser would ignore or move elsewhere (a cell outside a table, a
/// <c>&lt;div&gt;</c> between table rows), or that would reach past the start of the article (a
/// list item with no list around it), is dropped and its content kept;</item>
/// <item>a non-void element written as <c>&lt;x/&gt;</c> is written opened and closed;</item>
/// <item>at the end, whatever is still open is closed, innermost first.</item>
/// </list>
/// <para>
/// Each stack entry records where the nearest element of each kind that bounds a search lies
/// below it, so every step takes constant time (amortised) and the pass is linear in the document.
/// </para>
/// <para>
/// The pass is one algorithm whose steps call each other and share one stack, so it stays in
/// one file of about 500 lines; the table of elements and their traits is in
/// <c>HtmlBalancer.Elements.cs</c>.
/// </para>
/// </remarks>
internal sealed partial class HtmlBalancer
{
    private string _html = string.Empty;

    /// <summary>
    /// The output once it differs from the input; until then (for most articles, to the end)
    /// it is the first <see cref="_same"/> characters of the input and nothing is copied.
    /// </summary>
    private StringBuilder? _output;

    private int _same;

    /// <summary>The stack of open elements, innermost last; <see cref="_count"/> of them.</summary>
    private Element[] _elements = new Element[32];

    /// <summary>Per open element, the index of the next open element of the same name below it (-1: none).</summary>
    private int[] _previousSame = new int[32];

    /// <summary>Per open element and kind of bound, the index of the nearest such bound at or below it (-1: none).</summary>
    private int[] _bounds = new int[32 * BoundKinds];

    private int _count;

    /// <summary>Per element id, the index of its topmost open instance (-1: not open).</summary>
    private int[] _topmost;

    private Dictionary<string, Element>? _unknown;

    /// <summary>A balancer whose stacks are ready for the next document (every article needs them: keep one per thread).</summary>
    [ThreadStatic]
    private static HtmlBalancer? t_idle;

    private HtmlBalancer()
    {
        _topmost = new int[Known.Count];
        Array.Fill(_topmost, -1);
    }

    /// <summary>The balanced form of a rendered article (its tags as Markdig and the sanitizer write them).</summary>
    public static string Balance(string html)
    {
        // Taken, not shared: a balancer left half-way by an exception is never used again.
        var balancer = t_idle ?? new HtmlBalancer();
        t_idle = null;
        balancer._html = html;
        balancer.Run();
        var balanced = balancer._output?.ToString() ?? (balancer._same == html.Length ? html : html[..balancer._same]);

        // Every element is closed at the end, so the stacks are empty again; only what this
        // document added is cleared.
        balancer._html = string.Empty;
        balancer._output = null;
        balancer._same = 0;
        if (balancer._unknown is not null)
        {
            balancer._unknown = null;
            balancer._topmost = balancer._topmost[..Known.Count];
        }

        if (balancer._elements.Length <= 1024)
        {
            t_idle = balancer;
        }

        return balanced;
    }

    /// <summary>Writes <paramref name="text"/> to the output, copying only from the first difference from the input.</summary>
    private void Emit(ReadOnlySpan<char> text)
    {
        if (_output is null)
        {
            if (_html.AsSpan(_same).StartsWith(text, StringComparison.Ordinal))
            {
                _same += text.Length;
                return;
            }

            _output = new StringBuilder(_html.Length + 64).Append(_html, 0, _same);
        }

        _output.Append(text);
    }

    private void Emit(char c) => Emit(new ReadOnlySpan<char>(in c));

    private void Run()
    {
        var html = _html;
        var position = 0;
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                Text(position, html.Length);
                break;
            }

            Text(position, lt);
            var closing = lt + 1 < html.Length && html[lt + 1] == '/';
            var nameStart = closing ? lt + 2 : lt + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
            {
                nameEnd++;
            }

            var end = nameEnd > nameStart && char.IsAsciiLetter(html[nameStart]) ? TagEnd(html, nameEnd) : ~(lt + 1);
            if (end < 0)
            {
                // Never written by Markdig or the sanitizer; text if it ever is, read once.
                var stop = ~end;
                foreach (var c in html.AsSpan(lt, stop - lt))
                {
                    Emit(c == '<' ? "&lt;" : new ReadOnlySpan<char>(in c));
                }

                position = stop;
                continue;
            }

            var element = Lookup(html.AsSpan(nameStart, nameEnd - nameStart));
            if (closing)
            {
                End(element);
            }
            else
            {
                Start(element, html.AsSpan(lt, end - lt));
            }

            position = end;
        }

        PopTo(0);
    }

    /// <summary>
    /// The index just past the '&gt;' that ends the tag whose name ends at <paramref name="from"/>;
    /// when there is none, the complement of where reading stopped (a '&lt;' or the end).
    /// </summary>
    private static int TagEnd(string html, int from)
    {
        var i = from;
        while (true)
        {
            var next = html.AsSpan(i).IndexOfAny(TagDelimiters);
            if (next < 0)
            {
                return ~html.Length;
            }

            i += next;
            switch (html[i])
            {
                case '>':
                    return i + 1;
                case '<':
                    return ~i;
                default:
                    var close = html.IndexOf(html[i], i + 1); // the end of a quoted attribute value
                    if (close < 0)
                    {
                        return ~html.Length;
                    }

                    i = close + 1;
                    break;
            }
        }
    }

    private Element Lookup(ReadOnlySpan<char> name)
    {
        if (KnownByName.TryGetValue(name, out var element))
        {
            return element;
        }

        var text = name.ToString().ToLowerInvariant();
        if (Known.TryGetValue(text, out element))
        {
            return element;
        }

        _unknown ??= new Dictionary<string, Element>(StringComparer.Ordinal);
        if (!_unknown.TryGetValue(text, out element))
        {
            element = new Element(text, _topmost.Length, Traits.None, Part.None, Reach.UpToSpecial);
            _unknown[text] = element;
            Array.Resize(ref _topmost, _topmost.Length + 1);
            _topmost[^1] = -1;
        }

        return element;
    }

    private void Text(int from, int to)
    {
        if (from == to)
        {
            return;
        }

        // A column group holds only columns: text that is not blank ends it.
        if (Top?.Part == Part.ColumnGroup && _html.AsSpan(from, to - from).ContainsAnyExcept(" \t\n\r\f"))
        {
            Pop();
        }

        Emit(_html.AsSpan(from, to - from));
    }

    private Element? Top => _count == 0 ? null : _elements[_count - 1];

    /// <summary>The index of the topmost open element that is a <paramref name="bound"/> (-1: none).</summary>
    private int Nearest(Bound bound) => _count == 0 ? -1 : _bounds[((_count - 1) * BoundKinds) + (int)bound];

    private int Topmost(Element element) => _topmost[element.Id];

    private void Start(Element element, ReadOnlySpan<char> tag)
    {
        while (true)
        {
            var tableIndex = Nearest(Bound.TablePart);
            var context = tableIndex < 0 ? Part.None : _elements[tableIndex].Part;
            if (context == Part.ColumnGroup && element.Part != Part.Column)
            {
                Pop(); // anything but a column ends a column group
                continue;
            }

            if (element.Part != Part.None)
            {
                if (!TableStart(element, tag, context, tableIndex))
                {
                    return;
                }

                continue;
            }

            if (context is Part.Table or Part.Section or Part.Row)
            {
                // Between rows and cells a browser moves elements out, before the table: drop
                // them (their content stays, and text is moved out as browsers do).
                return;
            }

            BodyStart(element, tag);
            return;
        }
    }

    /// <summary>Handles the opening tag of a table part; true when it is to be handled again in the new context.</summary>
    private bool TableStart(Element element, ReadOnlySpan<char> tag, Part context, int tableIndex)
    {
        switch (context)
        {
            case Part.None:
                // A table part outside any table: browsers ignore it (and inside a page's own
                // table cell it would end that cell), so only a table may start here.
                if (element.Part == Part.Table)
                {
                    BodyStart(element, tag);
                }

                return false;
            case Part.Cell or Part.Caption:
                if (element.Part == Part.Table)
                {
                    BodyStart(element, tag);
                    return false;
                }

                PopTo(tableIndex); // a new row, cell or section ends the cell or caption
                return true;
            case Part.Table:
                switch (element.Part)
                {
                    case Part.Caption or Part.ColumnGroup or Part.Section:
                        Insert(element, tag);
                        return false;
                    case Part.Column:
                        Implied(ColumnGroup);
                        return true;
                    case Part.Row or Part.Cell:
                        Implied(TableBody);
                        return true;
                    default:
                        Pop(); // a table directly in a table ends the first one
                        return true;
                }

            case Part.Section:
                switch (element.Part)
                {
                    case Part.Row:
                        Insert(element, tag);
                        return false;
                    case Part.Cell:
                        Implied(TableRow);
                        return true;
                    default:
                        Pop();
                        return true;
                }

            case Part.Row:
                if (element.Part == Part.Cell)
                {
                    Insert(element, tag);
                    return false;
                }

                Pop();
                return true;
            default: // column group: only a column gets here
                Insert(element, tag);
                return false;
        }
    }

    private void BodyStart(Element element, ReadOnlySpan<char> tag)
    {
        if (element == Li || element == Dd || element == Dt)
        {
            // The search for an item to close goes down through div, p and ordinary elements; were it
            // to leave the article, a browser would go on into the page (and close a list item there).
            var stop = Nearest(Bound.ItemStop);
            if (stop < 0)
            {
                return;
            }

            var found = _elements[stop];
            if (element == Li ? found == Li : found == Dd || found == Dt)
            {
                PopTo(stop);
            }
        }

        if (element.Is(Traits.ClosesParagraph) && InReach(P, Reach.ButtonScope) is var p and >= 0)
        {
            PopTo(p);
        }

        if (element.Is(Traits.Heading) && Top is { } top && top.Is(Traits.Heading))
        {
            Pop();
        }

        if (element == A && Topmost(A) is var a and >= 0 && a > Nearest(Bound.Marker))
        {
            PopTo(a); // links do not nest: a browser ends the open one
        }

        if ((element == Rp || element == Rt) && InReach(Ruby, Reach.Scope) >= 0)
        {
            while (Top is { } open && (open == Dd || open == Dt || open == Li || open == P || open == Rb || open == Rp || open == Rt))
            {
                Pop();
            }
        }

        Insert(element, tag);
    }

    private void Implied(Element element)
    {
        Emit('<');
        Emit(element.Name);
        Emit('>');
        Push(element);
    }

    private void Insert(Element element, ReadOnlySpan<char> tag)
    {
        if (element.Is(Traits.Void))
        {
            Emit(tag);
            return;
        }

        var body = tag[..^1].TrimEnd();
        if (body.EndsWith('/'))
        {
            // <span/> opens a span in HTML; the author meant an empty one.
            Emit(body[..^1].TrimEnd());
            Emit('>');
            Push(element);
            Pop();
            return;
        }

        Emit(tag);
        Push(element);
    }

    private void End(Element element)
    {
        if (Top?.Part == Part.ColumnGroup && element != ColumnGroup)
        {
            Pop(); // anything but its own closing tag ends a column group
        }

        if (element.Is(Traits.Void))
        {
            return;
        }

        var index = InReach(element, element.Reach);
        if (index >= 0)
        {
            PopTo(index);
        }
    }

    /// <summary>The index of the open <paramref name="element"/> a browser would find within <paramref name="reach"/>, or -1.</summary>
    private int InReach(Element element, Reach reach)
    {
        var (index, bound) = reach switch
        {
            Reach.ButtonScope => (Topmost(element), Nearest(Bound.ButtonScope)),
            Reach.ListItemScope => (Topmost(element), Nearest(Bound.ListItemScope)),
            Reach.TableScope => (Topmost(element), Nearest(Bound.TableScope)),
            Reach.AnyHeadingInScope => (Nearest(Bound.Heading), Nearest(Bound.Scope)),
            Reach.UpToSpecial => (Topmost(element), Nearest(Bound.Special)),
            _ => (Topmost(element), Nearest(Bound.Scope)),
        };
        return index >= 0 && index >= bound ? index : -1;
    }

    private void Push(Element element)
    {
        var index = _count;
        if (index == _elements.Length)
        {
            Array.Resize(ref _elements, index * 2);
            Array.Resize(ref _previousSame, index * 2);
            Array.Resize(ref _bounds, index * 2 * BoundKinds);
        }

        _elements[index] = element;
        _previousSame[index] = _topmost[element.Id];
        _topmost[element.Id] = index;
        var bounds = _bounds.AsSpan(index * BoundKinds, BoundKinds);
        for (var kind = 0; kind < BoundKinds; kind++)
        {
            bounds[kind] = (element.Bounds & (1 << kind)) != 0 ? index : index == 0 ? -1 : _bounds[((index - 1) * BoundKinds) + kind];
        }

        _count++;
    }

    private void Pop()
    {
        var index = --_count;
        var element = _elements[index];
        _topmost[element.Id] = _previousSame[index];
        _elements[index] = null!;
        Emit("</");
        Emit(element.Name);
        Emit('>');
    }

    private void PopTo(int index)
    {
        while (_count > index)
        {
            Pop();
        }
    }
}
