using Blog.Publishing;
using Xunit;

namespace Blog.Tests.Publishing;

public sealed class TimestampParserTests
{
    [Theory]
    [InlineData("2013-05-06 02:12:52 +0200", "2013-05-06T00:12:52Z")]
    [InlineData("2026-11-28", "2026-11-28T00:00:00Z")]
    [InlineData("2026-11-28T09:30:00Z", "2026-11-28T09:30:00Z")]
    [InlineData("2026-11-28T09:30:00+05:30", "2026-11-28T04:00:00Z")]
    [InlineData("2026-11-28 09:30", "2026-11-28T09:30:00Z")]
    [InlineData("2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.1Z")]
    [InlineData("2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z")]
    [InlineData("2024-06-23 21:56:58 -0700", "2024-06-24T04:56:58Z")]
    [InlineData(" 2026-1-5 ", "2026-01-05T00:00:00Z")]
    public void Reads_iso_and_yaml_timestamps_as_utc(string text, string expected)
    {
        Assert.True(TimestampParser.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2023-01-29 18:30:22 2023 -0800")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-11-28T25:00:00Z")]
    [InlineData("2026-11-28T10:00:00+15:00")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_what_is_not_a_timestamp(string? text)
    {
        Assert.False(TimestampParser.TryParse(text, out _));
    }
}
