using System.Text.Json.Serialization;

namespace Blog.Queries;

[JsonSerializable(typeof(CursorPayload))]
internal sealed partial class QueryJsonContext : JsonSerializerContext;
