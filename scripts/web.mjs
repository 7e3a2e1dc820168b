// Serves the reference frontend in web/ as static files, on 127.0.0.1 only.
// Usage: npm run web [-- --port 7072] [--api https://<app>.azurewebsites.net/api]
// With --api, /config.js is served with that API base instead of the one written in web/config.js
// (the file on disk is not changed). npm start starts the same server beside the API.
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = realpathSync(join(fileURLToPath(new URL('.', import.meta.url)), '..', 'web'));

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The text of web/config.js with another API base, for --api. */
export function configWithApi(apiBase) {
  const text = readFileSync(join(webRoot, 'config.js'), 'utf8');
  const pattern = /apiBase:\s*'[^'\n]*'/;
  if (!pattern.test(text)) throw new Error("web/config.js has no line apiBase: '...' to replace");
  return text.replace(pattern, `apiBase: ${JSON.stringify(apiBase.replace(/\/+$/, ''))}`);
}

/**
 * The file under web/ a request path names, or null: decoded once, no NUL, no way out of web/
 * (neither `..` nor a symbolic link), directories answered by their index.html.
 */
export function resolvePath(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  let path = join(webRoot, decoded);
  if (path !== webRoot && !path.startsWith(webRoot + sep)) return null;
  try {
    if (statSync(path).isDirectory()) path = join(path, 'index.html');
    const real = realpathSync(path);
    if (!real.startsWith(webRoot + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** Starts the server; resolves to it once it listens. */
export function serveWeb({ port = 7072, host = '127.0.0.1', apiBase = null } = {}) {
  const config = apiBase ? configWithApi(apiBase) : null;
  const server = createServer((request, response) => {
    const headers = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', 'Referrer-Policy': 'strict-origin-when-cross-origin' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Method not allowed\n');
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (config && pathname === '/config.js') {
      response.writeHead(200, { ...headers, 'Content-Type': contentTypes['.js'] });
      response.end(request.method === 'HEAD' ? undefined : config);
      return;
    }
    const file = resolvePath(pathname);
    const type = file && contentTypes[extname(file).toLowerCase()];
    if (!file || !type) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': statSync(file).size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).on('error', () => response.destroy()).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function argument(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(argument('--port') ?? process.env.BLOG_WEB_PORT ?? 7072);
  const apiBase = argument('--api') ?? process.env.BLOG_API ?? null;
  try {
    const server = await serveWeb({ port, apiBase });
    const { port: bound } = server.address();
    console.log(`[web] serving web/ at http://127.0.0.1:${bound}/ (API: ${apiBase ?? 'as in web/config.js'})`);
  } catch (error) {
    console.error(`[web] could not serve web/ on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
}
