/**
 * The same-origin DICOMweb proxy (scripts/dicomweb-proxy.ts) in a real `vite preview`, in front of a
 * real HTTP server on loopback: paths under /dicom-web reach the server's root, Authorization
 * travels, a response streams before it has ended, a challenge is renamed (no browser dialog) and a
 * server that is gone answers 502 in words.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import { dicomwebProxy, dicomwebProxyTarget } from '../scripts/dicomweb-proxy';
import { type ProxiedServer, expectMappedToRoot, expectStreamedThrough, startProxiedServer } from './helpers/proxied-server';
import { scratchDir } from './helpers/scratch-dir';

const dist = scratchDir('ct-dicomweb-proxy-');
writeFileSync(`${dist}/index.html`, '<!doctype html><title>app</title>');

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function servePreview(target: string): Promise<{ server: PreviewServer; base: string }> {
  const server = await preview({
    configFile: false,
    root: dist,
    logLevel: 'silent',
    build: { outDir: dist },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false, proxy: dicomwebProxy(target) },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

describe('DICOMweb proxy', () => {
  let upstream: ProxiedServer;
  let app: { server: PreviewServer; base: string };

  beforeAll(async () => {
    upstream = await startProxiedServer('Basic realm="orthanc"');
    app = await servePreview(`${upstream.root}/`);
  });
  afterAll(async () => {
    await app?.server.close();
    await upstream?.close();
  });

  it('maps /dicom-web/… to the server root, with the query and the Authorization header', async () => {
    await expectMappedToRoot(`${app.base}/dicom-web`, upstream);
  });

  it('leaves the app itself alone: /dicom-webx is not proxied', async () => {
    const before = upstream.seen.length;
    await fetch(`${app.base}/dicom-webx/studies`);
    expect(upstream.seen.length).toBe(before);
  });

  it('streams: the first bytes arrive before the server ends its response', async () => {
    await expectStreamedThrough(`${app.base}/dicom-web/stream`, upstream);
  });

  it('renames the challenge of a 401, so the browser opens no login dialog of its own', async () => {
    const response = await fetch(`${app.base}/dicom-web/secret/studies`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('x-dicomweb-authenticate')).toBe('Basic realm="orthanc"');
  });

  it('answers 502 in words when the server is gone', async () => {
    const gone = http.createServer();
    const port = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    const dead = await servePreview(`http://127.0.0.1:${port}/dicom-web`);
    try {
      const response = await fetch(`${dead.base}/dicom-web/studies`);
      expect(response.status).toBe(502);
      expect(await response.text()).toMatch(
        /DICOMweb proxy: the server at http:\/\/127\.0\.0\.1:\d+\/dicom-web did not answer \(ECONNREFUSED\)/,
      );
    } finally {
      await dead.server.close();
    }
  });

  it('refuses a target that is not an http(s) URL, in words', () => {
    expect(() => dicomwebProxyTarget('localhost:8042')).toThrow(/DICOMWEB_PROXY must be an (absolute )?http\(s\) URL/);
    expect(() => dicomwebProxyTarget('/dicom-web')).toThrow(/absolute http\(s\) URL/);
    expect(dicomwebProxyTarget('')).toBeUndefined();
    expect(dicomwebProxy(undefined)).toBeUndefined();
  });
});
