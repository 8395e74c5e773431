/** Shared fixtures for the signer tests: a plain request and header lookups. */
import type { WireRequest } from '../../src/model/request.js';

export function request(overrides: Partial<WireRequest> = {}): WireRequest {
  return {
    method: 'POST',
    url: 'https://contoso.servicebus.windows.net/myhub/messages/?direct&api-version=2015-04',
    headers: [
      ['Content-Type', 'application/json;charset=utf-8'],
      ['ServiceBusNotification-Format', 'gcm'],
    ],
    body: new TextEncoder().encode('{"data":{"message":"hi"}}'),
    ...overrides,
  };
}

/** Every value of the named header (case-insensitive), in order. */
export function headerValues(req: WireRequest, name: string): string[] {
  return req.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** The one value of the named header; fails the test when it is absent or repeated. */
export function header(req: WireRequest, name: string): string {
  const values = headerValues(req, name);
  if (values.length !== 1) throw new Error(`expected one ${name} header, got ${values.length}`);
  return values[0]!;
}

/** Deep copy, to prove a signer left its input alone. */
export function snapshot(req: WireRequest): { method: string; url: string; headers: Array<[string, string]>; body: number[] } {
  return { method: req.method, url: req.url, headers: req.headers.map(([n, v]) => [n, v]), body: [...req.body] };
}
