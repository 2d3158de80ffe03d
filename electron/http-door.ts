/**
 * Browser mode: the same operations as Electron IPC, over HTTP on 127.0.0.1 only.
 * Every API request must carry the per-launch token, and a Host header naming this server (defeats DNS
 * rebinding) and, when the browser sends one, an Origin equal to this server (defeats other local web pages).
 */
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from './core/api';
import { dispatch } from './core/dispatch';

export const TOKEN_HEADER = 'x-spot-desk-token';
const MAX_BODY = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The same policy as the Electron window (electron/main.ts). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface HttpDoor {
  url: string;
  /** URL with the token in the fragment: what the user opens. The fragment never reaches a server log. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface HttpDoorOptions {
  port?: number;
  /** The built renderer (renderer/dist). */
  staticDir: string;
  token?: string;
}

/** A request this server cannot make sense of (malformed URL or percent-encoding): answered 400. */
class MalformedRequest extends Error {}

/** The URL path decoded to a file path below the app folder's root, or MalformedRequest. */
function decodedPath(pathname: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new MalformedRequest('malformed percent-encoding in the path');
  }
  if (decoded.includes('\0')) throw new MalformedRequest('NUL byte in the path');
  return decoded;
}

function parseUrl(target: string, host: string): URL {
  try {
    return new URL(target, `http://${host}`);
  } catch {
    throw new MalformedRequest('the request target is not a URL');
  }
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHttpDoor(core: Core, options: HttpDoorOptions): Promise<HttpDoor> {
  const token = options.token ?? randomBytes(32).toString('hex');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const staticRoot = path.resolve(options.staticDir);

  const refuse = (res: http.ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'forbidden', message } }));
  };

  /** Whatever went wrong, the answer is an error status and the process goes on serving. */
  const fail = (res: http.ServerResponse, err: unknown) => {
    if (err instanceof MalformedRequest) {
      if (res.headersSent) return res.destroy();
      res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok: false, error: { code: 'bad-request', message: err.message } }));
      return;
    }
    process.stderr.write(`http-door: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (res.headersSent) return res.destroy();
    res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'internal', message: 'internal error' } }));
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      fail(res, err);
    }
  });

  // CONNECT never reaches the request handler: Node hands the raw socket to 'connect' listeners and, with none,
  // drops the connection unanswered. Answer it like any method the door does not serve.
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, POST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return refuse(res, 403, 'foreign Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'foreign Origin');
    const url = parseUrl(req.url ?? '/', host);

    if (url.pathname.startsWith('/api/')) {
      // Browsers send Sec-Fetch-Site; a request from another site is refused even with a leaked token.
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        return refuse(res, 403, 'cross-site request');
      if (url.pathname === '/api/events' && req.method === 'GET') {
        // EventSource cannot send headers, so the token comes in the query for this one route.
        if (!sameToken(url.searchParams.get('token') ?? undefined, token))
          return refuse(res, 401, 'missing or wrong token');
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        const send = (text: string) => {
          if (!res.writableEnded && !res.destroyed) res.write(text);
        };
        const off = core.onEvent((event) => send(`data: ${JSON.stringify(event)}\n\n`));
        const ping = setInterval(() => send(': ping\n\n'), 15_000);
        req.on('close', () => {
          off();
          clearInterval(ping);
        });
        return;
      }
      const match = /^\/api\/invoke\/([a-z][a-zA-Z.]{0,60})$/.exec(url.pathname);
      if (!match || req.method !== 'POST') return refuse(res, 404, 'no such route');
      const given = req.headers[TOKEN_HEADER];
      if (!sameToken(Array.isArray(given) ? given[0] : given, token)) return refuse(res, 401, 'missing or wrong token');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, 'expected application/json');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) {
          refuse(res, 413, 'request too large');
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', () => res.destroy());
      req.on('end', () => {
        try {
          if (res.headersSent) return;
          let body: unknown;
          try {
            body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
          } catch {
            return refuse(res, 400, 'body is not JSON');
          }
          dispatch(core.handlers, match[1], body)
            .then((result) => {
              const text = JSON.stringify(result);
              const status = result.ok
                ? 200
                : result.error.code === 'bad-request' || result.error.code === 'unknown-operation'
                  ? 400
                  : 422;
              res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
              res.end(text);
            })
            .catch((err: unknown) => fail(res, err));
        } catch (err) {
          fail(res, err);
        }
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    // Static files of the built renderer; unknown paths fall back to index.html (client-side routes).
    let file = path.resolve(staticRoot, `.${decodedPath(url.pathname)}`);
    if (!file.startsWith(staticRoot + path.sep) && file !== staticRoot) return refuse(res, 403, 'outside the app');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('The renderer is not built: run `npm run build:renderer`.');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': path.basename(file) === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A file that vanishes or cannot be read after the headers went out: drop the connection, keep serving.
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
