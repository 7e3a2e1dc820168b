namespace Blog.Tests.Infrastructure;

/// <summary>
/// Whether a table query's <c>$filter</c> lets the service seek instead of scan: a top-level
/// <c>PartitionKey eq</c>, RowKey conditions only as top-level conjuncts (bounds of one range),
/// and <c>or</c>/<c>not</c> only over other properties. The service serves an <c>or</c> across
/// RowKey conditions, or a filter without its partition, as a scan. A filter with its partition
/// and no RowKey condition reads that partition whole; the app does so only where it wants every
/// row of it (taxonomy lists, the reindex's sources, ingest errors).
/// </summary>
public static class QueryShape
{
    /// <summary>Why <paramref name="filter"/> is not a seek, or null when it is one.</summary>
    public static string? Violation(string filter)
    {
        Node tree;
        try
        {
            var parser = new Parser(Tokenize(filter));
            tree = parser.ParseOr();
            if (!parser.AtEnd)
            {
                return "the filter has text after its end";
            }
        }
        catch (FormatException ex)
        {
            return "the filter does not parse: " + ex.Message;
        }

        var conjuncts = new List<Node>();
        Flatten(tree, conjuncts);
        if (!conjuncts.Any(c => c is Comparison { Property: "PartitionKey", Operator: "eq" }))
        {
            return "no top-level PartitionKey eq: the service scans the table";
        }

        foreach (var conjunct in conjuncts.Where(c => c is not Comparison))
        {
            if (Mentions(conjunct, "PartitionKey") || Mentions(conjunct, "RowKey"))
            {
                return "a key condition under or/not: the service scans the partition";
            }
        }

        return conjuncts.OfType<Comparison>().Any(c => c.Property == "RowKey" && c.Operator == "ne")
            ? "RowKey ne is not a range"
            : null;
    }

    private static void Flatten(Node node, List<Node> into)
    {
        if (node is And and)
        {
            Flatten(and.Left, into);
            Flatten(and.Right, into);
        }
        else
        {
            into.Add(node);
        }
    }

    private static bool Mentions(Node node, string property) => node switch
    {
        Comparison comparison => comparison.Property == property,
        And and => Mentions(and.Left, property) || Mentions(and.Right, property),
        Or or => Mentions(or.Left, property) || Mentions(or.Right, property),
        Not not => Mentions(not.Operand, property),
        _ => false,
    };

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                // A word, possibly with a quoted part (datetime'…', X'…', '…' with '' inside).
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')'))
                {
                    if (text[i] == '\'')
                    {
                        i++;
                        while (i < text.Length && !(text[i] == '\'' && (i + 1 == text.Length || text[i + 1] != '\'')))
                        {
                            i += text[i] == '\'' ? 2 : 1;
                        }

                        if (i >= text.Length)
                        {
                            throw new FormatException("an unclosed quote");
                        }
                    }

                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private abstract record Node;

    private sealed record Comparison(string Property, string Operator) : Node;

    private sealed record And(Node Left, Node Right) : Node;

    private sealed record Or(Node Left, Node Right) : Node;

    private sealed record Not(Node Operand) : Node;

    private sealed class Parser(List<string> tokens)
    {
        private int _next;

        public bool AtEnd => _next == tokens.Count;

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (Accept("or"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (Accept("and"))
            {
                left = new And(left, ParseUnary());
            }

            return left;
        }

        private Node ParseUnary()
        {
            if (Accept("not"))
            {
                return new Not(ParseUnary());
            }

            if (Accept("("))
            {
                var inner = ParseOr();
                return Accept(")") ? inner : throw new FormatException("a missing )");
            }

            var property = Take();
            var op = Take();
            _ = Take(); // the value
            return op is "eq" or "ne" or "gt" or "ge" or "lt" or "le"
                ? new Comparison(property, op)
                : throw new FormatException($"'{op}' is not a comparison");
        }

        private bool Accept(string token)
        {
            if (_next < tokens.Count && tokens[_next] == token)
            {
                _next++;
                return true;
            }

            return false;
        }

        private string Take() => _next < tokens.Count ? tokens[_next++] : throw new FormatException("an unfinished condition");
    }
}
