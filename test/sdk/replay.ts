/**
 * A captured request replayed byte for byte to a loopback server: the same method, path and
 * query, headers (Host included, so signatures over it still hold) and body; only the TCP
 * destination changes.
 */
import { request } from 'node:http';
import type { WireRequest } from '../../src/model/request.js';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function replay(wire: WireRequest, baseUrl: string): Promise<Answer> {
  const target = new URL(baseUrl);
  const sent = new URL(wire.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method: wire.method, path: `${sent.pathname}${sent.search}`, headers: wire.headers.filter(([n]) => n.toLowerCase() !== 'connection').flat(), setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(Buffer.from(wire.body));
  });
}
