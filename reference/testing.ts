/**
 * For tests of the reference: turn a harness case into the reference's request and answer it
 * in-process (no socket), so each rule's cases can be checked against the router directly.
 */
import type { WireRequest } from '../src/model/request.js';
import { route } from './server.js';
import type { RefConfig, RefRequest, RefResponse } from './types.js';

export function wireToRef(wire: WireRequest): RefRequest {
  const url = new URL(wire.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [k, v] of wire.headers) headers[k.toLowerCase()] = headers[k.toLowerCase()] === undefined || k.toLowerCase() === 'host' ? v : `${headers[k.toLowerCase()]}, ${v}`;
  const q = wire.url.indexOf('?');
  const afterHost = wire.url.slice(wire.url.indexOf('/', wire.url.indexOf('//') + 2));
  const pathEnd = afterHost.indexOf('?');
  return {
    method: wire.method,
    rawPath: pathEnd < 0 ? afterHost : afterHost.slice(0, pathEnd),
    rawQuery: q < 0 ? '' : wire.url.slice(q + 1),
    host: url.host,
    headers,
    headerNames: ['Host', ...wire.headers.map(([k]) => k).filter((k) => k.toLowerCase() !== 'host')],
    body: Buffer.from(wire.body),
  };
}

export async function answer(cfg: RefConfig, wire: WireRequest): Promise<RefResponse> {
  return route(wireToRef(wire), cfg);
}
