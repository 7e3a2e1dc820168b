// What every page shares: the API client, problem details, DOM building without innerHTML,
// article cards, dates, feed links and the page chrome.
import config from '../config.js';

export const apiBase = config.apiBase.replace(/\/+$/, '');
export const siteName = config.siteName ?? 'Blog';

/** An answer of the API that is not a success, carrying its problem details (RFC 7807). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title ?? (status === 0 ? 'The blog cannot be reached' : `Error ${status}`);
    this.detail = problem?.detail ?? (status === 0 ? 'The blog API did not answer. Try again in a moment.' : 'Something went wrong.');
  }
}

/** GETs a path of the API (no leading slash) and answers { data, response }, or throws ApiError. */
export async function api(path) {
  let response;
  try {
    response = await fetch(`${apiBase}/${path}`, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a problem document: the status says enough
    }
    throw new ApiError(response.status, problem);
  }
  return { data: await response.json(), response };
}

/** Builds an element: attributes (null ones skipped) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const articleUrl = (slug) => `article.html?slug=${encodeURIComponent(slug)}`;
export const tagUrl = (slug) => `tag.html?slug=${encodeURIComponent(slug)}`;
export const categoryUrl = (slug) => `category.html?slug=${encodeURIComponent(slug)}`;
export const authorUrl = (slug) => `author.html?slug=${encodeURIComponent(slug)}`;

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** A <time> for an ISO 8601 instant, shown as a date (UTC, the day the article names). */
export const time = (iso, className = null) => el('time', { datetime: iso, class: className }, dateFormat.format(new Date(iso)));

export const readingTime = (minutes) => el('span', { class: 'reading-time' }, `${minutes} min read`);

/** The tags of an article as a list of links to their pages. */
export function tagList(tags, className = 'tags') {
  if (!tags?.length) return null;
  return el('ul', { class: className, 'aria-label': 'Tags' },
    tags.map((tag) => el('li', {}, el('a', { href: tagUrl(tag.slug), rel: 'tag' }, `#${tag.name}`))));
}

/** One article in a list: title, category, description, reading time, date, tags. */
export function articleCard(summary, headingLevel = 2) {
  return el('article', { class: 'card', 'data-slug': summary.slug },
    summary.category && el('p', { class: 'card-category' }, el('a', { href: categoryUrl(summary.category.slug) }, summary.category.name)),
    el(`h${headingLevel}`, { class: 'card-title' }, el('a', { href: articleUrl(summary.slug) }, summary.title)),
    el('p', { class: 'card-meta' }, time(summary.publishedAt), ' · ', readingTime(summary.readingTimeMinutes)),
    summary.description && el('p', { class: 'card-description' }, summary.description),
    tagList(summary.tags));
}

/** Replaces the content of the main landmark with a problem's title and detail. */
export function showProblem(error) {
  const main = document.getElementById('main');
  const known = error instanceof ApiError;
  const title = known ? error.title : 'Something went wrong';
  const detail = known ? error.detail : 'The page could not be shown.';
  document.title = `${title} · ${siteName}`;
  document.body.dataset.state = 'error';
  main.replaceChildren(el('section', { class: 'problem', 'data-status': known ? error.status : null },
    el('h1', { id: 'problem-title' }, title),
    el('p', { id: 'problem-detail' }, detail),
    el('p', {}, el('a', { href: './', class: 'back-link' }, '← Back to Blog'))));
  if (!known) console.warn(error);
}

/** The RSS, Atom and JSON feeds of the page (all articles, or one tag or category) in <head>. */
export function feedLinks(query = '', label = siteName) {
  const suffix = query ? `?${query}` : '';
  for (const [kind, type, name] of [['rss', 'application/rss+xml', 'RSS'], ['atom', 'application/atom+xml', 'Atom'], ['json', 'application/feed+json', 'JSON Feed']]) {
    document.head.append(el('link', { rel: 'alternate', type, title: `${label} (${name})`, href: `${apiBase}/feeds/${kind}${suffix}` }));
  }
  return `${apiBase}/feeds/rss${suffix}`;
}

/** A page's parameter from the query string. */
export const parameter = (name) => new URLSearchParams(location.search).get(name);

/** Articles per page: the page's ?limit= when it is 1 to 100, else the configured size. */
export function pageSize() {
  const limit = Number(parameter('limit'));
  return Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : config.pageSize ?? 10;
}

/** Marks the page as ready for readers and tests: everything the first answers bring is shown. */
export function ready() {
  document.body.dataset.state = 'ready';
  document.getElementById('main')?.setAttribute('aria-busy', 'false');
}

/** The parts of the page chrome that come from the configuration: the site name and the feed link. */
export function chrome() {
  for (const node of document.querySelectorAll('[data-site-name]')) node.textContent = siteName;
  for (const link of document.querySelectorAll('a[data-feed]')) link.href = `${apiBase}/feeds/rss`;
}
