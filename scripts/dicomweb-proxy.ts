/**
 * `DICOMWEB_PROXY=<server root>`: `npm start` and `npm run preview` serve that DICOMweb server at
 * `/dicom-web` on the app's own origin. The app is cross-origin isolated (COOP/COEP), so a server
 * that sends no CORS headers (Orthanc, most PACS) cannot be read from the page; through the proxy
 * its answers are same-origin, and `?dicomweb=/dicom-web` works with any server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyOptions } from 'vite';

/** Where the proxied server appears on the app's origin. */
export const DICOMWEB_PROXY_PATH = '/dicom-web';

/** The server root from `DICOMWEB_PROXY`, checked; undefined when the variable is unset or empty. */
export function dicomwebProxyTarget(value = process.env.DICOMWEB_PROXY): URL | undefined {
  if (!value?.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`DICOMWEB_PROXY must be an absolute http(s) URL of a DICOMweb root, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`DICOMWEB_PROXY must be an http(s) URL, got ${url.protocol} in ${JSON.stringify(value)}`);
  }
  return url;
}

/**
 * Vite `server.proxy` / `preview.proxy` entries serving `target` (default: `DICOMWEB_PROXY`) at
 * /dicom-web; undefined when there is no target. Authorization travels as the browser sent it and
 * responses are streamed (http-proxy pipes them), so a multipart retrieve starts arriving at once.
 */
export function dicomwebProxy(
  target: string | URL | undefined = dicomwebProxyTarget(),
): Record<string, ProxyOptions> | undefined {
  if (target === undefined) return undefined;
  const root = dicomwebProxyTarget(String(target))!;
  const base = root.href.replace(/\/+$/, '');
  const prefix = new RegExp(`^${DICOMWEB_PROXY_PATH}(?=/|\\?|$)`);
  return {
    [`^${DICOMWEB_PROXY_PATH}(/|\\?|$)`]: {
      target: base,
      changeOrigin: true,
      xfwd: true,
      rewrite: (path) => path.replace(prefix, ''),
      configure(proxy) {
        proxy.on('proxyRes', (response) => {
          // Same-origin once proxied: embeddable under COEP require-corp whatever the server sends.
          response.headers['cross-origin-resource-policy'] = 'same-origin';
          // A challenge would make the browser open its own login dialog; the app asks in its page
          // instead (bearer token or user and password) and names the scheme the server wanted.
          const challenge = response.headers['www-authenticate'];
          if (challenge !== undefined) {
            delete response.headers['www-authenticate'];
            response.headers['x-dicomweb-authenticate'] = challenge;
          }
        });
        // Registered before Vite's own handler, which then only logs: the page gets words, not an empty 502.
        proxy.on('error', (error, _request, response) => {
          if (!('writeHead' in response)) return;
          const res = response as ServerResponse<IncomingMessage>;
          if (res.headersSent || res.writableEnded) {
            res.destroy(error);
            return;
          }
          const code = (error as NodeJS.ErrnoException).code ?? error.message;
          res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cross-origin-resource-policy': 'same-origin' });
          res.end(`DICOMweb proxy: the server at ${base} did not answer (${code})`);
        });
      },
    },
  };
}
