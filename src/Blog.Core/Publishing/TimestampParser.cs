using System.Globalization;
using System.Text.RegularExpressions;

namespace Blog.Publishing;

/// <summary>
/// Reads the timestamps authors write in front matter: ISO 8601 and YAML timestamps, with or
/// without a time and an offset (<c>2013-05-06 02:12:52 +0200</c>, <c>2026-11-28</c>,
/// <c>2026-11-28T09:30:00Z</c>). A date or time without an offset is taken as UTC.
/// </summary>
public static partial class TimestampParser
{
    [GeneratedRegex(
        @"^(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})(?:(?:[Tt]|\s+)(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?\s*(?<z>[Zz]|(?<sign>[+-])(?<oh>\d{1,2})(?::?(?<om>\d{2}))?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = TimestampPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups["sign"].Success)
        {
            var hours = int.Parse(match.Groups["oh"].ValueSpan, CultureInfo.InvariantCulture);
            var minutes = match.Groups["om"].Success ? int.Parse(match.Groups["om"].ValueSpan, CultureInfo.InvariantCulture) : 0;
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0);
            if (match.Groups["sign"].ValueSpan[0] == '-')
            {
                offset = -offset;
            }
        }

        var fraction = 0L;
        if (match.Groups["f"].Success)
        {
            var digits = match.Groups["f"].Value.PadRight(7, '0')[..7];
            fraction = long.Parse(digits, CultureInfo.InvariantCulture);
        }

        try
        {
            var local = new DateTime(
                Int(match, "y"), Int(match, "mo"), Int(match, "d"),
                Int(match, "h"), Int(match, "mi"), Int(match, "s"),
                DateTimeKind.Unspecified).AddTicks(fraction);
            value = new DateTimeOffset(local, offset).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static int Int(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture) : 0;
}
