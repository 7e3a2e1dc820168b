// Publishes Markdown files to the locally running blog (npm start) and says what became of each.
// Usage: npm run post -- [--under <folder>] <file.md> [more files]
//   The blob name is the file's path below <folder> (default: the directory you run it from), so
//   `npm run post -- 2026/11/hello.md` uploads posts/2026/11/hello.md.
// Settings: BLOG_API (default http://localhost:7071/api), BlogStorage and Blog__PostsContainer
// (default: src/Blog.Functions/local.settings.json), BLOG_FUNCTION_KEY and BLOG_BLOBS_KEY where the
// host requires keys (not locally).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { apiBase, deliverBlobCreated, ensureTools, localSettings, resolveConnection } from './local.mjs';

const usage = 'usage: npm run post -- [--under <folder>] <file.md> [more files]';
const args = process.argv.slice(2);
const here = process.env.INIT_CWD ?? process.cwd(); // npm runs scripts from the repository root
let under = here;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--under' && i + 1 < args.length) under = resolve(here, args[++i]);
  else if (args[i] === '--help' || args[i] === '-h') { console.log(usage); process.exit(0); }
  else files.push(resolve(here, args[i]));
}
if (files.length === 0) fail(usage);

const uploads = files.map((file) => {
  if (!existsSync(file) || !statSync(file).isFile()) fail(`${file}: no such file`);
  if (!['.md', '.markdown'].includes(extname(file).toLowerCase())) fail(`${file}: only .md and .markdown files are published`);
  const path = relative(under, file);
  if (path.startsWith('..') || isAbsolute(path)) fail(`${file} is not below ${under}: pass --under <folder> to say where blob names start`);
  return { file, name: path.split(sep).join('/') };
});

ensureTools((message) => console.log(`[post] ${message}`));
const { BlobServiceClient } = await import('@azure/storage-blob');
const { connection, container } = localSettings();
const posts = BlobServiceClient.fromConnectionString(resolveConnection(connection)).getContainerClient(container);
const keyHeader = process.env.BLOG_FUNCTION_KEY ? { 'x-functions-key': process.env.BLOG_FUNCTION_KEY } : {};

try {
  const health = await fetch(`${apiBase}/health`);
  if (health.status !== 200) fail(`the blog API at ${apiBase} answers ${health.status} to /health: is its storage running?`);
} catch {
  fail(`nothing answers at ${apiBase}: start the backend with \`npm start\` (or set BLOG_API)`);
}

let refused = 0;
for (const { file, name } of uploads) {
  const blob = posts.getBlockBlobClient(name);
  const { etag } = await blob.uploadData(readFileSync(file), { blobHTTPHeaders: { blobContentType: 'text/markdown; charset=utf-8' } });
  const delivered = await deliverBlobCreated(blob, container, name);
  if (delivered !== 202 && delivered !== 404) {
    console.log(`[post] the host's blob webhook answered ${delivered}${delivered === 401 ? ' (set BLOG_BLOBS_KEY to its blobs_extension key)' : ''}; waiting for it anyway`);
  }

  const status = await outcome(name, etag);
  if (status === null) {
    console.log(`waiting    ${name}: not handled within 60 s; \`npm start\` prints why (or call ${apiBase}/manage/files/${name})`);
    refused++;
  } else if (status.state === 'refused') {
    refused++;
    const where = status.error?.line ? ` (line ${status.error.line})` : '';
    console.log(`refused    ${name}: ${status.error?.error ?? 'see the ingest errors'}${where}`);
    if (status.slug) console.log(`           the earlier version stays live: ${apiBase}/articles/${status.slug}`);
  } else if (status.state === 'published') {
    const article = await fetch(`${apiBase}/articles/${status.slug}`, { redirect: 'manual' });
    console.log(article.status === 200
      ? `published  ${name}: ${apiBase}/articles/${status.slug}`
      : `published  ${name} as a draft or a scheduled post, not public yet; preview: ${apiBase}/manage/articles/${status.slug}`);
    for (const warning of status.warnings ?? []) console.log(`warning    ${name}: ${warning}`);
  } else if (status.state === 'takenDown') {
    console.log(`taken down ${name}: an operator took this content down; change it to publish it again`);
  } else {
    console.log(`${status.state} ${name}`);
  }
}
process.exit(refused === 0 ? 0 : 1);

/** Waits until the index has handled this very upload (its blob ETag), and answers the file's status. */
async function outcome(name, etag) {
  const bare = (tag) => String(tag ?? '').replaceAll('"', '');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${apiBase}/manage/files/${name.split('/').map(encodeURIComponent).join('/')}`, { headers: keyHeader });
    if (response.status === 401) fail(`${apiBase} wants a function key for the management routes: set BLOG_FUNCTION_KEY`);
    if (response.status === 200) {
      const status = await response.json();
      if (bare(status.blobETag) === bare(etag)) return status;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

function fail(message) {
  console.error(`[post] ${message}`);
  process.exit(2);
}
