/**
 * Headless Debian Chromium (system binary, never `playwright install`) with
 * helpers to observe what the app does:
 *
 * - `offOriginRequests`: every request of the page AND of its web workers
 *   (dedicated, module, blob: and nested workers) whose origin differs from
 *   the app's origin, plus WebSockets. Collected with `context.on('request')`:
 *   with Chromium, Playwright auto-attaches to worker targets and reports
 *   their fetch(), XHR, import() and worker-script requests there (checked
 *   against a hand-written worker page, and by the self-test in
 *   smoke.e2e.ts). data:, blob:, about: and other non-network URLs are never
 *   off-origin; ws(s):// is compared as http(s):// (same host+port = same
 *   origin).
 * - `consoleErrors`: console.error from the page and its workers, and
 *   uncaught page errors.
 * - `mainThreadWasm()`: number of WebAssembly compile/instantiate calls and
 *   `new WebAssembly.Module/Instance` on the main thread (counted by an init
 *   script that is not injected into workers), to prove pipelines only run in
 *   workers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_ARGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--ignore-gpu-blocklist',
];

/** `$CHROMIUM_PATH`, else `command -v chromium`, else /usr/bin/chromium. */
export function chromiumExecutablePath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  return '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

let sharedBrowser: Promise<Browser> | undefined;

/** Lazily launched browser shared by `openPage()` calls of one test file. */
export function sharedChromium(): Promise<Browser> {
  sharedBrowser ??= launchChromium();
  return sharedBrowser;
}

/** Close the browser started by `sharedChromium()` / `openPage()` (call in afterAll). */
export async function closeSharedChromium(): Promise<void> {
  const b = sharedBrowser;
  sharedBrowser = undefined;
  if (b) await (await b).close();
}

/** True for URLs that never touch the network (data:, blob:, about:, …). */
export function isNonNetworkUrl(url: string): boolean {
  return /^(data|blob|about|javascript|chrome|chrome-extension|chrome-error|devtools|filesystem):/i.test(url);
}

/** True when `url` is a network URL whose origin differs from `appOrigin`. */
export function isOffOrigin(url: string, appOrigin: string): boolean {
  if (isNonNetworkUrl(url)) return false;
  try {
    const u = new URL(url);
    if (u.protocol === 'ws:') u.protocol = 'http:';
    else if (u.protocol === 'wss:') u.protocol = 'https:';
    return u.origin !== appOrigin;
  } catch {
    return true;
  }
}

export interface OpenPageOptions {
  /** Browser to use; defaults to `sharedChromium()`. */
  browser?: Browser;
  /** Path resolved against baseUrl to navigate to; default '' (the app). `null`: do not navigate. */
  path?: string | null;
  /** `page.goto` waitUntil; default 'load'. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
  /** Echo page/worker console output to the test log. Default: env E2E_CONSOLE=1. */
  echoConsole?: boolean;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Origin of `baseUrl`, e.g. http://127.0.0.1:41234 */
  appOrigin: string;
  /** Off-origin request URLs of the page and its workers, in order (live array). */
  offOriginRequests: string[];
  /** Every request URL seen (page + workers), in order (live array). */
  allRequests: string[];
  /** console.error messages (page + workers) and uncaught page errors (live array). */
  consoleErrors: string[];
  /** WebAssembly compile/instantiate/Module/Instance calls on the main thread so far. */
  mainThreadWasm: () => Promise<number>;
  /** Close the browser context (the browser stays open). */
  close: () => Promise<void>;
}

/**
 * Runs in every frame before any page script (a string, so no transpiler
 * helpers leak in). Counts main-thread WebAssembly compilations and
 * instantiations in `window.__mainThreadWasmCalls` (names in
 * `window.__mainThreadWasmLog`). Guarded to do nothing outside a window.
 */
export const MAIN_THREAD_WASM_COUNTER_SCRIPT = `(() => {
  if (typeof window === 'undefined' || window !== globalThis) return;
  if (typeof window.__mainThreadWasmCalls === 'number') return;
  window.__mainThreadWasmCalls = 0;
  window.__mainThreadWasmLog = [];
  const bump = (what) => { window.__mainThreadWasmCalls += 1; window.__mainThreadWasmLog.push(what); };
  const W = WebAssembly;
  for (const name of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
    const orig = W[name];
    if (typeof orig !== 'function') continue;
    const wrapped = { [name](...args) { bump(name); return orig.apply(this, args); } }[name];
    Object.defineProperty(W, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  }
  for (const name of ['Module', 'Instance']) {
    const orig = W[name];
    if (typeof orig !== 'function') continue;
    const proxy = new Proxy(orig, {
      construct(target, args, newTarget) {
        bump(name);
        return Reflect.construct(target, args, newTarget === proxy ? target : newTarget);
      },
    });
    Object.defineProperty(W, name, { value: proxy, writable: true, configurable: true, enumerable: false });
  }
})();`;

/**
 * New browser context + page with request/console/wasm recording installed
 * before anything loads, then (unless `path: null`) navigates to `baseUrl`.
 */
export async function openPage(baseUrl: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const browser = options.browser ?? (await sharedChromium());
  const appOrigin = new URL(baseUrl).origin;
  const echo = options.echoConsole ?? process.env.E2E_CONSOLE === '1';
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

  const offOriginRequests: string[] = [];
  const allRequests: string[] = [];
  const consoleErrors: string[] = [];
  const noteRequest = (url: string): void => {
    allRequests.push(url);
    if (isOffOrigin(url, appOrigin)) offOriginRequests.push(url);
  };

  // Context-level: covers the page, popups, and all their workers.
  context.on('request', (req) => noteRequest(req.url()));
  await context.addInitScript({ content: MAIN_THREAD_WASM_COUNTER_SCRIPT });

  const page = await context.newPage();
  page.on('websocket', (ws) => noteRequest(ws.url()));
  // page 'console' also receives worker messages (msg.worker() is set then).
  page.on('console', (msg: ConsoleMessage) => {
    const worker = msg.worker();
    const where = worker ? `worker ${worker.url()}` : 'page';
    if (echo) console.log(`[${where} ${msg.type()}] ${msg.text()}`);
    if (msg.type() === 'error') consoleErrors.push(`${where}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    consoleErrors.push(`pageerror: ${err.message}`);
    if (echo) console.log(`[pageerror] ${err.stack ?? err.message}`);
  });

  if (options.path !== null) {
    await page.goto(new URL(options.path ?? '', baseUrl).href, { waitUntil: options.waitUntil ?? 'load' });
  }

  return {
    page,
    context,
    appOrigin,
    offOriginRequests,
    allRequests,
    consoleErrors,
    mainThreadWasm: async () =>
      page.evaluate(() => (globalThis as unknown as { __mainThreadWasmCalls?: number }).__mainThreadWasmCalls ?? 0),
    close: () => context.close(),
  };
}
