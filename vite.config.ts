/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { NOSNIFF_HEADERS, contentSecurityPolicyPlugin } from './scripts/csp-headers.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS, itkPipelinesPlugin } from './scripts/vite-plugin-itk-pipelines.ts';
import { dicomwebProxy } from './scripts/dicomweb-proxy.ts';

/**
 * itk-wasm packages create their pipeline worker with
 * `new Worker(new URL('./web-workers/…', import.meta.url))`; pre-bundling
 * them into node_modules/.vite/deps can break that relative URL, and a
 * dependency discovered at run time makes the dev server re-optimise and
 * reload the page mid-session, so they are excluded from dependency
 * optimisation and served as plain ESM from node_modules.
 */
const ITK_WASM_PACKAGES = ['itk-wasm', '@itk-wasm/dicom', '@itk-wasm/image-io'];

export default defineConfig({
  // The policy first: its middleware must set the header before the pipelines' middleware answers.
  plugins: [contentSecurityPolicyPlugin(), itkPipelinesPlugin()],
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Content-Security-Policy is set per path by contentSecurityPolicyPlugin (scripts/csp-headers.ts).
    headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS, ...NOSNIFF_HEADERS },
    proxy: dicomwebProxy(),
  },
  preview: {
    host: '127.0.0.1',
    // Content-Security-Policy is set per path by contentSecurityPolicyPlugin (scripts/csp-headers.ts).
    headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS, ...NOSNIFF_HEADERS },
    proxy: dicomwebProxy(),
  },
  optimizeDeps: {
    exclude: ITK_WASM_PACKAGES,
    // Dependencies of the excluded packages: pre-bundle them (axios is ~60
    // modules otherwise; comlink then resolves to the same optimised copy the
    // app itself imports). dcmjs is imported by the ingest worker only: found
    // when the worker starts, it would make the dev server reload the page.
    include: ['itk-wasm > axios', 'itk-wasm > comlink', 'dcmjs'],
  },
  build: {
    target: 'es2022',
    // pipeline .wasm.zst are copied, not bundled; vtk.js is big
    chunkSizeWarningLimit: 4096,
    // Two pages: the app, and the naive reference reader timed by `npm run bench`.
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        baseline: fileURLToPath(new URL('./baseline.html', import.meta.url)),
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // run after the unit project so the browser does not compete for CPU
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
