// The search page (search.html?q=...): /api/search, best first, "Load more" through nextCursor.
import { api, articleCard, chrome, el, pageSize, parameter, ready, showProblem, siteName } from './site.js';

async function search() {
  const q = (parameter('q') ?? '').trim();
  const input = document.getElementById('search-input');
  input.value = q;
  if (!q) {
    input.focus();
    return;
  }

  document.title = `Search: ${q} · ${siteName}`;
  const list = document.getElementById('articles');
  const button = document.getElementById('load-more');
  const status = document.getElementById('list-status');
  let cursor = null;
  let shown = 0;

  async function load() {
    const query = new URLSearchParams({ q, limit: String(pageSize()) });
    if (cursor) query.set('cursor', cursor);
    button.disabled = true;
    const { data } = await api(`search?${query}`);
    const cards = data.items.map((item) => articleCard(item));
    list.append(...cards);
    shown += cards.length;
    cursor = data.nextCursor;
    button.hidden = !cursor;
    button.disabled = false;
    const total = data.total ?? shown;
    status.textContent = total === 0
      ? `No articles hold every word of “${q}”.`
      : `${total} ${total === 1 ? 'article' : 'articles'} for “${q}”`;
    return cards;
  }

  button.addEventListener('click', async () => {
    try {
      (await load())[0]?.querySelector('.card-title a')?.focus();
    } catch (error) {
      showProblem(error);
    }
  });
  await load();
}

chrome();
try {
  await search();
  ready();
} catch (error) {
  showProblem(error);
}
