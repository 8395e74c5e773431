/** The reference HTTP server: routes each request to the operation that claims it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notificationHubs } from './notification-hubs.js';
import { serviceBus } from './service-bus.js';
import type { OperationHandler, RefConfig, RefRequest, RefResponse } from './types.js';
import { yandex } from './yandex.js';

export const OPERATIONS: OperationHandler[] = [notificationHubs, serviceBus, yandex];

/** Every mutant of every operation: name (= rule id it breaks) → description. */
export const MUTANTS: Record<string, string> = Object.assign({}, ...OPERATIONS.map((o) => o.mutants));

/** Bodies above this are refused unread (the largest documented body is 256 KiB, form-encoded ≤ 768 KiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function route(req: RefRequest, cfg: RefConfig): Promise<RefResponse> {
  const op = OPERATIONS.find((o) => o.matches(req, cfg));
  if (!op) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'No operation at this URI.' };
  return op.handle(req, cfg);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve('too-large');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function serve(cfg: RefConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  let out: RefResponse;
  if (body === 'too-large') out = { status: 413, body: 'Request entity too large.' };
  else {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      const value = req.rawHeaders[i + 1]!;
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const request: RefRequest = {
      method: req.method ?? 'GET',
      rawPath: q < 0 ? raw : raw.slice(0, q),
      rawQuery: q < 0 ? '' : raw.slice(q + 1),
      host: req.headers.host ?? '',
      headers,
      headerNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
      body,
    };
    try {
      out = await route(request, cfg);
    } catch (err) {
      out = { status: 500, body: `Internal error: ${(err as Error).message}` };
    }
  }
  const payload = out.body === undefined ? undefined : Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body, 'utf8');
  res.writeHead(out.status, { ...(out.headers ?? {}), 'content-length': String(payload?.length ?? 0) });
  res.end(payload);
}

export interface RunningReference {
  /** The server, when it runs in this thread. */
  server?: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the reference on loopback; port 0 picks a free one. */
export async function startReference(cfg: RefConfig, port = 0, host = '127.0.0.1'): Promise<RunningReference> {
  if (cfg.mutant !== undefined && !Object.hasOwn(MUTANTS, cfg.mutant)) throw new Error(`unknown mutant "${cfg.mutant}"`);
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    serve(cfg, req, res).catch((err: unknown) => {
      res.destroy(err as Error);
    });
  });
  // A port in use or a host that is no address of this machine rejects instead of throwing unhandled.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
