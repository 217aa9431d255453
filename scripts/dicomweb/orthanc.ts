/**
 * A real Orthanc (Debian's /usr/sbin/Orthanc with its DICOMweb plugin) on loopback, for the tests and
 * the benchmark: a free HTTP port, no DICOM port, temporary storage removed when it stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BINARY = process.env.ORTHANC_BINARY ?? '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = process.env.ORTHANC_DICOMWEB_PLUGIN ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES = 40;

export interface OrthancOptions {
  /**
   * `users`: HTTP Basic accounts, checked by Orthanc itself (401 with a challenge without them).
   * `tokens`: bearer tokens, checked by a Lua IncomingHttpRequestFilter, since Orthanc 1.10 has no
   * bearer support of its own; such a filter can only refuse with 403. With tokens, the users' Basic
   * credentials are checked by the same filter.
   */
  auth?: { users?: Record<string, string>; tokens?: string[] };
}

/** One thing handed to `upload`: a file path, or bytes with a name to report. */
export type UploadItem = string | { name: string; bytes: Uint8Array };

export interface UploadResult {
  /** Names Orthanc stored (or already held). */
  stored: string[];
  /** Names Orthanc refused, with its answer (non-DICOM files, for one). */
  rejected: Array<{ name: string; status: number; message: string }>;
}

export interface OrthancServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The DICOMweb root: http://127.0.0.1:PORT/dicom-web */
  readonly root: string;
  /** The Authorization header value that passes (the first token, else the first user), or undefined. */
  readonly authorization: string | undefined;
  upload(items: UploadItem[]): Promise<UploadResult>;
  /** Kills the server, waits for it to exit and removes its storage. Safe to call twice. */
  stop(): Promise<void>;
  /** As stop, but at once (SIGKILL), as a server that goes away: what it was answering is cut off. */
  crash(): Promise<void>;
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Throws, in words, when Debian's orthanc or orthanc-dicomweb is missing. */
export function assertOrthancInstalled(): void {
  const missing = [
    [ORTHANC_BINARY, 'orthanc'],
    [DICOMWEB_PLUGIN, 'orthanc-dicomweb'],
  ].filter(([path]) => !existsSync(path!));
  if (missing.length > 0) {
    throw new Error(
      `Orthanc is not installed here: ${missing.map(([path]) => path).join(' and ')} not found ` +
        `(Debian: apt-get install ${missing.map(([, pkg]) => pkg).join(' ')}; or set ORTHANC_BINARY / ORTHANC_DICOMWEB_PLUGIN)`,
    );
  }
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancServer> {
  assertOrthancInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'ct-orthanc-'));
  try {
    // A port found free can be taken before Orthanc binds it: a second try takes another.
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch(dir, options);
      } catch (error) {
        if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

class PortTakenError extends Error {}

async function launch(dir: string, options: OrthancOptions): Promise<OrthancServer> {
  const port = await freePort();
  const storage = join(dir, `storage-${port}`);
  const users = options.auth?.users ?? {};
  const tokens = options.auth?.tokens ?? [];
  const accepted = [
    ...tokens.map((token) => `Bearer ${token}`),
    ...Object.entries(users).map(([user, password]) => basicAuthorization(user, password)),
  ];
  const config: Record<string, unknown> = {
    Name: `ct-viewer-test-${port}`,
    StorageDirectory: storage,
    IndexDirectory: storage,
    HttpPort: port,
    RemoteAccessAllowed: false,
    DicomServerEnabled: false,
    HttpDescribeErrors: true,
    // DICOM parts are not worth compressing, and the JSON is small: no CPU spent on gzip.
    HttpCompressionEnabled: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  if (tokens.length > 0) {
    const script = join(dir, `auth-${port}.lua`);
    await writeFile(script, luaFilter(accepted));
    Object.assign(config, { AuthenticationEnabled: false, LuaScripts: [script] });
  } else if (Object.keys(users).length > 0) {
    Object.assign(config, { AuthenticationEnabled: true, RegisteredUsers: users });
  } else {
    config.AuthenticationEnabled = false;
  }
  const configPath = join(dir, `orthanc-${port}.json`);
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const child = spawn(ORTHANC_BINARY, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(...chunk.toString().split('\n').filter(Boolean));
    log.splice(0, Math.max(0, log.length - LOG_LINES));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Never left running when the process that started it ends without stopping it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', orphan);
      resolve(code);
    }),
  );
  child.once('error', (error) => log.push(String(error)));

  const origin = `http://127.0.0.1:${port}`;
  const authorization = accepted[0];
  const ready = await waitForSystem(origin, authorization, exited);
  if (ready !== 'ready') {
    await kill(child, exited);
    const text = log.join('\n');
    if (/address already in use|bind/i.test(text)) throw new PortTakenError(`port ${port} taken`);
    throw new Error(`Orthanc did not start (${ready}); its last log lines:\n${text}`);
  }

  let stopped = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopped) return;
    stopped = true;
    await kill(child, exited, signal);
    await rm(dir, { recursive: true, force: true });
  };
  return {
    origin,
    root: `${origin}/dicom-web`,
    authorization,
    upload: (items) => upload(origin, authorization, items),
    stop: () => stop('SIGTERM'),
    crash: () => stop('SIGKILL'),
  };
}

/** Lets a request through when its Authorization header is one of `accepted` (exact match). */
function luaFilter(accepted: string[]): string {
  const quoted = accepted.map((value) => `[${JSON.stringify(value)}] = true`).join(', ');
  return `local accepted = { ${quoted} }
function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)
  local value = httpHeaders['authorization']
  return value ~= nil and accepted[value] == true
end
`;
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForSystem(origin: string, authorization: string | undefined, exited: Promise<number | null>) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  while (Date.now() < deadline) {
    if (gone !== undefined) return `it exited with code ${gone}`;
    try {
      const response = await fetch(`${origin}/system`, { headers: authorization ? { Authorization: authorization } : {} });
      if (response.ok) return 'ready';
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `no answer from ${origin}/system within ${START_TIMEOUT_MS / 1000} s`;
}

async function kill(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Files sent at once: Orthanc stores them on its own threads. */
const UPLOADS_IN_FLIGHT = 4;

async function upload(origin: string, authorization: string | undefined, items: UploadItem[]): Promise<UploadResult> {
  const result: UploadResult = { stored: [], rejected: [] };
  let next = 0;
  const lane = async () => {
    while (next < items.length) await uploadOne(origin, authorization, items[next++]!, result);
  };
  await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, lane));
  result.stored.sort();
  result.rejected.sort((a, b) => a.name.localeCompare(b.name));
  return result;
}

async function uploadOne(origin: string, authorization: string | undefined, item: UploadItem, result: UploadResult) {
  {
    const bytes = typeof item === 'string' ? await readFile(item) : item.bytes;
    const response = await fetch(`${origin}/instances`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dicom', ...(authorization ? { Authorization: authorization } : {}) },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    });
    const text = await response.text();
    const name = typeof item === 'string' ? item : item.name;
    if (response.ok) result.stored.push(name);
    else result.rejected.push({ name, status: response.status, message: orthancMessage(text) });
  }
}

function orthancMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { Message?: string; Details?: string };
    return [body.Message, body.Details].filter(Boolean).join(': ') || text;
  } catch {
    return text;
  }
}
