using Azure.Data.Tables;

namespace Blog.Storage;

/// <summary>
/// The <c>authors</c> / <c>{slug}!profile</c> row: what an author's profile file says (name, bio,
/// avatar), the file it came from and that file's ETag. It sits beside the author's tally row, so
/// one range read answers an author and one partition read answers them all.
/// </summary>
public static class AuthorProfileRow
{
    public static readonly TextColumn Name = new("Name");
    public static readonly TextColumn Bio = new("Bio");
    public static readonly TextColumn Avatar = new("Avatar");
    public static readonly TextColumn BlobName = new("BlobName");
    public static readonly TextColumn BlobETag = new("BlobETag");

    public static TableEntity Create(string slug, AuthorProfile profile, string blobName, string blobETag)
    {
        var row = new TableEntity(BlogKeys.AuthorsPartition, BlogKeys.AuthorProfileRow(slug));
        Name.Set(row, profile.Name);
        Bio.Set(row, profile.Bio);
        Avatar.Set(row, profile.Avatar);
        BlobName.Set(row, blobName);
        BlobETag.Set(row, blobETag);
        return row;
    }

    public static bool IsProfile(TableEntity row) => row.RowKey.EndsWith(BlogKeys.ProfileSuffix, StringComparison.Ordinal);

    /// <summary>The author slug of a profile row.</summary>
    public static string SlugOf(TableEntity row) => row.RowKey[..^BlogKeys.ProfileSuffix.Length];

    public static AuthorProfile Read(TableEntity row) => new(Name.Get(row), Bio.Get(row), Avatar.Get(row));
}

/// <summary>What an author's profile file gives: each part optional.</summary>
public sealed record AuthorProfile(string? Name, string? Bio, string? Avatar);
