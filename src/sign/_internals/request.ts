/** Immutable header edits on a WireRequest; signers never touch the request they are given. */
import type { WireRequest } from '../../model/request.js';

/** A copy of `req` without the named headers (case-insensitive) and with `add` appended in order. */
export function replaceHeaders(req: WireRequest, remove: readonly string[], add: ReadonlyArray<[string, string]>): WireRequest {
  const drop = new Set(remove.map((n) => n.toLowerCase()));
  return {
    method: req.method,
    url: req.url,
    headers: [...req.headers.filter(([name]) => !drop.has(name.toLowerCase())).map(([n, v]): [string, string] => [n, v]), ...add.map(([n, v]): [string, string] => [n, v])],
    // Shared, not copied: body bytes are never written to once encoded (a 630 KiB body would
    // otherwise be copied on every signature), and sharing lets a body's hash be computed once.
    body: req.body,
  };
}

/** Authorization set to `value`, or removed when `value` is null. */
export function withAuthorization(req: WireRequest, value: string | null): WireRequest {
  return replaceHeaders(req, ['authorization'], value === null ? [] : [['Authorization', value]]);
}
