namespace Blog.Publishing;

/// <summary>
/// Reads the timestamps authors write in front matter: ISO 8601 and YAML timestamps, with or
/// without a time and an offset (<c>2013-05-06 02:12:52 +0200</c>, <c>2026-11-28</c>,
/// <c>2026-11-28T09:30:00Z</c>, <c>2001-12-14 21:59:43.10 -5</c>). A date or time without an
/// offset is taken as UTC.
/// </summary>
public static class TimestampParser
{
    public static bool TryParse(string? text, out DateTimeOffset value) => TryParse(text.AsSpan(), out value);

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var reader = new Reader(text.Trim());

        // Date: YYYY-M(M)-D(D)
        if (!reader.Digits(4, 4, out var year) || !reader.Skip('-') ||
            !reader.Digits(1, 2, out var month) || !reader.Skip('-') ||
            !reader.Digits(1, 2, out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        var offset = TimeSpan.Zero;

        // Time: 'T', 't' or spaces, then H(H):MM[:SS[.fraction]]
        var mark = reader.Position;
        if (reader.SkipTimeSeparator() && reader.Digits(1, 2, out hour))
        {
            if (!reader.Skip(':') || !reader.Digits(2, 2, out minute))
            {
                return false;
            }

            if (reader.Skip(':'))
            {
                if (!reader.Digits(2, 2, out second))
                {
                    return false;
                }

                if (reader.Skip('.') || reader.Skip(','))
                {
                    if (!reader.Fraction(out fraction))
                    {
                        return false;
                    }
                }
            }
        }
        else
        {
            reader.Position = mark;
        }

        // Offset: Z, or +H, +HH, +HHMM, +HH:MM (spaces before it allowed)
        reader.SkipSpaces();
        if (reader.Skip('Z') || reader.Skip('z'))
        {
        }
        else if (reader.Peek() is '+' or '-')
        {
            var negative = reader.Next() == '-';
            if (!reader.Digits(1, 4, out var digits, out var count))
            {
                return false;
            }

            // +H, +HH (then maybe :MM), or +HMM, +HHMM.
            var offsetHours = count <= 2 ? digits : digits / 100;
            var offsetMinutes = count <= 2 ? 0 : digits % 100;
            if (count <= 2 && reader.Skip(':') && !reader.Digits(2, 2, out offsetMinutes))
            {
                return false;
            }

            if (offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (negative)
            {
                offset = -offset;
            }
        }

        if (!reader.AtEnd)
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 1 : year, month) ||
            year < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private ref struct Reader(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;

        public int Position;

        public readonly bool AtEnd => Position >= _text.Length;

        public readonly char Peek() => Position < _text.Length ? _text[Position] : '\0';

        public char Next() => _text[Position++];

        public bool Skip(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            Position++;
            return true;
        }

        public void SkipSpaces()
        {
            while (Peek() is ' ' or '\t')
            {
                Position++;
            }
        }

        public bool SkipTimeSeparator()
        {
            if (Skip('T') || Skip('t'))
            {
                return true;
            }

            var start = Position;
            SkipSpaces();
            return Position > start;
        }

        public bool Digits(int min, int max, out int value) => Digits(min, max, out value, out _);

        public bool Digits(int min, int max, out int value, out int count)
        {
            value = 0;
            count = 0;
            while (count < max && Peek() is >= '0' and <= '9')
            {
                value = (value * 10) + (Next() - '0');
                count++;
            }

            return count >= min && Peek() is not (>= '0' and <= '9');
        }

        /// <summary>Up to 7 digits become ticks; further digits are read and dropped.</summary>
        public bool Fraction(out long ticks)
        {
            ticks = 0;
            var count = 0;
            while (Peek() is >= '0' and <= '9')
            {
                var digit = Next() - '0';
                if (count < 7)
                {
                    ticks = (ticks * 10) + digit;
                }

                count++;
            }

            for (var i = count; i < 7; i++)
            {
                ticks *= 10;
            }

            return count > 0;
        }
    }
}
