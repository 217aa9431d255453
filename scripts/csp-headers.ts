/**
 * The app's Content-Security-Policy, and the Vite plugin that sends it from `vite` (dev) and
 * `vite preview` (the built app, as the e2e tests and the benchmark serve it).
 *
 * Why a middleware and not `preview.headers`: the policy differs by path. The page and every other
 * response get the strict one; the pipeline worker's script alone may also run `blob:` scripts,
 * because a pipeline added from files (a .js + .wasm pair the user picked) can only be run by
 * importing its JavaScript from a blob: URL that the worker itself makes (src/processing/worker/
 * module-locations.ts). A dedicated worker is governed by the policy of its own script response
 * (Chromium enforces it), so that permission reaches no page and no other worker. Vite's static
 * server would overwrite a per-path header given in `preview.headers`, so the CSP is set here.
 *
 * `DICOMWEB_ORIGINS` (space-separated origins, e.g. `https://pacs.example.org`) adds DICOMweb
 * servers the browser may reach directly; the same-origin proxy under /dicom-web is 'self'.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';

export const CSP_HEADER = 'Content-Security-Policy';

/** Sent with every response: a script or stylesheet is only ever run as the type it is served as. */
export const NOSNIFF_HEADERS: Readonly<Record<string, string>> = { 'X-Content-Type-Options': 'nosniff' };

export interface PolicyOptions {
  /** Vite's dev server injects `<style>` elements for CSS modules and HMR: only there is inline CSS allowed. */
  dev?: boolean;
  /** Origins of DICOMweb servers the browser talks to directly (see parseOrigins). */
  dicomwebOrigins?: readonly string[];
  /** The pipeline worker's own policy: its script may also import blob: modules (see above). */
  pipelineWorker?: boolean;
}

/** The policy as a header value; directives in a fixed order, one source list each. */
export function contentSecurityPolicy({ dev = false, dicomwebOrigins = [], pipelineWorker = false }: PolicyOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // 'wasm-unsafe-eval' compiles WebAssembly (itk-wasm, the pipelines) and allows no JavaScript eval.
    ['script-src', ["'self'", "'wasm-unsafe-eval'", ...(pipelineWorker ? ['blob:'] : [])]],
    ['worker-src', ["'self'"]],
    // data:: itk-wasm's zstd decoder (@thewtex/zstddec, for every .wasm.zst) fetches its own wasm
    // from a data: URL in each worker. A data: URL carries its content inline: no server is reached.
    ['connect-src', ["'self'", 'data:', ...dicomwebOrigins]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    // Style properties set through the CSSOM (element.style) are not inline CSS and need nothing here.
    ['style-src', ["'self'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'self'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Origins from a space-separated list (`DICOMWEB_ORIGINS`). Each must be a bare http(s) origin: a
 * path, a wildcard or a stray `;` would widen or break the policy, so it is refused, not dropped.
 */
export function parseOrigins(list: string | undefined): string[] {
  const origins: string[] = [];
  for (const entry of (list ?? '').split(/\s+/).filter(Boolean)) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    const origin = url && /^https?:$/.test(url.protocol) ? url.origin : null;
    if (origin === null || origin !== entry.replace(/\/$/, '')) {
      throw new Error(`DICOMWEB_ORIGINS: "${entry}" is not an origin such as https://pacs.example.org (scheme, host, port only)`);
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}

/**
 * Paths of the pipeline worker's script: the built chunk (`/assets/pipeline.worker-<hash>.js`) and
 * the dev server's module (`/workers/pipeline.worker.ts`). A deployment gives these the worker policy.
 */
export const PIPELINE_WORKER_PATH = /\/pipeline\.worker(?:-[\w-]+)?\.(?:js|ts)$/;

function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function middleware(dev: boolean): Connect.NextHandleFunction {
  const dicomwebOrigins = parseOrigins(process.env.DICOMWEB_ORIGINS);
  const page = contentSecurityPolicy({ dev, dicomwebOrigins });
  const worker = contentSecurityPolicy({ dev, dicomwebOrigins, pipelineWorker: true });
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    res.setHeader(CSP_HEADER, PIPELINE_WORKER_PATH.test(pathnameOf(req.url)) ? worker : page);
    next();
  };
}

/** Sets the policy on every response of the dev server (dev variant) and of `vite preview`. */
export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'ct-viewer:content-security-policy',
    // Added directly, not in a returned post hook: it must run before any middleware that answers.
    configureServer(server) {
      server.middlewares.use(middleware(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(false));
    },
  };
}
