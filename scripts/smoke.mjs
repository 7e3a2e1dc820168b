// Checks a running blog API in a few calls: node scripts/smoke.mjs [baseUrl] [functionKey]
// Works against `npm start`, `func start` or a deployed app (default http://localhost:7071/api).
// With a function key (argument or BLOG_FUNCTION_KEY) it also checks that the management routes
// refuse a call without it and answer one with it.
const base = (process.argv[2] ?? process.env.BLOG_API ?? 'http://localhost:7071/api').replace(/\/+$/, '');
const key = process.argv[3] ?? process.env.BLOG_FUNCTION_KEY;
let failures = 0;

async function check(name, path, expect, options = {}) {
  try {
    const response = await fetch(`${base}/${path}`, { redirect: 'manual', ...options });
    const body = response.status === 304 || options.method === 'HEAD' ? null : await response.text();
    const problem = expect(response, body && response.headers.get('content-type')?.includes('json') ? JSON.parse(body) : body);
    console.log(`${problem ? 'FAIL' : 'ok  '} ${name} (${response.status})${problem ? ': ' + problem : ''}`);
    if (problem) failures++;
    return { response, body };
  } catch (error) {
    console.log(`FAIL ${name}: ${error.message}`);
    failures++;
    return {};
  }
}

await check('health', 'health', (r, json) => (r.status === 200 && json?.status === 'healthy' ? null : 'not healthy'));
const list = await check('articles', 'articles?limit=5', (r, json) =>
  r.status === 200 && Array.isArray(json?.items) && 'nextCursor' in json && 'total' in json ? null : 'not a page of articles');
const first = list.body ? JSON.parse(list.body).items[0] : undefined;
if (first) {
  const article = await check(`article ${first.slug}`, `articles/${first.slug}`, (r, json) =>
    r.status === 200 && typeof json?.html === 'string' && Array.isArray(json?.related) ? null : 'not an article');
  const etag = article.response?.headers.get('etag');
  await check('conditional GET', `articles/${first.slug}`, (r) => (r.status === 304 ? null : 'expected 304'), {
    headers: { 'If-None-Match': etag ?? '' },
  });
  await check('HEAD', `articles/${first.slug}`, (r) => (r.status === 200 ? null : 'expected 200'), { method: 'HEAD' });
  // Up to three words of its title find the newest article first (CJK words cut to two pairs).
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const words = first.title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 3)
    .map((w) => (cjk.test(w) ? [...w].slice(0, 4).join('') : w));
  const q = words.join(' ') || 'a';
  await check(`search "${q}"`, `search?q=${encodeURIComponent(q)}`, (r, json) =>
    r.status === 200 && json?.items?.[0]?.slug === first.slug ? null : `${first.slug} is not the first result for words of its title`);
} else {
  console.log('note no article published yet: skipped the article checks');
}
await check('tags', 'tags', (r, json) => (r.status === 200 && Array.isArray(json?.items) ? null : 'not a tag list'));
await check('categories', 'categories', (r, json) => (r.status === 200 && Array.isArray(json?.items) ? null : 'not a category list'));
await check('search without q', 'search', (r, json) => (r.status === 400 && json?.detail ? null : 'expected a 400 problem'));
await check('bad parameter', 'articles?limit=0', (r, json) => (r.status === 400 && json?.detail ? null : 'expected a 400 problem'));
await check('unknown article', 'articles/no-such-article-here', (r) => (r.status === 404 ? null : 'expected 404'));
const errorList = (r, json) => (r.status === 200 && Array.isArray(json?.items) ? null : 'not a list of ingest errors');
if (key) {
  await check('management without a key', 'manage/ingest-errors', (r) => (r.status === 401 ? null : 'expected 401'));
  await check('management with the key', 'manage/ingest-errors', errorList, { headers: { 'x-functions-key': key } });
} else {
  // Locally (dev host, func start) no key is needed; a deployed app answers 401 without one.
  await check('management (no key given)', 'manage/ingest-errors', (r, json) => (r.status === 401 ? null : errorList(r, json)));
}
await check('openapi', 'openapi.json', (r, json) => (r.status === 200 && json?.openapi ? null : 'not an OpenAPI document'));
await check('rss feed', 'feeds/rss', (r, xml) =>
  r.status === 200 && r.headers.get('content-type')?.startsWith('application/rss+xml') && /<rss[\s>]/.test(xml ?? '') ? null : 'not an RSS feed');
await check('sitemap', 'sitemap.xml', (r, xml) =>
  r.status === 200 && r.headers.get('content-type')?.startsWith('application/xml') &&
  /<(urlset|sitemapindex) xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9"/.test(xml ?? '') ? null : 'not a sitemap');

console.log(failures === 0 ? `smoke: all checks passed against ${base}` : `smoke: ${failures} check(s) failed against ${base}`);
process.exit(failures === 0 ? 0 : 1);
