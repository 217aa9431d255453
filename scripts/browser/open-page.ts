/**
 * A page of the app in a new browser context, with recorders of what the app does:
 *
 * - `offOriginRequests`: every request of the page AND of its web workers
 *   (dedicated, module, blob: and nested workers) whose origin differs from
 *   the app's origin, plus WebSockets. Two independent sources:
 *   1. a recording HTTP proxy set on the browser context (Chromium sends
 *      every request of the context through it, loopback included, at the
 *      network-service level, so nothing a worker does can bypass it), and
 *   2. Playwright's `context.on('request')` (DevTools; gives full https URLs
 *      and sees dedicated-worker requests, but can miss the first requests
 *      of a *nested* worker, which starts before Playwright enables Network
 *      on it: measured ~1 in 3-5 under CPU load; it alone sees requests
 *      Chromium blocks before the network, e.g. to unsafe ports like :9).
 *   data:, blob:, about: and other non-network URLs are never off-origin;
 *   ws(s):// is compared as http(s)://.
 * - `consoleErrors`: console.error from the page and its workers, and
 *   uncaught page errors.
 * - `mainThreadWasm()`: number of WebAssembly compile/instantiate calls and
 *   `new WebAssembly.Module/Instance` on the main thread (counted by an init
 *   script that is not injected into workers), to prove pipelines only run in
 *   workers.
 */
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { sharedChromium } from './chromium';
import { isOffOrigin } from './off-origin';
import { startRecordingProxy } from './recording-proxy';

export interface OpenPageOptions {
  /** Browser to use; defaults to `sharedChromium()`. */
  browser?: Browser;
  /** Path resolved against baseUrl to navigate to; default '' (the app). `null`: do not navigate. */
  path?: string | null;
  /** `page.goto` waitUntil; default 'load'. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
  /** Echo page/worker console output to the test log. Default: env E2E_CONSOLE=1. */
  echoConsole?: boolean;
  /** Route the context through the recording proxy (default true). */
  recordingProxy?: boolean;
  /**
   * Ignore the page's Content-Security-Policy (default false): only for pages that test the harness
   * itself with requests and workers the app's policy forbids, never for the app under test.
   */
  bypassCsp?: boolean;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Origin of `baseUrl`, e.g. http://127.0.0.1:41234 */
  appOrigin: string;
  /** Off-origin request URLs of the page and its workers, in order (live array). */
  offOriginRequests: string[];
  /** Every request URL reported by Playwright (page + workers), in order (live array). */
  allRequests: string[];
  /** Every request URL that went through the recording proxy, in order (live array). */
  proxiedRequests: string[];
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

  const offOriginRequests: string[] = [];
  const allRequests: string[] = [];
  const proxiedRequests: string[] = [];
  const consoleErrors: string[] = [];
  // A request is usually reported by both sources: each URL appears in
  // offOriginRequests as often as the source that saw it most often saw it.
  const seen = { playwright: new Map<string, number>(), proxy: new Map<string, number>() };
  const listed = new Map<string, number>();
  const noteOffOrigin = (url: string, source: keyof typeof seen): void => {
    if (!isOffOrigin(url, appOrigin)) return;
    const n = (seen[source].get(url) ?? 0) + 1;
    seen[source].set(url, n);
    if (n > (listed.get(url) ?? 0)) {
      listed.set(url, n);
      offOriginRequests.push(url);
    }
  };

  const proxy =
    options.recordingProxy === false
      ? undefined
      : await startRecordingProxy((url) => {
          proxiedRequests.push(url);
          noteOffOrigin(url, 'proxy');
        });
  let context: BrowserContext;
  try {
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      // Playwright adds `<-loopback>` to the bypass list, so 127.0.0.1 (the
      // app) and all other loopback hosts go through the proxy as well.
      ...(proxy ? { proxy: { server: proxy.server } } : {}),
      ...(options.bypassCsp ? { bypassCSP: true } : {}),
    });
  } catch (err) {
    await proxy?.close();
    throw err;
  }
  const noteRequest = (url: string): void => {
    allRequests.push(url);
    noteOffOrigin(url, 'playwright');
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
    proxiedRequests,
    consoleErrors,
    mainThreadWasm: async () =>
      page.evaluate(() => (globalThis as unknown as { __mainThreadWasmCalls?: number }).__mainThreadWasmCalls ?? 0),
    close: async () => {
      await context.close().catch(() => undefined);
      await proxy?.close();
    },
  };
}
