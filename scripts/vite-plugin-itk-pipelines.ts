/**
 * Vite plugin that serves itk-wasm pipeline files (`*.js` + `*.wasm.zst`)
 * from the app's own origin, so nothing is ever fetched from a CDN.
 *
 *   node_modules/@itk-wasm/<name>/dist/pipelines/*  ->  <base>itk/<name>/*
 *
 * - dev (`vite`):          middleware reading straight from node_modules
 * - build (`vite build`):  files copied into `<outDir>/itk/<name>/`
 *                          (never into public/ or anything tracked by git)
 * - preview (`vite preview`): middleware reading from `<outDir>/itk/<name>/`
 *
 * Responses carry the cross-origin-isolation headers (COOP/COEP/CORP) so the
 * app can stay `crossOriginIsolated` (SharedArrayBuffer).
 *
 * The runtime side (absolute base URL for `setPipelinesBaseUrl`) lives in
 * `src/runtime/itk-pipeline-urls.ts`.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { Connect, Plugin, ResolvedConfig } from 'vite';

/**
 * itk-wasm packages whose `dist/pipelines` are served. Add e.g.
 * `'@itk-wasm/downsample'` here (and `'downsample'` to the `ItkPipelinePackage`
 * union in src/runtime/itk-pipeline-urls.ts) to serve more.
 */
export const ITK_PIPELINE_PACKAGES = ['@itk-wasm/dicom', '@itk-wasm/image-io', '@itk-wasm/downsample'] as const;

/** URL path segment (below `<base>`) under which pipelines are served. */
export const ITK_URL_PREFIX = 'itk';

/** Headers needed for `crossOriginIsolated === true` (SharedArrayBuffer). */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'application/javascript',
  '.mjs': 'application/javascript',
  '.wasm': 'application/wasm',
  '.zst': 'application/octet-stream',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `@itk-wasm/dicom` -> `dicom` */
export function shortName(pkg: string): string {
  return pkg
    .replace(/^@itk-wasm\//, '')
    .replace(/^@/, '')
    .replace(/\//g, '-');
}

/** Locate `node_modules/<pkg>` walking up from `fromDir` (node resolution order). */
export function findPackageDir(pkg: string, fromDir: string): string {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`[itk-pipelines] cannot find package ${pkg} (searched from ${fromDir})`);
}

export interface ItkPipelinesPluginOptions {
  /** Packages to serve; defaults to ITK_PIPELINE_PACKAGES. */
  packages?: readonly string[];
}

interface Mount {
  /** e.g. `dicom` */
  name: string;
  /** absolute directory with the pipeline files */
  dir: string;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  for (const [k, v] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) res.setHeader(k, v);
  res.end(message);
}

/**
 * Connect middleware serving `<base>itk/<name>/<file>` from `mounts`.
 * Only flat file names are accepted (no sub directories, no `..`).
 */
function createMiddleware(
  getBase: () => string,
  getMounts: () => Mount[],
  getExtraHeaders: () => OutgoingHttpHeaders | undefined,
): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rawUrl = req.url;
    if (!rawUrl) return next();
    const base = getBase();
    const prefix = `${base}${ITK_URL_PREFIX}/`;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(rawUrl, 'http://localhost').pathname);
    } catch {
      return next();
    }
    // In preview with a non-root base, Vite strips the base before some
    // middlewares; accept both forms.
    let rest: string | undefined;
    if (pathname.startsWith(prefix)) rest = pathname.slice(prefix.length);
    else if (pathname.startsWith(`/${ITK_URL_PREFIX}/`)) rest = pathname.slice(ITK_URL_PREFIX.length + 2);
    if (rest === undefined) return next();

    const slash = rest.indexOf('/');
    if (slash <= 0) return next();
    const name = rest.slice(0, slash);
    const file = rest.slice(slash + 1);
    const mount = getMounts().find((m) => m.name === name);
    if (!mount) return next();
    if (!file || file.includes('/') || file.includes('\\') || file.startsWith('.')) {
      sendError(res, 404, 'Not found');
      return;
    }
    const filePath = path.join(mount.dir, file);
    fs.stat(filePath, (err, stat) => {
      if (err || !stat.isFile()) {
        sendError(res, 404, `Not found: ${pathname}`);
        return;
      }
      const extra = getExtraHeaders();
      if (extra) {
        for (const [k, v] of Object.entries(extra)) if (v !== undefined) res.setHeader(k, v);
      }
      for (const [k, v] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) res.setHeader(k, v);
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.setHeader('Content-Type', contentTypeFor(file));
      res.setHeader('Content-Length', String(stat.size));
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Last-Modified', stat.mtime.toUTCString());
      res.statusCode = 200;
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = fs.createReadStream(filePath);
      stream.on('error', (e) => {
        if (!res.headersSent) sendError(res, 500, String(e));
        else res.destroy(e);
      });
      stream.pipe(res);
    });
  };
}

export function itkPipelinesPlugin(options: ItkPipelinesPluginOptions = {}): Plugin {
  const packages = options.packages ?? ITK_PIPELINE_PACKAGES;
  let config: ResolvedConfig | undefined;
  let sourceMounts: Mount[] | undefined;

  const resolveSourceMounts = (): Mount[] => {
    if (!sourceMounts) {
      const root = config?.root ?? process.cwd();
      sourceMounts = packages.map((pkg) => {
        const dir = path.join(findPackageDir(pkg, root), 'dist', 'pipelines');
        if (!fs.existsSync(dir)) throw new Error(`[itk-pipelines] ${pkg} has no dist/pipelines (${dir})`);
        return { name: shortName(pkg), dir };
      });
    }
    return sourceMounts;
  };
  const outDir = (): string => {
    if (!config) throw new Error('[itk-pipelines] config not resolved');
    return path.resolve(config.root, config.build.outDir);
  };
  const base = (): string => {
    const b = config?.base ?? '/';
    // relative bases ('./', '') are served at the root in dev/preview
    return b.startsWith('/') ? (b.endsWith('/') ? b : `${b}/`) : '/';
  };

  return {
    name: 'ct-viewer:itk-pipelines',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      // Added directly (not in a returned post hook) so it runs before Vite's
      // own transform/static middlewares.
      server.middlewares.use(createMiddleware(base, resolveSourceMounts, () => server.config.server.headers));
    },
    configurePreviewServer(server) {
      server.middlewares.use(
        createMiddleware(
          base,
          () => resolveSourceMounts().map((m) => ({ name: m.name, dir: path.join(outDir(), ITK_URL_PREFIX, m.name) })),
          () => server.config.preview.headers,
        ),
      );
    },
    async writeBundle() {
      // Copy only for the client build (not SSR / other environments).
      if (config?.command !== 'build' || config.build.ssr) return;
      if (this.environment && this.environment.name !== 'client') return;
      const dest = outDir();
      let files = 0;
      let bytes = 0;
      for (const mount of resolveSourceMounts()) {
        const target = path.join(dest, ITK_URL_PREFIX, mount.name);
        await fsp.mkdir(target, { recursive: true });
        for (const entry of await fsp.readdir(mount.dir, { withFileTypes: true })) {
          if (!entry.isFile()) continue;
          const from = path.join(mount.dir, entry.name);
          await fsp.copyFile(from, path.join(target, entry.name));
          files += 1;
          bytes += (await fsp.stat(from)).size;
        }
      }
      config.logger.info(
        `[itk-pipelines] copied ${files} files (${(bytes / 1048576).toFixed(1)} MiB) to ${path.relative(config.root, path.join(dest, ITK_URL_PREFIX)) || dest}`,
      );
    },
  };
}

export default itkPipelinesPlugin;
