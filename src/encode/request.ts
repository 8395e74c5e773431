/**
 * AbstractRequest ⇄ WireRequest (before signing). The URL comes from the operation's template,
 * the body from its encoding. Neither Content-Length (the transport sets it) nor Content-Type
 * (the generator puts it among the headers, since rules vary it) is added here; where the
 * entity travels in a parameter, the generator already wrote it.
 */
import { missingEntityName } from '../model/entity.js';
import type { OperationModel } from '../model/operation.js';
import type { AbstractRequest, BodyContent, NamedValue, TargetContext, TextValue, WireRequest } from '../model/request.js';
import { decodeBody, encodeBody } from '../families/encoding.js';
import { percentDecode, percentEncode } from './form.js';
import { decodeTextLossy, encodeText } from './text.js';

export { decodeBody, encodeBody };

/** The operation's path with its last literal segment prefixed by this, for `wrong-path`. */
export const WRONG_PATH_PREFIX = 'no';
/** The segment a `wrong-path` request gets when the operation's path has no literal segment (`POST /`). */
export const WRONG_PATH_SEGMENT = 'ruleprobe-wrong-path';

/**
 * An entity name that cannot exist, the same every run for one configured entity. Exported so
 * a generator can put the same name into the parameter that carries the entity.
 */
export { missingEntityName };

function encodeSegment(s: string): string {
  return percentEncode(encodeText(s), '%20', 'upper');
}

/** Percent-encodes each segment of an entity path, keeping `/` between them (a nested topic `a/b`). */
export function encodeEntityPath(path: string): string {
  return path.split('/').map(encodeSegment).join('/');
}

/**
 * The values the operation's entity placeholders take for `req` (the configured entity path,
 * or the missing one for `unknown-entity`), not percent-encoded: what the URL is filled with.
 */
export function urlPlaceholders(op: OperationModel, target: TargetContext, req: Pick<AbstractRequest, 'entity' | 'path'>): Record<string, string> {
  const out: Record<string, string> = {};
  const value = target.entities[req.entity];
  if (value === undefined) return out;
  for (const p of op.placeholders) if (p.from === 'entity') out[p.name] = req.path === 'unknown-entity' ? missingEntityName(value) : value;
  return out;
}

/**
 * `{base}` is the target's base URL; an `entity` placeholder is the request's entity path (or a
 * missing one, for `unknown-entity`); `wrong-path` prefixes the last literal segment with `no`
 * (`/messages/` → `/nomessages/`), or adds a segment when there is none.
 */
export function requestUrl(op: OperationModel, target: TargetContext, req: Pick<AbstractRequest, 'entity' | 'path' | 'query'>): string {
  const base = target.baseUrl.replace(/\/$/, '');
  const template = op.url;
  if (!template.startsWith('{base}')) throw new Error(`${op.specId}: URL template ${JSON.stringify(template)} does not start with {base}`);
  const [path = '', templateQuery] = template.slice('{base}'.length).split('?', 2);
  const from = new Map(op.placeholders.map((p) => [p.name, p.from]));

  const entityValue = (): string => {
    const value = target.entities[req.entity];
    if (value === undefined) {
      const known = Object.keys(target.entities).join(', ') || 'none';
      throw new Error(`${op.specId}: the target has no entity "${req.entity}" (configured: ${known})`);
    }
    return value;
  };
  const fill = (segment: string): string =>
    segment.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
      const source = name === 'base' ? 'base' : from.get(name);
      if (source === undefined) throw new Error(`${op.specId}: URL placeholder {${name}} is not declared`);
      if (source === 'base') return base;
      return encodeEntityPath(req.path === 'unknown-entity' ? missingEntityName(entityValue()) : entityValue());
    });

  const segments = path.split('/');
  if (req.path === 'wrong-path') {
    let last = -1;
    segments.forEach((s, i) => {
      if (s !== '' && !s.includes('{')) last = i;
    });
    if (last >= 0) segments[last] = `${WRONG_PATH_PREFIX}${segments[last]}`;
    else if (segments.at(-1) === '') segments.splice(-1, 1, WRONG_PATH_SEGMENT);
    else segments.push(WRONG_PATH_SEGMENT);
  }
  const query = [
    ...(templateQuery ? [templateQuery] : []),
    ...req.query.map((q) => (q.value === null ? encodeSegment(q.name) : `${encodeSegment(q.name)}=${encodeSegment(q.value)}`)),
  ];
  return `${base}${segments.map(fill).join('/')}${query.length ? `?${query.join('&')}` : ''}`;
}

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A header value as the transport sends it: each char one byte (latin1, as fetch's ByteString).
 * A string is taken char for char and must stay within U+0000–U+00FF; `{ raw }` bytes map to
 * chars one to one. So a header carries UTF-8 only when given as `{ raw }` bytes. CR, LF and
 * NUL are refused: no HTTP client sends them, so such a case could never be run.
 */
export function headerValue(name: string, v: TextValue): string {
  const value = typeof v === 'string' ? v : Buffer.from(encodeText(v)).toString('latin1');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) {
      throw new Error(
        `header ${name}: value has U+${c.toString(16).toUpperCase().padStart(4, '0')} at index ${i}, outside latin1; send UTF-8 as { raw } bytes`,
      );
    }
    if (c === 0x0d || c === 0x0a || c === 0x00) throw new Error(`header ${name}: value has ${c === 0 ? 'NUL' : c === 0x0d ? 'CR' : 'LF'} at index ${i}, which HTTP clients refuse`);
  }
  return value;
}

