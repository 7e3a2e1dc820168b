using System.Collections.Frozen;

namespace Blog.Media;

/// <summary>
/// Which blobs of the posts container the media route serves, and as what: images, chosen by the
/// extension of their name (never by the content type stored with the blob, which whoever
/// uploaded it chose), at a plain path.
/// </summary>
public static class MediaPaths
{
    /// <summary>The content type served for each extension the route serves.</summary>
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".svg"] = SvgContentType,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public const string SvgContentType = "image/svg+xml";

    /// <summary>The extensions served, for messages: <c>png, jpg, ...</c>.</summary>
    public static string Extensions => "png, jpg, jpeg, gif, webp, avif, svg";

    /// <summary>The longest blob name the route looks up (a blob name's own limit).</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The content type of the blob at <paramref name="path"/> when the route serves it; null for
    /// anything else: another extension (<c>.md</c>, <c>.html</c>, none), or a path that is not a
    /// plain one (see <see cref="IsPlainPath"/>).
    /// </summary>
    public static string? ContentTypeOf(string? path)
    {
        if (path is null || !IsPlainPath(path))
        {
            return null;
        }

        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        var dot = name.LastIndexOf('.');
        return dot > 0 && ContentTypes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[dot..], out var type) ? type : null;
    }

    /// <summary>
    /// A path the route looks up as it is: 1 to <see cref="MaxLength"/> characters of non-empty
    /// segments separated by <c>/</c>, none of them <c>.</c> or <c>..</c>, with no backslash, no
    /// control character and no percent sign (a path reaches the route decoded once; a <c>%</c>
    /// left in it would be read as another encoding by some layer, so no such name is served).
    /// </summary>
    public static bool IsPlainPath(string path)
    {
        if (path.Length is 0 or > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (char.IsControl(c) || c is '\\' or '%')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                // A pair names one character; a lone half names none.
                if (!char.IsSurrogatePair(path, i))
                {
                    return false;
                }

                i++;
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == ".." || segment.Trim().Length == 0)
            {
                return false;
            }
        }

        return true;
    }
}
