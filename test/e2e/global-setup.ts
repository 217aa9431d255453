/**
 * e2e global setup: `vite build` once per run (into a private temp dir, so
 * concurrent runs and the developer's own dist/ are never clobbered), then
 * `vite preview` on 127.0.0.1 with a free port (scripts/browser/build-and-serve.ts).
 * Tests get the URL via `inject('baseUrl')`.
 *
 * Env:
 *   E2E_BASE_URL=http://127.0.0.1:5173/  use an already running server (no build)
 *   E2E_KEEP_DIST=1                      keep the build output (path is logged)
 */
import type { TestProject } from 'vitest/node';
import { buildAndServe } from '../../scripts/browser/build-and-serve';
import { projectRoot } from '../helpers/shared-data';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute URL of the app (trailing slash), e.g. http://127.0.0.1:41234/ */
    baseUrl: string;
    /** Directory holding the built app served at baseUrl ('' when E2E_BASE_URL is used). */
    distDir: string;
  }
}

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

  const keepDist = process.env.E2E_KEEP_DIST === '1';
  const app = await buildAndServe(projectRoot, { tempPrefix: 'ct-viewer-e2e-', keepDist });
  log(`built in ${(app.buildMs / 1000).toFixed(1)} s → ${app.outDir}; preview at ${app.baseUrl}`);

  project.provide('baseUrl', app.baseUrl);
  project.provide('distDir', app.outDir);

  return async () => {
    await app.close();
    if (keepDist) log(`kept build output in ${app.outDir}`);
  };
}
