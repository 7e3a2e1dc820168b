using System.Text.Json;

namespace Blog.Notifications;

/// <summary>
/// One delivery on the notification queue: the receiver, the event id, which try this is, and
/// the body exactly as it is signed and sent.
/// </summary>
public sealed record WebhookMessage(string Url, string EventId, int Attempt, string Body)
{
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Articles.BlogJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("url", Url);
            writer.WriteString("eventId", EventId);
            writer.WriteNumber("attempt", Attempt);
            writer.WriteString("body", Body);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The message <paramref name="text"/> holds, or null when it is not one.</summary>
    public static WebhookMessage? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String &&
                root.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String &&
                root.TryGetProperty("attempt", out var attempt) && attempt.TryGetInt32(out var number) && number >= 1 &&
                root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String
                ? new WebhookMessage(url.GetString()!, id.GetString()!, number, body.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
