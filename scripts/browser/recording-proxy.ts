/**
 * A recording HTTP proxy for a browser context: Chromium sends every request of the context through
 * it, loopback included, at the network-service level, so nothing a worker does can bypass it.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';

export interface RecordingProxy {
  /** e.g. http://127.0.0.1:39111, for `browser.newContext({ proxy: { server } })` */
  server: string;
  close: () => Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function stripHopByHop(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, raw[i + 1] as string);
  }
  return out;
}

function splitHostPort(hostPort: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort) ?? /^([^:]+)(?::(\d+))?$/.exec(hostPort);
  return { host: m?.[1] ?? hostPort, port: m?.[2] ? Number(m[2]) : defaultPort };
}

/**
 * Minimal forwarding HTTP proxy on 127.0.0.1 that reports every request it
 * carries: `http://…` requests with their absolute URL, CONNECT tunnels
 * (https/wss) as `https://host:port` (`http://` unless the port is 443).
 * Upstream connection failures close the client socket, so the browser sees
 * a network error as it would without the proxy.
 */
export async function startRecordingProxy(onRequest: (url: string) => void): Promise<RecordingProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  /** Connects to host:port; once open, `onOpen`, the client's first bytes, then bytes both ways. */
  const tunnel = (port: number, host: string, client: Socket, head: Buffer, onOpen: (upstream: Socket) => void): void => {
    const upstream = net.connect(port, host, () => {
      onOpen(upstream);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  };

  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('proxy: absolute URL expected');
      return;
    }
    onRequest(target.href);
    if (target.protocol !== 'http:') {
      req.socket.destroy();
      return;
    }
    const up = http.request(
      {
        agent,
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port ? Number(target.port) : 80,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: stripHopByHop(req.rawHeaders),
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, stripHopByHop(upRes.rawHeaders));
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  server.on('connection', track);
  server.on('clientError', (_err, socket) => socket.destroy());

  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const hostPort = req.url ?? '';
    const { host, port } = splitHostPort(hostPort, 443);
    onRequest(`${port === 443 ? 'https' : 'http'}://${hostPort}`);
    tunnel(port, host, client, head, () => client.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
  });

  // Plain `GET ws://…` + Upgrade through the proxy (Chromium normally uses CONNECT).
  server.on('upgrade', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      client.destroy();
      return;
    }
    onRequest(target.href);
    tunnel(target.port ? Number(target.port) : 80, target.hostname.replace(/^\[|\]$/g, ''), client, head, (upstream) => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] as string;
        if (!/^proxy-/i.test(name)) lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
