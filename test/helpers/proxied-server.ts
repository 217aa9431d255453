/**
 * What the same-origin proxies (the Node one, nginx's) are tested against: a DICOMweb server stand-in
 * on loopback that records each request, refuses `/dicom-web/secret…` with a challenge, and holds
 * `/dicom-web/stream` open after its first bytes until `releaseStream()`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface ProxiedServer {
  /** http://127.0.0.1:PORT/dicom-web */
  root: string;
  /** Path (with query) and Authorization of every request, in order. */
  seen: Array<{ url: string; authorization: string | undefined }>;
  /** Ends the held `/dicom-web/stream` answer. */
  releaseStream(): void;
  close(): Promise<void>;
}

export async function startProxiedServer(challenge: string): Promise<ProxiedServer> {
  const seen: ProxiedServer['seen'] = [];
  let release: () => void = () => undefined;
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url?.startsWith('/dicom-web/secret')) {
      res.writeHead(401, { 'www-authenticate': challenge }).end('no');
    } else if (req.url?.startsWith('/dicom-web/stream')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first part;');
      release = () => res.end('second part');
    } else res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}/dicom-web`,
    seen,
    releaseStream: () => release(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The stream answer reaches the client before the server ends it: first part, then, once released, the rest. */
export async function expectStreamedThrough(url: string, server: ProxiedServer): Promise<void> {
  const response = await fetch(url);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toBe('first part;');
  server.releaseStream();
  let rest = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
  expect(rest).toBe('second part');
}

/**
 * A search through the proxy at `base` (…/dicom-web) reaches the server's root with its query and
 * Authorization, and comes back same-origin.
 */
export async function expectMappedToRoot(base: string, server: ProxiedServer): Promise<void> {
  const response = await fetch(`${base}/studies?PatientName=A*&limit=2`, { headers: { authorization: 'Bearer t0ken' } });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('[]');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(server.seen.at(-1)).toEqual({ url: '/dicom-web/studies?PatientName=A*&limit=2', authorization: 'Bearer t0ken' });
}
