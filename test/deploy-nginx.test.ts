/**
 * The README's deployment recipe, run: the nginx block it shows is the one scripts/deploy/nginx.ts
 * writes (same policy as scripts/csp-headers.ts), and that block in a real nginx (Debian's) serves the
 * app with its headers and a DICOMweb server at /dicom-web/ as the Node proxy does: the path mapped to
 * the server's root, Authorization forwarded, answers streamed, the challenge renamed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../scripts/csp-headers';
import { type RunningNginx, nginxServerBlock, startNginx } from '../scripts/deploy/nginx';
import { type ProxiedServer, expectMappedToRoot, expectStreamedThrough, startProxiedServer } from './helpers/proxied-server';
import { scratchDir } from './helpers/scratch-dir';
import { projectRoot } from './helpers/shared-data';

describe('the README deployment behind nginx', () => {
  it('shows the block scripts/deploy/nginx.ts writes, policy included', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(
      nginxServerBlock({
        listen: '443 ssl',
        serverName: 'viewer.example.org',
        root: '/srv/ct-viewer/dist',
        dicomweb: 'http://orthanc.internal:8042/dicom-web/',
      }),
    );
    expect(block).toContain(contentSecurityPolicy());
    expect(block).toContain(contentSecurityPolicy({ pipelineWorker: true }));
  });

  describe('in a real nginx', () => {
    const dist = scratchDir('ct-deploy-nginx-');
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    let upstream: ProxiedServer;
    let nginx: RunningNginx;

    beforeAll(async () => {
      upstream = await startProxiedServer('Bearer realm="pacs"');
      nginx = await startNginx(dist, upstream.root);
    });
    afterAll(async () => {
      await nginx?.stop();
      await upstream?.close();
    });

    it('serves the app cross-origin isolated, with the policy, the worker policy and the page for any path', async () => {
      const page = await fetch(`${nginx.baseUrl}study/anything`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>app</title>');
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      mkdirSync(join(dist, 'assets'), { recursive: true });
      writeFileSync(join(dist, 'assets', 'pipeline.worker-Ab1_x.js'), 'export {};');
      writeFileSync(join(dist, 'assets', 'main-Cd2.js'), 'export {};');
      const worker = await fetch(`${nginx.baseUrl}assets/pipeline.worker-Ab1_x.js`);
      expect(worker.status).toBe(200);
      expect(worker.headers.get('content-type')).toMatch(/javascript/);
      expect(worker.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ pipelineWorker: true }));
      expect((await fetch(`${nginx.baseUrl}assets/main-Cd2.js`)).headers.get('content-security-policy')).toBe(
        contentSecurityPolicy(),
      );
      expect(worker.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    });

    it('maps /dicom-web/… to the server root with the query and Authorization, same-origin', async () => {
      await expectMappedToRoot(`${nginx.baseUrl}dicom-web`, upstream);
    });

    it('streams: the first bytes arrive before the server ends its answer', async () => {
      await expectStreamedThrough(`${nginx.baseUrl}dicom-web/stream`, upstream);
    });

    it('renames the challenge of a 401, so the browser opens no login dialog of its own', async () => {
      const response = await fetch(`${nginx.baseUrl}dicom-web/secret/studies`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.headers.get('x-dicomweb-authenticate')).toBe('Bearer realm="pacs"');
    });
  });
});
