using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Blog.Publishing;

public sealed partial class FrontMatter
{
    /// <summary>
    /// Hands YAML parsing events to the loader, and refuses, before the loader sees it, the event
    /// that nests deeper than <see cref="MaxDepth"/>, that makes more than
    /// <see cref="MaxExpandedNodes"/> values, that uses an alias before its anchor, or that uses
    /// a list or a map as a key.
    /// </summary>
    /// <remarks>
    /// <para>
    /// YamlDotNet's scanner and parser are loops; its loader recurses once per level of nesting,
    /// and so do hashing and comparing a key and <see cref="ExpansionBudget"/>. Refusing the
    /// event that opens a level too many bounds all of that recursion, whatever the input and the
    /// thread's stack, for the cost of a counter per event, and only on the path that needs the
    /// YAML library at all. Counting events rather than characters reads the text exactly as YAML
    /// does: a <c>[</c> in a quoted or block scalar, or in a comment, opens nothing.
    /// </para>
    /// <para>
    /// YAML lets an alias refer only to an anchor defined before it; YamlDotNet also resolves
    /// later ones, which lets aliases chain into nesting no level count sees, and crashes on an
    /// unresolved alias used as a key. A list or map key is hashed when its map is built,
    /// following aliases: a key made of a few anchors takes minutes. Front matter keys are names,
    /// so a key may be a scalar or an alias of one, nothing else.
    /// </para>
    /// </remarks>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        // The top-level map of keys is not counted as a level.
        private const int MaxOpen = MaxDepth + 1;

        private readonly int[] _children = new int[MaxOpen + 1];
        private readonly bool[] _isMapping = new bool[MaxOpen + 1];
        private Dictionary<string, bool>? _anchorIsScalar;
        private int _open;
        private int _values;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case SequenceEnd or MappingEnd:
                    _open--;
                    break;
                case DocumentStart:
                    _anchorIsScalar?.Clear(); // anchors belong to their document
                    break;
                case NodeEvent or AnchorAlias:
                    Node(inner.Current);
                    break;
            }

            return true;
        }

        private void Node(ParsingEvent node)
        {
            var line = (int)node.Start.Line + 1;
            if (++_values > MaxExpandedNodes)
            {
                throw new ContentRejectedException(
                    $"The front matter holds more than {MaxValuesText} values (line {line}). Front matter holds a title, a date and a few short lists; move long data out of it.",
                    line);
            }

            // In a map, keys and values alternate.
            var isKey = _open > 0 && _isMapping[_open] && _children[_open] % 2 == 0;
            if (_open > 0)
            {
                _children[_open]++;
            }

            if (node is AnchorAlias alias)
            {
                if (_anchorIsScalar is null || !_anchorIsScalar.TryGetValue(alias.Value.Value, out var isScalar))
                {
                    var name = alias.Value.Value.Length <= 40 ? alias.Value.Value : alias.Value.Value[..37] + "...";
                    throw new ContentRejectedException(
                        $"The front matter uses the alias *{name} (line {line}) before an anchor &{name} defines it. An alias repeats a value written earlier with that anchor.",
                        line);
                }

                if (isKey && !isScalar)
                {
                    throw ComplexKey(line);
                }

                return;
            }

            var value = (NodeEvent)node;
            if (!value.Anchor.IsEmpty)
            {
                (_anchorIsScalar ??= new Dictionary<string, bool>(StringComparer.Ordinal))[value.Anchor.Value] = value is Scalar;
            }

            if (value is Scalar)
            {
                return;
            }

            if (isKey)
            {
                throw ComplexKey(line);
            }

            if (_open == MaxOpen)
            {
                throw new ContentRejectedException(
                    $"The front matter nests deeper than {MaxDepth} levels (line {line}). Front matter holds flat keys, lists and short maps; flatten it.",
                    line);
            }

            _open++;
            _children[_open] = 0;
            _isMapping[_open] = value is MappingStart;
        }

        private static ContentRejectedException ComplexKey(int line) => new(
            $"The front matter uses a list or a map (or an alias, *name, of one) as a key (line {line}). Keys are plain names, such as title or tags.",
            line);
    }
}
