/**
 * e2e global setup: `vite build` once per run (into a private temp dir, so
 * concurrent runs and the developer's own dist/ are never clobbered), then
 * `vite preview` on 127.0.0.1 with a free port. Tests get the URL via
 * `inject('baseUrl')`.
 *
 * Env:
 *   E2E_BASE_URL=http://127.0.0.1:5173/  use an already running server (no build)
 *   E2E_KEEP_DIST=1                      keep the build output (path is logged)
 */
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute URL of the app (trailing slash), e.g. http://127.0.0.1:41234/ */
    baseUrl: string;
    /** Directory holding the built app served at baseUrl ('' when E2E_BASE_URL is used). */
    distDir: string;
  }
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function log(msg: string): void {
  console.log(`[e2e] ${msg}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    const url = new URL(external).href;
    log(`using E2E_BASE_URL=${url} (no build)`);
    project.provide('baseUrl', url);
    project.provide('distDir', '');
    return async () => {};
  }

  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ct-viewer-e2e-'));
  const t0 = performance.now();
  // Vitest sets NODE_ENV=test; a production build needs 'production'.
  const savedNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: projectRoot,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } catch (err) {
    await fs.rm(outDir, { recursive: true, force: true });
    throw err;
  } finally {
    if (savedNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = savedNodeEnv;
  }
  const t1 = performance.now();

  let server: PreviewServer;
  try {
    server = await preview({
      root: projectRoot,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
  } catch (err) {
    await fs.rm(outDir, { recursive: true, force: true });
    throw err;
  }
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') throw new Error(`[e2e] unexpected preview address ${String(address)}`);
  const base = server.config.base.startsWith('/') ? server.config.base : '/';
  const baseUrl = new URL(base, `http://127.0.0.1:${address.port}`).href;
  log(`built in ${((t1 - t0) / 1000).toFixed(1)} s → ${outDir}; preview at ${baseUrl}`);

  project.provide('baseUrl', baseUrl);
  project.provide('distDir', outDir);

  return async () => {
    await server.close();
    if (process.env.E2E_KEEP_DIST === '1') log(`kept build output in ${outDir}`);
    else await fs.rm(outDir, { recursive: true, force: true });
  };
}
