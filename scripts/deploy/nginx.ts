/**
 * The deployment of the README: the static build behind nginx, with the headers the app needs and the
 * DICOMweb server proxied at /dicom-web. `nginxServerBlock` writes the `server { … }` block the README
 * shows (a unit test holds the README to it); `startNginx` runs that same block on loopback, so the
 * e2e tests load the app as it is deployed and the benchmark times DICOMweb through nginx as well as
 * through the Node proxy of `npm start` / `npm run preview`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../csp-headers';
import { DICOMWEB_PROXY_PATH } from '../dicomweb-proxy';
import { freePort } from '../dicomweb/orthanc';

export const NGINX_BINARY = process.env.NGINX_BINARY ?? '/usr/sbin/nginx';

export interface NginxSite {
  /** The `listen` parameters, e.g. `443 ssl` or `127.0.0.1:8080`. */
  listen: string;
  /** `server_name`, or none. */
  serverName?: string;
  /** The folder `npm run build` wrote. */
  root: string;
  /** The DICOMweb server root that /dicom-web/ forwards to. */
  dicomweb: string;
}

const isolation = [
  'add_header Cross-Origin-Opener-Policy same-origin always;',
  'add_header Cross-Origin-Embedder-Policy require-corp always;',
];

/** The `server { … }` block serving the app and its DICOMweb server (the README's recipe). */
export function nginxServerBlock(site: NginxSite): string {
  const headers = (csp: string) => [
    ...isolation,
    'add_header X-Content-Type-Options nosniff always;',
    `add_header Content-Security-Policy ${csp} always;`,
  ];
  const lines = [
    'server {',
    `  listen ${site.listen};`,
    ...(site.serverName ? [`  server_name ${site.serverName};`] : []),
    `  root ${site.root};`,
    `  set $csp "${contentSecurityPolicy()}";`,
    ...headers('$csp').map((line) => `  ${line}`),
    '  location / { try_files $uri /index.html; }',
    '  # add_header in a location replaces the inherited ones: all of them again',
    '  location ~ ^/assets/pipeline\\.worker-[\\w-]+\\.js$ {',
    ...headers(`"${contentSecurityPolicy({ pipelineWorker: true })}"`).map((line) => `    ${line}`),
    '  }',
    `  location ${DICOMWEB_PROXY_PATH}/ {`,
    `    proxy_pass ${site.dicomweb.replace(/\/*$/, '/')};`,
    '    proxy_buffering off;                       # multipart answers stream through',
    '    proxy_hide_header WWW-Authenticate;        # no browser login dialog: the app asks',
    '    add_header X-DICOMweb-Authenticate $upstream_http_www_authenticate always;',
    '    add_header Cross-Origin-Resource-Policy same-origin always;',
    '  }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

export interface RunningNginx {
  /** e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  stop(): Promise<void>;
}

export function nginxInstalled(): boolean {
  return existsSync(NGINX_BINARY);
}

/**
 * nginx in the foreground on a free loopback port, serving `root` with `dicomweb` at /dicom-web/, its
 * pid, logs and temp files in a folder of its own (removed when it stops).
 */
export async function startNginx(root: string, dicomweb: string): Promise<RunningNginx> {
  if (!nginxInstalled()) throw new Error(`nginx is not installed (${NGINX_BINARY}): apt-get install nginx-light`);
  const dir = await mkdtemp(join(tmpdir(), 'ct-viewer-nginx-'));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
  await Promise.all(temp.map((name) => mkdir(join(dir, name))));
  const config = [
    'daemon off;',
    'master_process off;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  types { application/wasm wasm; }',
    '  access_log off;',
    ...temp.map((name) => `  ${name}_temp_path ${dir}/${name};`),
    nginxServerBlock({ listen: `127.0.0.1:${port}`, root, dicomweb }).replace(/^/gm, '  '),
    '}',
  ].join('\n');
  await writeFile(join(dir, 'nginx.conf'), config);
  // master_process off: one process, as the user that starts it, so a private temp build is readable.
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${(stderr || log).trim().split('\n').at(-1) ?? `exit ${child.exitCode}`}`);
    }
    if (
      await fetch(baseUrl, { method: 'HEAD' }).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { baseUrl, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`nginx did not answer on ${baseUrl} within 10 s`);
}
