// Runs the blog backend locally: Azurite, the sample posts, and the Functions app
// (through `func start` when Azure Functions Core Tools is installed, else the offline dev host),
// and the reference frontend in web/ beside it (scripts/web.mjs, port BLOG_WEB_PORT, default 7072).
// Usage: npm start            Stop: Ctrl+C
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, relative, sep } from 'node:path';
import { apiBase as baseUrl, azuriteConnection, deliverBlobCreated, ensureTools, functionsDir, localSettings, port, root } from './local.mjs';
import { serveWeb } from './web.mjs';

const children = [];
let shuttingDown = false;

function log(message) {
  console.log(`[run] ${message}`);
}

function stopAll(code = 0) {
  shuttingDown = true;
  for (const child of [...children].reverse()) {
    if (child.exitCode === null) child.kill('SIGINT');
  }
  setTimeout(() => {
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    process.exit(code);
  }, 5000).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  children.push(child);
  child.on('exit', (code) => {
    if (!shuttingDown) {
      log(`${command} exited (${code}); stopping.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

function onPath(command) {
  const probe = spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { stdio: 'ignore' });
  return probe.status === 0;
}

function portOpen(number) {
  return new Promise((resolve) => {
    const socket = createConnection({ port: number, host: '127.0.0.1' });
    socket.once('connect', () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check, what, seconds = 180) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

async function healthy() {
  try {
    const response = await fetch(`${baseUrl}/health`);
    return response.status === 200;
  } catch {
    return false;
  }
}

function files(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

// 1. Tools from package-lock.json.
ensureTools(log);
const { BlobServiceClient } = await import('@azure/storage-blob');

// 2. Settings for Core Tools and the dev host alike.
let { connection, container } = localSettings(log);

// 3. Azurite, unless BlogStorage points elsewhere.
if (connection === 'UseDevelopmentStorage=true') {
  if (await portOpen(10000)) {
    log('a storage emulator already listens on port 10000; using it');
  } else {
    const data = join(root, '.azurite');
    mkdirSync(data, { recursive: true });
    log('starting Azurite (data in .azurite/)');
    start(process.execPath, [join(root, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js'),
      '--location', data, '--skipApiVersionCheck', '--disableTelemetry', '--silent',
      '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1']);
    await waitFor(async () => (await portOpen(10000)) && (await portOpen(10001)) && (await portOpen(10002)), 'Azurite', 60);
  }
  connection = azuriteConnection;
}

// 4. The posts container, and the sample posts on first run.
const posts = BlobServiceClient.fromConnectionString(connection).getContainerClient(container);
await posts.createIfNotExists();
let isEmpty = true;
for await (const _ of posts.listBlobsFlat()) { isEmpty = false; break; }
const uploaded = [];
if (isEmpty) {
  const samples = join(root, 'samples', 'posts');
  for (const path of files(samples)) {
    const name = relative(samples, path).split(sep).join('/');
    await posts.getBlockBlobClient(name).uploadFile(path, { blobHTTPHeaders: { blobContentType: 'text/markdown; charset=utf-8' } });
    uploaded.push(name);
  }
  log(`uploaded ${uploaded.length} sample files (posts and an author profile) to the '${container}' container`);
}

// 5. The app: Core Tools where installed, else the offline dev host. A build prints its output
// only when it fails (the worker SDK's restore repeats a dozen harmless NU1603 warnings otherwise).
const env = { ...process.env, BlogStorage: connection };
function quietBuild(project) {
  const build = spawnSync('dotnet', ['build', project, '--nologo', '-v', 'quiet', '-tl:off'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) process.stdout.write(`${build.stdout ?? ''}${build.stderr ?? ''}${build.error ?? ''}\n`);
  return build;
}
let host;
if (onPath('func')) {
  host = 'Azure Functions Core Tools (func start)';
  log(`building and starting the Functions app with ${host}`);
  const build = quietBuild(functionsDir);
  if (build.status !== 0) stopAll(build.status ?? 1);
  // One line per request is noise here: keep the host's warnings and the app's own log lines.
  start('func', ['start', '--port', String(port)], {
    cwd: functionsDir,
    env: { ...env, AzureFunctionsJobHost__logging__logLevel__Function: 'Warning', 'AzureFunctionsJobHost__logging__logLevel__Function.PublishArticleFunction.User': 'Information' },
    shell: process.platform === 'win32',
  });
  await waitFor(healthy, 'func start');
  // Azurite emits no Event Grid events: deliver BlobCreated to the local blob webhook instead.
  for (const name of uploaded) {
    await deliverBlobCreated(posts.getBlobClient(name), container, name);
  }
} else {
  host = 'the offline dev host (src/Blog.DevHost; Azure Functions Core Tools is not installed)';
  log(`building and starting ${host}`);
  const build = quietBuild(join(root, 'src', 'Blog.DevHost'));
  if (build.status !== 0) stopAll(build.status ?? 1);
  const devHost = join(root, 'src', 'Blog.DevHost', 'bin', 'Debug', 'net10.0', 'Blog.DevHost.dll');
  start('dotnet', [devHost, '--urls', `http://localhost:${port}`], { cwd: root, env });
  await waitFor(healthy, 'the dev host');
}

// 6. The frontend, reading this API.
const webPort = Number(process.env.BLOG_WEB_PORT ?? 7072);
let site;
try {
  await serveWeb({ port: webPort, apiBase: baseUrl });
  site = `http://127.0.0.1:${webPort}/`;
} catch (error) {
  site = `not served: port ${webPort} is taken (${error.code ?? error.message}); set BLOG_WEB_PORT`;
}

console.log(`
  Blog site     ${site}   (the reference frontend in web/)
  Blog API      ${baseUrl}   served by ${host}
  Try           ${baseUrl}/articles    ${baseUrl}/tags    ${baseUrl}/openapi.json
  Publish       npm run post -- path/to/post.md      (or upload .md files to the '${container}' container)
  Manage        curl -X POST ${baseUrl}/manage/reindex
                curl ${baseUrl}/manage/ingest-errors
                (no function key locally; in Azure add -H "x-functions-key: <key>")
  Stop          Ctrl+C
`);
