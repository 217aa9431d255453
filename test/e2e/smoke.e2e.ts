/**
 * Smoke test of the built app (vite build + vite preview, see
 * global-setup.ts) in headless Debian Chromium with SwiftShader, plus
 * self-tests proving the harness' recorders (off-origin requests from the
 * page and from workers, main-thread wasm counter) actually record.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage, type OpenedPage } from '../../scripts/browser/open-page';

const baseUrl = inject('baseUrl');

interface FetchInfo {
  url: string;
  status: number;
  contentType: string | null;
  coep: string | null;
  bytes: number;
  head: number[];
}

afterAll(async () => {
  await closeSharedChromium();
});

describe('built app', () => {
  let app: OpenedPage;
  let mainStatus: number | undefined;

  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    const res = await app.page.goto(baseUrl, { waitUntil: 'load' });
    mainStatus = res?.status();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads', async () => {
    expect(mainStatus).toBe(200);
    expect(new URL(app.page.url()).origin).toBe(app.appOrigin);
    const bodyChildren = await app.page.evaluate(() => document.body.childElementCount);
    expect(bodyChildren).toBeGreaterThan(0);
    expect(app.consoleErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('is cross-origin isolated (SharedArrayBuffer available)', async () => {
    const iso = await app.page.evaluate(() => ({
      crossOriginIsolated: globalThis.crossOriginIsolated,
      sab: typeof SharedArrayBuffer,
    }));
    expect(iso).toEqual({ crossOriginIsolated: true, sab: 'function' });
  });

  it('serves the itk-wasm dicom pipeline from its own origin', async () => {
    const urls = ['itk/dicom/read-image-dicom-file-series.js', 'itk/dicom/read-image-dicom-file-series.wasm.zst'].map(
      (p) => new URL(p, baseUrl).href,
    );
    const infos = await app.page.evaluate(async (list: string[]): Promise<FetchInfo[]> => {
      const out: FetchInfo[] = [];
      for (const u of list) {
        const r = await fetch(u, { cache: 'no-store' });
        const buf = new Uint8Array(await r.arrayBuffer());
        out.push({
          url: r.url,
          status: r.status,
          contentType: r.headers.get('content-type'),
          coep: r.headers.get('cross-origin-embedder-policy'),
          bytes: buf.byteLength,
          head: Array.from(buf.subarray(0, 4)),
        });
      }
      return out;
    }, urls);
    const [js, zst] = infos;
    for (const info of infos) {
      expect(info.status).toBe(200);
      expect(new URL(info.url).origin).toBe(app.appOrigin);
      expect(info.coep).toBe('require-corp');
    }
    expect(js?.contentType).toMatch(/^(application|text)\/javascript/);
    expect(js?.bytes).toBeGreaterThan(1000);
    expect(zst?.contentType).toBe('application/octet-stream');
    // zstd frame magic number 0xFD2FB528 (little endian)
    expect(zst?.head).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    expect(zst?.bytes).toBeGreaterThan(100_000);
  });

  it('can create a WebGL2 context (SwiftShader)', async () => {
    const gl = await app.page.evaluate(() => {
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('webgl2');
      if (!ctx) return null;
      const dbg = ctx.getExtension('WEBGL_debug_renderer_info');
      const renderer = dbg ? String(ctx.getParameter(dbg.UNMASKED_RENDERER_WEBGL)) : String(ctx.getParameter(ctx.RENDERER));
      // draw something and read it back to prove the context works
      ctx.clearColor(1, 0, 0, 1);
      ctx.clear(ctx.COLOR_BUFFER_BIT);
      const px = new Uint8Array(4);
      ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
      return { version: String(ctx.getParameter(ctx.VERSION)), renderer, px: Array.from(px) };
    });
    expect(gl).not.toBeNull();
    expect(gl?.version).toMatch(/WebGL 2\.0/);
    expect(gl?.px).toEqual([255, 0, 0, 255]);
    console.log(`[e2e] WebGL2 renderer: ${gl?.renderer}`);
  });

  it('made no off-origin requests and ran no wasm on the main thread', async () => {
    expect(app.allRequests.length).toBeGreaterThan(0);
    expect(app.proxiedRequests).toContain(baseUrl);
    expect(app.offOriginRequests).toEqual([]);
    expect(await app.mainThreadWasm()).toBe(0);
  });
});

describe('harness self-test', () => {
  let probe: OpenedPage;
  let offServer: http.Server;
  /** A second, real origin (127.0.0.2, or 127.0.0.1 on another port) that answers. */
  let OFF = '';

  beforeAll(async () => {
    offServer = http.createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/javascript',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
      res.end('export {};');
    });
    const listen = (host: string) =>
      new Promise<void>((resolve, reject) => {
        offServer.once('error', reject);
        offServer.listen(0, host, () => resolve());
      });
    let host = '127.0.0.2';
    await listen(host).catch(async () => {
      host = '127.0.0.1';
      await listen(host);
    });
    OFF = `http://${host}:${(offServer.address() as AddressInfo).port}`;
    // The recorders are tested with off-origin, blob: and data: requests and blob: workers, which the
    // app's Content-Security-Policy refuses (test/e2e/csp.e2e.ts): this page alone sets it aside.
    probe = await openPage(baseUrl, { bypassCsp: true });
  });

  afterAll(async () => {
    await probe?.close();
    await new Promise<void>((resolve) => (offServer ? offServer.close(() => resolve()) : resolve()));
  });

  it('routes the app through the recording proxy', () => {
    expect(probe.proxiedRequests).toContain(baseUrl);
  });

  it('records off-origin requests from the page, not data:/blob:/same-origin ones', async () => {
    await probe.page.evaluate(async (off: string) => {
      // Port 9 is on Chromium's unsafe-port list: blocked before the network
      // (so only the DevTools source can see it), recorded all the same.
      await fetch('http://127.0.0.2:9/x').catch(() => {});
      await fetch(`${off}/page-fetch`).catch(() => {});
      await fetch('data:text/plain,hello');
      await fetch(URL.createObjectURL(new Blob(['x'])));
      await fetch(new URL('itk/dicom/read-image-dicom-file-series.js', location.href)).catch(() => {});
    }, OFF);
    expect(probe.offOriginRequests).toContain('http://127.0.0.2:9/x');
    expect(probe.offOriginRequests).toContain(`${OFF}/page-fetch`);
    expect(probe.proxiedRequests).toContain(`${OFF}/page-fetch`);
    expect(probe.offOriginRequests.every((u) => u.startsWith('http://127.0.0.2:9/') || u.startsWith(OFF))).toBe(true);
  });

  it('records off-origin requests made by dedicated and nested web workers', async () => {
    await probe.page.evaluate(async (off: string) => {
      // The nested worker fetches as soon as it is told to: the case the
      // DevTools source alone misses now and then (see browser.ts).
      const nested = `onmessage = () => fetch('${off}/nested-worker').catch(() => {}).finally(() => postMessage('nested done'));`;
      const outer = `
        const n = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(nested)}], { type: 'text/javascript' })), { type: 'module' });
        const nestedDone = new Promise((resolve) => (n.onmessage = resolve));
        n.postMessage('go');
        await fetch('${off}/worker-fetch').catch(() => {});
        await import('${off}/worker-import.js').catch(() => {});
        await new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open('GET', '${off}/worker-xhr');
          x.onloadend = resolve;
          x.send();
        });
        await fetch('http://127.0.0.2:9/worker-unsafe-port').catch(() => {});
        await nestedDone;
        postMessage('done');`;
      const url = URL.createObjectURL(new Blob([outer], { type: 'text/javascript' }));
      const w = new Worker(url, { type: 'module' });
      await new Promise<void>((resolve, reject) => {
        w.onmessage = () => resolve();
        w.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
        setTimeout(() => reject(new Error('worker timeout')), 20_000);
      });
      w.terminate();
    }, OFF);
    const expected = [`${OFF}/nested-worker`, `${OFF}/worker-fetch`, `${OFF}/worker-import.js`, `${OFF}/worker-xhr`];
    // Reports may trail the worker's message slightly.
    await expect.poll(() => probe.offOriginRequests, { timeout: 5_000 }).toEqual(expect.arrayContaining(expected));
    // the proxy alone sees every one of them (the network-level guarantee)
    expect(probe.proxiedRequests).toEqual(expect.arrayContaining(expected));
    expect(probe.offOriginRequests.some((u) => u.startsWith('blob:'))).toBe(false);
  });

  it('counts WebAssembly compiles on the main thread only', async () => {
    const before = await probe.mainThreadWasm();
    // smallest valid module: magic + version
    const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const inWorker = await probe.page.evaluate(async (b: number[]) => {
      const src = `WebAssembly.instantiate(new Uint8Array([${b.join(',')}])).then(() => postMessage(typeof globalThis.__mainThreadWasmCalls));`;
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      const r = await new Promise<unknown>((resolve) => (w.onmessage = (e) => resolve(e.data)));
      w.terminate();
      return r;
    }, bytes);
    expect(inWorker).toBe('undefined'); // the counter is not installed in workers
    expect(await probe.mainThreadWasm()).toBe(before);

    await probe.page.evaluate(async (b: number[]) => {
      const u8 = new Uint8Array(b);
      const m = new WebAssembly.Module(u8);
      new WebAssembly.Instance(m);
      await WebAssembly.compile(u8);
      await WebAssembly.instantiate(u8);
      if (!(m instanceof WebAssembly.Module)) throw new Error('instanceof broken by the counter');
    }, bytes);
    expect(await probe.mainThreadWasm()).toBe(before + 4);
  });
});
