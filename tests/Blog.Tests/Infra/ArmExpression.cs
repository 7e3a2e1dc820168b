using System.Text.RegularExpressions;

namespace Blog.Tests.Infra;

/// <summary>Just enough reading of ARM template expressions for the deployment tests.</summary>
internal static partial class ArmExpression
{
    /// <summary>The top-level arguments of the first call of <paramref name="function"/> in <paramref name="expression"/>.</summary>
    public static IReadOnlyList<string> Arguments(string expression, string function)
    {
        var start = expression.IndexOf(function + "(", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var arguments = new List<string>();
        var depth = 0;
        var quoted = false;
        var from = start + function.Length + 1;
        for (var i = from; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '(' or '[')
            {
                depth++;
            }
            else if (!quoted && c is ')' or ']' && depth > 0)
            {
                depth--;
            }
            else if (!quoted && (c == ',' || c == ')') && depth == 0)
            {
                arguments.Add(expression[from..i].Trim());
                from = i + 1;
                if (c == ')')
                {
                    break;
                }
            }
        }

        return arguments;
    }

    /// <summary>The keys and values of the first <c>createObject(...)</c> in the expression.</summary>
    public static IReadOnlyDictionary<string, string> CreatedObject(string expression)
    {
        var arguments = Arguments(expression, "createObject");
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < arguments.Count; i += 2)
        {
            pairs.Add(arguments[i].Trim('\''), arguments[i + 1]);
        }

        return pairs;
    }

    /// <summary>The resource type a <c>resourceId('type', ...)</c> names.</summary>
    public static string? ResourceType(string expression) =>
        ResourceTypePattern().Match(expression) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The prefix of the name in <c>format('prefix{0}', ...)</c>: which account, identity or component.</summary>
    public static string? NamePrefix(string expression) =>
        NamePrefixPattern().Match(expression) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The variables an expression names, in order.</summary>
    public static IEnumerable<string> Variables(string expression) =>
        VariablePattern().Matches(expression).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"resourceId\('([^']+)'")]
    private static partial Regex ResourceTypePattern();

    [GeneratedRegex(@"format\('([a-z-]+)\{0\}'")]
    private static partial Regex NamePrefixPattern();

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariablePattern();
}
