// The article page (article.html?slug=...): the article as the API gives it. Its HTML is safe by
// construction (allow-listed and balanced when it was published), so it is inserted as it is.
// An old slug answers 301; fetch follows it, and the address bar is corrected to the new slug.
import { ApiError, api, articleCard, articleUrl, authorUrl, categoryUrl, chrome, el, feedLinks, parameter, readingTime, ready, showProblem, siteName, tagList, time } from './site.js';

/** Cover images reserve their box before they load (1200 × 630, the usual social card ratio). */
function cover(article) {
  if (!article.coverImage) return null;
  return el('figure', { class: 'cover' },
    el('img', { src: article.coverImage, alt: '', width: 1200, height: 630, decoding: 'async', fetchpriority: 'high' }));
}

function tableOfContents(toc) {
  if (!toc?.length) return null;
  return el('nav', { id: 'toc', class: 'toc', 'aria-labelledby': 'toc-title' },
    el('h2', { id: 'toc-title' }, 'On this page'),
    el('ol', {}, toc.map((entry) => el('li', { class: `toc-level-${entry.level}` }, el('a', { href: `#${entry.id}` }, entry.text)))));
}

function related(items) {
  if (!items?.length) return null;
  return el('section', { id: 'related', class: 'related', 'aria-labelledby': 'related-title' },
    el('h2', { id: 'related-title' }, 'Related articles'),
    el('div', { class: 'cards' }, items.slice(0, 3).map((item) => articleCard(item, 3))));
}

/** "By Jane Doe", "By Jane Doe and John Smith", "By A, B and C": each author linked to their page, else the single `author`. */
function byline(article) {
  const people = article.authors?.length
    ? article.authors.map((a) => el('a', { href: authorUrl(a.slug), rel: 'author' }, a.name))
    : article.author ? [article.author] : [];
  if (!people.length) return null;
  const parts = ['By '];
  people.forEach((person, i) => {
    if (i > 0) parts.push(i === people.length - 1 ? ' and ' : ', ');
    parts.push(person);
  });
  return el('span', { class: 'author' }, parts);
}

/** The article's place in its series, with links to the visible parts before and after it. */
function series(position) {
  if (!position) return null;
  const link = (summary, rel, label) => summary && el('li', { class: `series-${rel}` },
    el('a', { href: articleUrl(summary.slug), rel }, `${label}: ${summary.title}`));
  return el('nav', { id: 'series', class: 'series', 'aria-labelledby': 'series-title' },
    el('h2', { id: 'series-title' }, `Part ${position.part} of ${position.total} in ${position.name}`),
    el('ul', {}, link(position.previous, 'prev', 'Previous'), link(position.next, 'next', 'Next')));
}

function canonical(href) {
  document.head.append(el('link', { rel: 'canonical', href }));
}

async function show() {
  const slug = parameter('slug');
  if (!slug) throw new ApiError(400, { title: 'No article given', detail: 'Open an article from the home page.' });
  const { data: article, response } = await api(`articles/${encodeURIComponent(slug)}`);

  // Redirected from an old slug or an alias: the page's address names the current slug.
  if (response.redirected || article.slug !== slug) {
    const url = new URL(location.href);
    url.searchParams.set('slug', article.slug);
    history.replaceState(null, '', url);
  }

  document.title = `${article.title} · ${siteName}`;
  canonical(article.canonicalUrl ?? new URL(articleUrl(article.slug), location.href).href);
  feedLinks();
  const description = document.querySelector('meta[name="description"]');
  if (description && article.description) description.content = article.description;

  const body = el('div', { class: 'article-body prose' });
  body.innerHTML = article.html; // safe by construction: see the header comment

  const authors = byline(article);
  const meta = el('p', { class: 'article-meta' },
    authors,
    authors && ' · ',
    time(article.publishedAt, 'published'),
    article.updatedAt && [' · Updated ', time(article.updatedAt, 'updated')],
    ' · ',
    readingTime(article.readingTimeMinutes));

  const view = el('article', { class: 'article', 'data-slug': article.slug },
    el('header', { class: 'article-header' },
      article.category && el('p', { class: 'article-category' }, el('a', { href: categoryUrl(article.category.slug) }, article.category.name)),
      el('h1', { id: 'article-title' }, article.title),
      article.description && el('p', { class: 'article-description' }, article.description),
      meta),
    cover(article),
    series(article.series),
    tableOfContents(article.toc),
    body,
    el('footer', { class: 'article-footer' },
      article.tags?.length ? [el('h2', { class: 'visually-hidden' }, 'Tags'), tagList(article.tags, 'tags article-tags')] : null));

  document.getElementById('main').replaceChildren(
    view,
    related(article.related),
    el('p', { class: 'back' }, el('a', { href: './', class: 'back-link' }, '← Back to Blog')));

  // Opened with an anchor (#heading): the heading exists only now.
  if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

chrome();
try {
  await show();
  ready();
} catch (error) {
  showProblem(error);
}
