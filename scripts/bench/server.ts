/** `vite build` into a private temp dir, then `vite preview` on 127.0.0.1 with a free port. */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

export interface BuiltApp {
  /** e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  outDir: string;
  buildMs: number;
  close(): Promise<void>;
}

export async function buildAndServe(root: string, keepDist = false): Promise<BuiltApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'ct-viewer-bench-'));
  const t0 = performance.now();
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
  const server = await preview({
    root,
    mode: 'production',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') throw new Error(`unexpected preview address ${String(address)}`);
  const base = server.config.base.startsWith('/') ? server.config.base : '/';
  return {
    baseUrl: new URL(base, `http://127.0.0.1:${address.port}`).href,
    outDir,
    buildMs,
    async close() {
      await server.close();
      if (!keepDist) await rm(outDir, { recursive: true, force: true });
    },
  };
}
