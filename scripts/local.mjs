// What the local scripts share: the app's local settings, the storage they point at, and the
// Event Grid delivery that Azurite cannot make.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const functionsDir = join(root, 'src', 'Blog.Functions');
export const port = Number(process.env.BLOG_PORT ?? 7071);
export const apiBase = (process.env.BLOG_API ?? `http://localhost:${port}/api`).replace(/\/+$/, '');

/** Azurite's well-known development account on its default ports (public, not a secret). */
export const azuriteConnection =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

/** Installs the pinned tools of package-lock.json when they are missing. */
export function ensureTools(log) {
  if (existsSync(join(root, 'node_modules', 'azurite')) && existsSync(join(root, 'node_modules', '@azure', 'storage-blob'))) return;
  log('installing Azurite and the storage client (npm ci)');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

/**
 * The Values of src/Blog.Functions/local.settings.json, created from the sample when missing
 * (the file Core Tools and the dev host read), and what environment variables override.
 */
export function localSettings(log = () => {}) {
  const file = join(functionsDir, 'local.settings.json');
  if (!existsSync(file)) {
    copyFileSync(join(functionsDir, 'local.settings.sample.json'), file);
    log('created src/Blog.Functions/local.settings.json from local.settings.sample.json');
  }
  // Settings the sample gained since the file was made (Blog__NotificationQueue, read by a trigger) are added to it.
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  const sample = JSON.parse(readFileSync(join(functionsDir, 'local.settings.sample.json'), 'utf8')).Values ?? {};
  const missing = Object.keys(sample).filter((name) => !(name in (settings.Values ?? {})));
  if (missing.length > 0) {
    settings.Values = { ...settings.Values, ...Object.fromEntries(missing.map((name) => [name, sample[name]])) };
    writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
    log(`added ${missing.join(', ')} to src/Blog.Functions/local.settings.json from the sample`);
  }
  const values = settings.Values ?? {};
  const setting = (name, fallback) => process.env[name] ?? values[name] ?? fallback;
  return {
    connection: setting('BlogStorage', 'UseDevelopmentStorage=true'),
    container: setting('Blog__PostsContainer', 'posts'),
  };
}

/** The connection string to use: the development shorthand spelled out for Azurite. */
export const resolveConnection = (connection) => (connection === 'UseDevelopmentStorage=true' ? azuriteConnection : connection);

/**
 * Tells a Functions host that a blob was created, as Event Grid does in Azure. Answers the HTTP
 * status: 202 when the host took it, 404 where nothing listens for it (the dev host watches the
 * container itself). `key` is the host's blobs_extension system key, where the host requires it.
 */
export async function deliverBlobCreated(blob, container, name, key = process.env.BLOG_BLOBS_KEY) {
  const event = [{
    id: crypto.randomUUID(),
    topic: '/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1',
    subject: `/blobServices/default/containers/${container}/blobs/${name}`,
    eventType: 'Microsoft.Storage.BlobCreated',
    eventTime: new Date().toISOString(),
    dataVersion: '',
    metadataVersion: '1',
    data: { api: 'PutBlob', url: blob.url, contentType: 'text/markdown', blobType: 'BlockBlob' },
  }];
  const code = key ? `&code=${encodeURIComponent(key)}` : '';
  const response = await fetch(`${new URL(apiBase).origin}/runtime/webhooks/blobs?functionName=Host.Functions.PublishArticleFunction${code}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(event),
  });
  return response.status;
}
