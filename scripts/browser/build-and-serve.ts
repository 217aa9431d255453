/**
 * `vite build` into a private temp dir (so concurrent runs and the developer's own dist/ are never
 * clobbered), then `vite preview` on 127.0.0.1 with a free port: the app as the e2e tests and the
 * benchmark drive it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { dicomwebProxy } from '../dicomweb-proxy';

export interface BuiltApp {
  /** e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  outDir: string;
  buildMs: number;
  /** Stops the server and, unless kept, removes the build output. */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Name prefix of the temp dir that receives the build. */
  tempPrefix: string;
  /** Keep the build output when closing. */
  keepDist?: boolean;
  /** A DICOMweb server root to serve at /dicom-web on the app's origin (as DICOMWEB_PROXY does). */
  dicomwebProxy?: string;
}

export async function buildAndServe(root: string, options: BuildOptions): Promise<BuiltApp> {
  const { tempPrefix, keepDist = false } = options;
  const outDir = await mkdtemp(join(tmpdir(), tempPrefix));
  const t0 = performance.now();
  // Vitest sets NODE_ENV=test; a production build needs 'production'.
  const savedNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (savedNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = savedNodeEnv;
  }
  const buildMs = performance.now() - t0;
  try {
    const served = await serveBuild(root, outDir, options.dicomwebProxy);
    return {
      ...served,
      buildMs,
      async close() {
        await served.close();
        if (!keepDist) await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `vite preview` of an existing build on 127.0.0.1 with a free port, optionally with a DICOMweb
 * server at /dicom-web; closing it leaves the build in place.
 */
export async function serveBuild(root: string, outDir: string, dicomwebTarget?: string): Promise<Omit<BuiltApp, 'buildMs'>> {
  const proxy = dicomwebTarget === undefined ? {} : { proxy: dicomwebProxy(dicomwebTarget) };
  const server: PreviewServer = await preview({
    root,
    mode: 'production',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false, ...proxy },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error(`unexpected preview address ${String(address)}`);
  }
  const base = server.config.base.startsWith('/') ? server.config.base : '/';
  return {
    baseUrl: new URL(base, `http://127.0.0.1:${address.port}`).href,
    outDir,
    close: () => server.close(),
  };
}
