/**
 * The HTTP client: keep-alive connections, a deadline per request that also covers slow bodies,
 * response bodies read up to a cap, optional global rate limit. Any failure to get a response
 * is a TransportError — the target did not answer — never a verdict about the target.
 */
import http from 'node:http';
import { Agent, errors as undiciErrors } from 'undici';
import type { HttpResponse } from '../model/exchange.js';
import type { WireRequest } from '../model/request.js';
import { RateLimiter } from './limits.js';

export interface TransportOptions {
  /** Whole-request deadline (connect, headers and body), in milliseconds. */
  timeoutMs: number;
  /** Response bytes read at most; the rest is dropped and the response marked truncated. */
  maxBodyBytes: number;
  /** Connections per origin. */
  connections: number;
  /** Requests per second across the run; absent: unlimited. */
  rate?: number;
}

export type TransportErrorKind = 'refused' | 'timeout' | 'reset' | 'protocol' | 'dns' | 'other';

export class TransportError extends Error {
  readonly code = 'TRANSPORT';
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * Every way a request can fail to get a complete answer, as a TransportError with its kind. The
 * one exception is a request the client refuses to send (undici's InvalidArgumentError): that is
 * the harness's own problem, not the target's, and is thrown as it is.
 */
export function classify(err: unknown, timedOut: boolean, timeoutMs: number): Error {
  const deadline = `no complete response before the deadline (${timeoutMs} ms)`;
  if (timedOut) return new TransportError('timeout', deadline);
  if (err instanceof undiciErrors.InvalidArgumentError) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const message = e.message ?? String(err);
  if (code === 'ECONNREFUSED') return new TransportError('refused', `connection refused (${message})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new TransportError('dns', `host not found (${message})`);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') {
    return new TransportError('timeout', deadline);
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return new TransportError('protocol', `response headers larger than ${http.maxHeaderSize} bytes`);
  // undici ends the connection on a 100 Continue (no request of ours asks for one) and on an answer no request is waiting for.
  if (err instanceof undiciErrors.SocketError && message === 'bad response') return new TransportError('protocol', 'an answer no request was waiting for, or a 100 Continue no request asked for');
  if (err instanceof undiciErrors.SocketError && message === 'bad upgrade') return new TransportError('protocol', 'a protocol upgrade (101) no request asked for');
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return new TransportError('protocol', `the body does not match its Content-Length (${message})`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || err instanceof undiciErrors.SocketError) {
    return new TransportError('reset', `connection closed before a complete response (${message})`);
  }
  if (code.startsWith('HPE_') || err instanceof undiciErrors.HTTPParserError) {
    return new TransportError('protocol', `not a valid HTTP response (${message})`);
  }
  return new TransportError('other', message);
}

export class Transport {
  private readonly agent: Agent;
  private readonly limiter: RateLimiter | undefined;

  constructor(readonly options: TransportOptions) {
    this.agent = new Agent({
      connections: options.connections,
      keepAliveTimeout: 10_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
    });
    this.limiter = options.rate ? new RateLimiter(options.rate) : undefined;
  }

  /** Origin and path of each URL sent, parsed once: a run sends a handful of URLs thousands of times. */
  private readonly targets = new Map<string, { origin: string; path: string }>();

  private where(href: string): { origin: string; path: string } {
    let hit = this.targets.get(href);
    if (!hit) {
      const url = new URL(href);
      hit = { origin: url.origin, path: `${url.pathname}${url.search}` };
      if (this.targets.size >= 1024) this.targets.clear();
      this.targets.set(href, hit);
    }
    return hit;
  }

  async send(wire: WireRequest): Promise<HttpResponse> {
    await this.limiter?.acquire();
    const url = this.where(wire.url);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const res = await this.agent.request({
        origin: url.origin,
        path: url.path,
        method: wire.method as 'POST',
        // Header values are latin1 strings whose characters stand for bytes one to one.
        headers: wire.headers.flat(),
        body: Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength),
        signal: controller.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size + buf.length > this.options.maxBodyBytes) {
          chunks.push(buf.subarray(0, this.options.maxBodyBytes - size));
          size = this.options.maxBodyBytes;
          truncated = true;
          res.body.destroy();
          break;
        }
        chunks.push(buf);
        size += buf.length;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      return { status: res.statusCode, headers, body: Buffer.concat(chunks), truncated };
    } catch (err) {
      throw classify(err, timedOut, this.options.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
