// Runs the blog backend locally: Azurite, the sample posts, and the Functions app
// (through `func start` when Azure Functions Core Tools is installed, else the offline dev host).
// Usage: npm start            Stop: Ctrl+C
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const port = Number(process.env.BLOG_PORT ?? 7071);
const baseUrl = `http://localhost:${port}/api`;
const functionsDir = join(root, 'src', 'Blog.Functions');
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
if (!existsSync(join(root, 'node_modules', 'azurite')) || !existsSync(join(root, 'node_modules', '@azure', 'storage-blob'))) {
  log('installing Azurite and the storage client (npm ci)');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const { BlobServiceClient } = await import('@azure/storage-blob');

// 2. Settings for Core Tools and the dev host alike.
const settings = join(functionsDir, 'local.settings.json');
if (!existsSync(settings)) {
  copyFileSync(join(functionsDir, 'local.settings.sample.json'), settings);
  log('created src/Blog.Functions/local.settings.json from local.settings.sample.json');
}
const values = JSON.parse(readFileSync(settings, 'utf8')).Values ?? {};
let connection = process.env.BlogStorage ?? values.BlogStorage ?? 'UseDevelopmentStorage=true';
const container = process.env.Blog__PostsContainer ?? values.Blog__PostsContainer ?? 'posts';

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
  connection = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';
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
  log(`uploaded ${uploaded.length} sample posts to the '${container}' container`);
}

// 5. The app: Core Tools where installed, else the offline dev host.
const env = { ...process.env, BlogStorage: connection };
if (onPath('func')) {
  log('starting the Functions app with Azure Functions Core Tools (func start)');
  const build = spawnSync('dotnet', ['build', functionsDir, '--nologo', '-v', 'quiet'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) stopAll(build.status ?? 1);
  start('func', ['start', '--port', String(port)], { cwd: functionsDir, env, shell: process.platform === 'win32' });
  await waitFor(healthy, 'func start');
  // Azurite emits no Event Grid events: deliver BlobCreated to the local blob webhook instead.
  for (const name of uploaded) {
    const url = posts.getBlobClient(name).url;
    const event = [{
      id: crypto.randomUUID(), topic: '/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1',
      subject: `/blobServices/default/containers/${container}/blobs/${name}`, eventType: 'Microsoft.Storage.BlobCreated',
      eventTime: new Date().toISOString(), dataVersion: '', metadataVersion: '1',
      data: { api: 'PutBlob', url, contentType: 'text/markdown', blobType: 'BlockBlob' },
    }];
    await fetch(`http://localhost:${port}/runtime/webhooks/blobs?functionName=Host.Functions.PublishArticleFunction`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' }, body: JSON.stringify(event),
    });
  }
} else {
  log('Azure Functions Core Tools not found: serving the same functions with the offline dev host (src/Blog.DevHost)');
  const build = spawnSync('dotnet', ['build', join(root, 'src', 'Blog.DevHost'), '--nologo', '-v', 'quiet'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) stopAll(build.status ?? 1);
  const devHost = join(root, 'src', 'Blog.DevHost', 'bin', 'Debug', 'net10.0', 'Blog.DevHost.dll');
  start('dotnet', [devHost, '--urls', `http://localhost:${port}`], { cwd: root, env });
  await waitFor(healthy, 'the dev host');
}

log(`Blog API: ${baseUrl}   (try ${baseUrl}/articles)   Ctrl+C stops everything`);
