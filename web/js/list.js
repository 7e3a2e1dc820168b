// The home, tag, category and author pages: a page of articles newest first, "Load more" through the
// API's nextCursor, the category switcher and the feed of what the page lists.
import { api, ApiError, articleCard, categoryUrl, chrome, el, feedLinks, pageSize, parameter, ready, showProblem, siteName } from './site.js';

const page = document.body.dataset.page; // home | tag | category | author

/** Lists `articles?{filter}` into #articles, a page at a time. */
async function listArticles(filter) {
  const list = document.getElementById('articles');
  const button = document.getElementById('load-more');
  const status = document.getElementById('list-status');
  const size = pageSize();
  let cursor = null;
  let shown = 0;

  async function load() {
    const query = new URLSearchParams(filter);
    query.set('limit', String(size));
    if (cursor) query.set('cursor', cursor);
    button.disabled = true;
    const { data } = await api(`articles?${query}`);
    const cards = data.items.map((item) => articleCard(item));
    list.append(...cards);
    shown += cards.length;
    cursor = data.nextCursor;
    button.hidden = !cursor;
    button.disabled = false;
    if (shown === 0) {
      list.append(el('p', { class: 'empty' }, 'No articles yet.'));
    }
    status.textContent = data.total === null || data.total === undefined
      ? `Showing ${shown} articles`
      : `Showing ${shown} of ${data.total} ${data.total === 1 ? 'article' : 'articles'}`;
    return cards;
  }

  button.addEventListener('click', async () => {
    try {
      const cards = await load();
      // Keyboard and screen reader users continue where the new articles start.
      cards[0]?.querySelector('.card-title a')?.focus();
    } catch (error) {
      showProblem(error);
    }
  });
  await load();
}

/** The category switcher: every category with its count, the current one marked. */
async function categorySwitcher(current) {
  const nav = document.getElementById('categories');
  const { data } = await api('categories');
  const link = (href, text, isCurrent) => el('li', {}, el('a', { href, 'aria-current': isCurrent ? 'page' : null }, text));
  nav.querySelector('ul').replaceChildren(
    link('./', 'All', current === null),
    ...data.items.map((category) => link(categoryUrl(category.slug), [category.name, ' ', el('span', { class: 'count' }, `(${category.count})`)], category.slug === current)));
  nav.hidden = false;
}

function setFeed(query, label) {
  document.getElementById('feed-link').href = feedLinks(query, label);
}

async function home() {
  setFeed('', siteName);
  await Promise.all([categorySwitcher(null), listArticles('')]);
}

/** A tag or category page: its name and count from the API, then its articles. */
async function taxonomy(kind) {
  const slug = parameter('slug');
  if (!slug) {
    throw new ApiError(400, { title: `No ${kind} given`, detail: `Open a ${kind} from an article or the home page.` });
  }
  const { data } = await api(`${kind === 'tag' ? 'tags' : 'categories'}/${encodeURIComponent(slug)}`);
  const label = kind === 'tag' ? `Tagged “${data.name}”` : data.name;
  document.title = `${label} · ${siteName}`;
  document.getElementById('page-title').textContent = label;
  document.getElementById('page-count').textContent = `${data.count} ${data.count === 1 ? 'article' : 'articles'}`;
  const filter = `${kind}=${encodeURIComponent(data.slug)}`;
  setFeed(filter, `${siteName}: ${data.name}`);
  await Promise.all([kind === 'category' ? categorySwitcher(data.slug) : null, listArticles(filter)]);
}

/** An author's page: name, bio and avatar from the author's profile, then their articles. */
async function author() {
  const slug = parameter('slug');
  if (!slug) {
    throw new ApiError(400, { title: 'No author given', detail: 'Open an author from an article.' });
  }
  const { data } = await api(`authors/${encodeURIComponent(slug)}`);
  document.title = `${data.name} · ${siteName}`;
  document.getElementById('page-title').textContent = data.name;
  document.getElementById('page-count').textContent = `${data.count} ${data.count === 1 ? 'article' : 'articles'}`;
  if (data.bio) {
    const bio = document.getElementById('author-bio');
    bio.textContent = data.bio;
    bio.hidden = false;
  }
  if (data.avatar) {
    const avatar = document.getElementById('author-avatar');
    avatar.src = data.avatar;
    avatar.hidden = false;
  }
  setFeed('', siteName); // the feeds narrow by tag or category, not by author
  await listArticles(`author=${encodeURIComponent(data.slug)}`);
}

chrome();
try {
  if (page === 'home') {
    await home();
  } else if (page === 'author') {
    await author();
  } else {
    await taxonomy(page);
  }
  ready();
} catch (error) {
  showProblem(error);
}
