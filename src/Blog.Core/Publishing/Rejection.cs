namespace Blog.Publishing;

/// <summary>Why a file was refused, in words its author understands, and the line where known.</summary>
public sealed record Rejection(string Message, int? Line = null);

/// <summary>Raised while reading a file that can never be published as it stands.</summary>
public sealed class ContentRejectedException : Exception
{
    public ContentRejectedException(Rejection rejection)
        : this(rejection, innerException: null)
    {
    }

    /// <param name="rejection">What the author is told.</param>
    /// <param name="innerException">The failure the refusal stands for, kept for logs; never shown to the author.</param>
    public ContentRejectedException(Rejection rejection, Exception? innerException)
        : base(rejection.Message, innerException)
    {
        Rejection = rejection;
    }

    public ContentRejectedException(string message, int? line = null)
        : this(new Rejection(message, line))
    {
    }

    public Rejection Rejection { get; }
}
