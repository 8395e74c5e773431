/**
 * Requests of real clients recorded with nock exactly as they leave the client: method, URL,
 * every header with its value as sent (nock hands the names over lower-cased; HTTP field names
 * are case-insensitive), and the body's bytes. Nothing reaches the network
 * (`disableNetConnect`); each request gets the answer `reply` gives it.
 */
import nock from 'nock';
import type { ClientRequest } from 'node:http';
import type { WireRequest } from '../../src/model/request.js';

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** The body's bytes from nock's string: UTF-8 text, or hex when the bytes are not UTF-8; Content-Length decides which. */
function bodyBytes(text: string, contentLength: string | undefined): Uint8Array {
  const utf8 = Buffer.from(text, 'utf8');
  if (contentLength === undefined || Number(contentLength) === utf8.length) return new Uint8Array(utf8);
  if (/^(?:[0-9a-f]{2})*$/.test(text) && Number(contentLength) === text.length / 2) return new Uint8Array(Buffer.from(text, 'hex'));
  throw new Error(`nock's body (${utf8.length} bytes as UTF-8) does not match Content-Length ${contentLength}`);
}

function headersOf(req: ClientRequest, url: URL): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of req.getRawHeaderNames()) {
    const v = req.getHeader(name);
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [String(v)]) out.push([name, one]);
  }
  if (!out.some(([n]) => n.toLowerCase() === 'host')) out.unshift(['Host', url.host]);
  return out;
}

/**
 * Runs `run` with every POST to `origin` intercepted and answered by `reply`; returns the
 * requests in the order sent, and what `run` returned.
 */
export async function capture<T>(origin: string, reply: (req: WireRequest) => Reply, run: () => Promise<T>): Promise<{ requests: WireRequest[]; result: T }> {
  const requests: WireRequest[] = [];
  nock.disableNetConnect();
  const scope = nock(origin)
    .persist()
    .post(() => true)
    .reply(() => {
      const last = requests.at(-1);
      if (!last) throw new Error('nock answered before it reported the request');
      const r = reply(last);
      return [r.status, r.body ?? '', r.headers ?? {}];
    });
  scope.on('request', (req: ClientRequest, _interceptor: unknown, body: string) => {
    const url = new URL(req.path, origin);
    const headers = headersOf(req, url);
    const length = headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
    requests.push({ method: req.method, url: url.href, headers, body: bodyBytes(body, length) });
  });
  try {
    const result = await run();
    return { requests, result };
  } finally {
    scope.persist(false);
    nock.cleanAll();
    nock.enableNetConnect();
  }
}