/**
 * Encoded requests by the request object they came from, per operation and target URL. Only a
 * frozen request is cached (the cases the rule-case cache hands out, deep-frozen): it cannot
 * change, so neither can its bytes, and a case sent again — the fixed cases of every seed and
 * run, a replay — is encoded once. Any other request (a random case, drawn once) is encoded
 * anew at no extra cost. Weak on the request, so an entry lives exactly as long as its case.
 */
const ENCODED = new WeakMap<OperationModel, Map<string, WeakMap<AbstractRequest, WireRequest>>>();

/**
 * The unsigned wire form of `req`: method, URL, headers and body bytes. For a frozen request
 * the result is shared with every later call (frozen; its body bytes must not be written to).
 */
export function encodeRequest(op: OperationModel, target: TargetContext, req: AbstractRequest): WireRequest {
  if (!Object.isFrozen(req)) return freshEncoding(op, target, req);
  let byTarget = ENCODED.get(op);
  if (!byTarget) ENCODED.set(op, (byTarget = new Map()));
  // The target by what the URL is made of, so an edited or rebuilt target is never served another's URL.
  const where = JSON.stringify([target.baseUrl, target.entities]);
  let byRequest = byTarget.get(where);
  if (!byRequest) {
    if (byTarget.size >= 64) byTarget.clear();
    byTarget.set(where, (byRequest = new WeakMap()));
  }
  const hit = byRequest.get(req);
  if (hit) return hit;
  const wire = freshEncoding(op, target, req);
  Object.freeze(wire.headers);
  for (const h of wire.headers) Object.freeze(h);
  byRequest.set(req, Object.freeze(wire));
  return wire;
}

/** The encoding done anew, without the cache (what a cached encoding always equals). */
export function freshEncoding(op: OperationModel, target: TargetContext, req: AbstractRequest): WireRequest {
  return {
    method: op.method,
    url: requestUrl(op, target, req),
    headers: req.headers.map((h): [string, string] => {
      if (!TOKEN.test(h.name)) throw new Error(`header name ${JSON.stringify(h.name)} is not an HTTP token`);
      return [h.name, headerValue(h.name, h.value)];
    }),
    body: encodeBody(op, req.body),
  };
}

/** What can be read back from a WireRequest without the target: the path as sent, not its variant. */
export interface DecodedRequest {
  method: string;
  /** The URL's path as on the wire, still percent-encoded. */
  path: string;
  query: Array<{ name: string; value: string | null }>;
  headers: NamedValue[];
  body: BodyContent;
}

/**
 * The request as the operation's protocol family reads it back (src/families/encoding.ts):
 * a form, an entry, JSON, or raw bytes that are none of these. Headers come back as the latin1
 * strings sent.
 */
export function decodeRequest(op: OperationModel, wire: WireRequest): DecodedRequest {
  const afterOrigin = wire.url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  const [pathAndQuery = ''] = afterOrigin.split('#', 1);
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  // Every pair after a `?` counts, empty ones too: `?` alone is one bare flag with an empty name.
  const pairs = q < 0 ? [] : pathAndQuery.slice(q + 1).split('&');
  const query = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    const name = decodeTextLossy(percentDecode(eq < 0 ? pair : pair.slice(0, eq), false));
    return { name, value: eq < 0 ? null : decodeTextLossy(percentDecode(pair.slice(eq + 1), false)) };
  });
  return {
    method: wire.method,
    path: path === '' ? '/' : path,
    query,
    headers: wire.headers.map(([name, value]) => ({ name, value })),
    body: decodeBody(op, wire.body),
  };
}
