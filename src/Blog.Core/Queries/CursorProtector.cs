using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Blog.Queries;

/// <summary>
/// Turns the position reached in a list into an opaque cursor and back. A cursor carries the
/// query it belongs to and is signed (HMAC-SHA256) with a key from configuration, so a cursor
/// that was changed, forged, or taken from another query is refused, never followed.
/// </summary>
public sealed class CursorProtector
{
    private const int TagLength = 16;
    private readonly byte[] _key;

    public CursorProtector(IOptions<BlogOptions> options)
    {
        var configured = options.Value.CursorKey;
        _key = string.IsNullOrWhiteSpace(configured)
            ? SHA256.HashData("blog-backend development cursor key: set Blog__CursorKey in production"u8)
            : SHA256.HashData(Encoding.UTF8.GetBytes(configured));
    }

    /// <summary>A cursor for continuing <paramref name="query"/> after <paramref name="position"/>.</summary>
    public string Protect(string query, CursorPosition position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new CursorPayload(query, position.AfterRowKey, position.Offset, position.Total), QueryJsonContext.Default.CursorPayload);
        var data = new byte[payload.Length + TagLength];
        payload.CopyTo(data, 0);
        HMACSHA256.HashData(_key, payload).AsSpan(0, TagLength).CopyTo(data.AsSpan(payload.Length));
        return Base64Url.EncodeToString(data);
    }

    /// <summary>Reads a cursor handed out for <paramref name="query"/>; false when it was not.</summary>
    public bool TryUnprotect(string cursor, string query, out CursorPosition position)
    {
        position = default;
        if (cursor.Length is 0 or > 2048 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var data = Base64Url.DecodeFromChars(cursor);
        if (data.Length <= TagLength)
        {
            return false;
        }

        var payload = data.AsSpan(0, data.Length - TagLength);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..TagLength], data.AsSpan(data.Length - TagLength)))
        {
            return false;
        }

        CursorPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(payload, QueryJsonContext.Default.CursorPayload);
        }
        catch (JsonException)
        {
            return false;
        }

        if (parsed is null || parsed.Query != query || string.IsNullOrEmpty(parsed.After))
        {
            return false;
        }

        position = new CursorPosition(parsed.After, parsed.Offset, parsed.Total);
        return true;
    }
}

/// <summary>Where a page ended: the last row key returned, how many items came before, and the total then.</summary>
public readonly record struct CursorPosition(string AfterRowKey, int Offset, long? Total = null);

internal sealed record CursorPayload(string Query, string After, int Offset, long? Total);
