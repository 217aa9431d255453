import { describe, expect, it } from 'vitest';
import { PIPELINE_WORKER_PATH, contentSecurityPolicy, parseOrigins } from '../scripts/csp-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('Content-Security-Policy', () => {
  it('is strict for the built app: no inline script or style, no eval, nothing off the origin', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self' data:; " +
        "img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
        "form-action 'self'",
    );
  });

  it('lets only the dev server inline styles (HMR), and only the pipeline worker import blob: modules', () => {
    const dev = directives(contentSecurityPolicy({ dev: true }));
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    const worker = directives(contentSecurityPolicy({ pipelineWorker: true }));
    expect(worker.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
    expect(worker.get('style-src')).toEqual(["'self'"]);
    expect(worker.get('worker-src')).toEqual(["'self'"]);
    for (const policy of [contentSecurityPolicy(), contentSecurityPolicy({ dev: true, pipelineWorker: true })]) {
      expect(policy).not.toContain("'unsafe-eval'");
    }
  });

  it('adds the DICOMweb origins to connect-src only', () => {
    const origins = parseOrigins(' https://pacs.example.org  http://10.0.0.5:8042/ https://pacs.example.org ');
    expect(origins).toEqual(['https://pacs.example.org', 'http://10.0.0.5:8042']);
    const policy = directives(contentSecurityPolicy({ dicomwebOrigins: origins }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'data:', 'https://pacs.example.org', 'http://10.0.0.5:8042']);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(parseOrigins(undefined)).toEqual([]);
    expect(parseOrigins('')).toEqual([]);
  });

  it.each([
    '*',
    'https://pacs.example.org/dicom-web',
    "https://a.org;script-src 'unsafe-inline'",
    'ftp://a.org',
    'pacs.example.org',
  ])('refuses %s in DICOMWEB_ORIGINS, naming it', (entry) => {
    expect(() => parseOrigins(`https://ok.org ${entry}`)).toThrow(/DICOMWEB_ORIGINS: ".*" is not an origin/);
  });

  it('knows the pipeline worker script in the build and in dev, and nothing else', () => {
    expect(PIPELINE_WORKER_PATH.test('/assets/pipeline.worker-j9w5mSdf.js')).toBe(true);
    expect(PIPELINE_WORKER_PATH.test('/workers/pipeline.worker.ts')).toBe(true);
    for (const other of ['/assets/ingest.worker-BpsNkQDC.js', '/assets/main-DP3bNUPO.js', '/', '/pipelines/median-filter.js']) {
      expect(PIPELINE_WORKER_PATH.test(other), other).toBe(false);
    }
  });
});
