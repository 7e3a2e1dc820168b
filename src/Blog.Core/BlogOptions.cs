namespace Blog;

/// <summary>Settings of the blog backend, bound from the <c>Blog</c> configuration section.</summary>
public sealed class BlogOptions
{
    /// <summary>Name of the configuration section these options bind from.</summary>
    public const string SectionName = "Blog";

    /// <summary>
    /// The container authors upload Markdown to. The Functions host reads the same setting for the
    /// blob trigger's path, so on the host it must be set (<c>Blog__PostsContainer</c>).
    /// </summary>
    public string PostsContainer { get; set; } = "posts";

    /// <summary>The container for rendered HTML too large for a table entity.</summary>
    public string HtmlContainer { get; set; } = "rendered";

    /// <summary>The table holding the index (articles, lists, taxonomies, errors).</summary>
    public string TableName { get; set; } = "blog";

    /// <summary>The table holding the search rows; by default <see cref="TableName"/> followed by <c>search</c>.</summary>
    public string? SearchTableName { get; set; }

    /// <summary>Largest Markdown file accepted, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The most HTML characters an article may render to per Markdown character (at least 64 Ki in all).</summary>
    public int MaxHtmlExpansion { get; set; } = Rendering.HtmlLimit.Default.Expansion;

    /// <summary>The most HTML characters any article may render to.</summary>
    public int MaxHtmlLength { get; set; } = Rendering.HtmlLimit.Default.Ceiling;

    /// <summary>Public address of the site, used to tell internal links from external ones.</summary>
    public Uri? SiteUrl { get; set; }

    /// <summary>
    /// Where relative image and link URLs of articles go (<c>{MediaBaseUrl}/{path in the posts container}</c>):
    /// a path on the site (the default, the API's own <c>/api/media</c> route) or an absolute
    /// <c>http(s)</c> URL of a CDN or static site serving the posts container. Written into the
    /// HTML when a file is published.
    /// </summary>
    public string MediaBaseUrl { get; set; } = Rendering.MediaLinks.DefaultBase;

    /// <summary>The <c>Cache-Control</c> of media answers (<c>/api/media/...</c>).</summary>
    public string MediaCacheControl { get; set; } = "public, max-age=86400";

    /// <summary>Secret that signs list cursors; the same on every instance. A development key stands in when unset.</summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// How long, at most, an instance serves a read from its memory (<see cref="Queries.ReadCache"/>);
    /// <c>0</c> turns the cache off. Publishes on other instances show within this time.
    /// </summary>
    public double ReadCacheSeconds { get; set; } = 5;

    /// <summary>The <c>Cache-Control</c> of successful public answers.</summary>
    public string CacheControl { get; set; } = "public, max-age=60, stale-while-revalidate=600";

    /// <summary>
    /// Origins allowed to call the API from a browser; empty (the default) or <c>*</c> for any.
    /// Empty by default because configuration adds array items to a default, never replaces it.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Where an article's page is, for feeds and the sitemap: <c>{slug}</c> stands for the slug.
    /// A path is resolved against <see cref="SiteUrl"/> (else the address the request came to);
    /// an absolute <c>http(s)://</c> template is used as it is.
    /// </summary>
    public string ArticleUrlTemplate { get; set; } = "/articles/{slug}";

    /// <summary>Where a tag's page is (see <see cref="ArticleUrlTemplate"/>).</summary>
    public string TagUrlTemplate { get; set; } = "/tags/{slug}";

    /// <summary>Where a category's page is (see <see cref="ArticleUrlTemplate"/>).</summary>
    public string CategoryUrlTemplate { get; set; } = "/categories/{slug}";

    /// <summary>The title of the feeds.</summary>
    public string FeedTitle { get; set; } = "Blog";

    /// <summary>Most URLs in one sitemap (sitemaps.org allows 50,000); above it the sitemap is an index of parts.</summary>
    public int SitemapPartSize { get; set; } = 50_000;

    /// <summary>
    /// Addresses that receive a signed <c>POST</c> after every publish, update, takedown or removal
    /// (<c>Blog__Webhooks__0</c>, <c>__1</c>, ...). Empty by default: no notifications.
    /// </summary>
    public string[] Webhooks { get; set; } = [];

    /// <summary>The key of the notifications' HMAC-SHA256 signature; required when any webhook is set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// The queue, in the content storage account, holding the notifications still to deliver; its
    /// poison queue (<c>{name}-poison</c>) keeps those given up on. The Functions host reads the same
    /// setting for the queue trigger, so on the host it must be set (<c>Blog__NotificationQueue</c>).
    /// </summary>
    public string NotificationQueue { get; set; } = "blog-notifications";

    /// <summary>How long a receiver has to answer one delivery.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The waits before each new try of a failed delivery (<c>Blog__WebhookRetryDelays__0</c>, ...);
    /// empty (the default) for <see cref="Notifications.ChangeNotifier.DefaultRetryDelays"/>.
    /// </summary>
    public TimeSpan[] WebhookRetryDelays { get; set; } = [];
}
