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
}

export async function buildAndServe(root: string, { tempPrefix, keepDist = false }: BuildOptions): Promise<BuiltApp> {
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
  let server: PreviewServer;
  try {
    server = await preview({
      root,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
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
