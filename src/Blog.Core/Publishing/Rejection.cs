namespace Blog.Publishing;

/// <summary>Why a file was refused, in words its author understands, and the line where known.</summary>
public sealed record Rejection(string Message, int? Line = null);

/// <summary>Raised while reading a file that can never be published as it stands.</summary>
public sealed class ContentRejectedException(Rejection rejection) : Exception(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;

    public ContentRejectedException(string message, int? line = null)
        : this(new Rejection(message, line))
    {
    }
}
