/**
 * The value formats a spec gives a response header or field: one of `{ value }`,
 * `{ mediaType, match? }`, `{ pattern }`, `{ template, bind? }` or `{ named }` (`atom-link` may
 * take a `template` for its URL, `xml-content` may `echoes` a path of the request body).
 */
import { matchesMediaType, parseMediaType, sameMediaType, type MediaTypeMatch } from '../../model/media-type.js';
import { ELEMENT_FORMATS, NAMED_FORMATS, type Bindings, type NamedFormat } from './format.args.js';
import type { XmlElement } from './xml.js';
import { attribute, elementsAt, parseXml } from './xml.js';

export { NAMED_FORMATS, type NamedFormat } from './format.args.js';

export type ValueFormat =
  | { value: string }
  | { mediaType: string; match: MediaTypeMatch }
  | { pattern: string }
  | { template: string; bind?: Bindings }
  | { named: NamedFormat; template?: string; bind?: Bindings; echoes?: string };

/** Named formats that judge the element (its attributes), not only its text. */
const ELEMENT_ONLY: ReadonlySet<NamedFormat> = new Set(ELEMENT_FORMATS);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readBindings(v: unknown): Bindings | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new TypeError(`format "bind" must be an object, got ${JSON.stringify(v)}`);
  for (const [name, b] of Object.entries(v)) {
    const ok = isObject(b) && ((b['from'] === 'placeholder' && typeof b['name'] === 'string') || b['from'] === 'request-host');
    if (!ok) throw new TypeError(`format binding "${name}" must be { from: placeholder, name } or { from: request-host }, got ${JSON.stringify(b)}`);
  }
  return v as Bindings;
}

/** The format argument of a check; a malformed one is a spec error, so it throws. */
export function readFormat(arg: unknown): ValueFormat {
  if (!isObject(arg)) throw new TypeError('check argument "format" must be an object');
  const str = (key: string): string | undefined => {
    const v = arg[key];
    if (v !== undefined && typeof v !== 'string') throw new TypeError(`format "${key}" must be a string, got ${JSON.stringify(v)}`);
    return v;
  };
  const kinds = ['value', 'mediaType', 'pattern', 'template', 'named'].filter((k) => arg[k] !== undefined);
  const kind = kinds.includes('named') ? 'named' : kinds[0];
  const allowed: Record<string, string[]> = { value: ['value'], mediaType: ['mediaType', 'match'], pattern: ['pattern'], template: ['template', 'bind'], named: ['named', 'template', 'bind', 'echoes'] };
  const extra = kind === undefined ? Object.keys(arg) : Object.keys(arg).filter((k) => !allowed[kind]!.includes(k));
  if (kind === undefined || extra.length) throw new TypeError(`check argument "format" must have one kind of format, got ${JSON.stringify(arg)}`);
  switch (kind) {
    case 'value':
      return { value: str('value')! };
    case 'mediaType': {
      const value = str('mediaType')!;
      if (!parseMediaType(value)) throw new TypeError(`format mediaType ${JSON.stringify(value)} is not a media type`);
      const match = arg['match'] ?? 'exact';
      if (match !== 'exact' && match !== 'listed' && match !== 'charset-optional') throw new TypeError(`unknown media-type match ${JSON.stringify(match)}`);
      return { mediaType: value, match };
    }
    case 'pattern': {
      const value = str('pattern')!;
      compilePattern(value);
      return { pattern: value };
    }
    case 'template': {
      const bind = readBindings(arg['bind']);
      return { template: str('template')!, ...(bind ? { bind } : {}) };
    }
    default: {
      const named = str('named')!;
      if (!(NAMED_FORMATS as readonly string[]).includes(named)) throw new TypeError(`unknown named format ${JSON.stringify(named)}`);
      const template = str('template');
      const echoes = str('echoes');
      const bind = readBindings(arg['bind']);
      if ((template !== undefined && named !== 'atom-link') || (echoes !== undefined && named !== 'xml-content') || (bind && template === undefined)) {
        throw new TypeError(`format ${JSON.stringify(arg)}: only atom-link takes a template, only xml-content echoes`);
      }
      return { named: named as NamedFormat, ...(template !== undefined ? { template } : {}), ...(bind ? { bind } : {}), ...(echoes !== undefined ? { echoes } : {}) };
    }
  }
}

/** What a value is checked against besides its format: the request as sent. */
export interface FormatContext {
  requestUrl: string;
  /** The values the request URL's placeholders were filled with (see Exchange.placeholders); needed by `placeholder` bindings. */
  placeholders?: Readonly<Record<string, string>>;
  /** The request body as sent; needed by `echoes`. */
  requestBody?: Uint8Array;
}

/** The FormatContext of an exchange. */
export function formatContext(exchange: { wire: { url: string; body: Uint8Array }; placeholders?: Readonly<Record<string, string>> }): FormatContext {
  return { requestUrl: exchange.wire.url, requestBody: exchange.wire.body, ...(exchange.placeholders ? { placeholders: exchange.placeholders } : {}) };
}

/** The format as the `expected` of a failure; with the request, the values its bindings take. */
export function describeFormat(f: ValueFormat, fctx?: FormatContext): string {
  if ('value' in f) return f.value;
  if ('mediaType' in f) {
    const how = { exact: '', listed: ' (its listed parameters; others allowed)', 'charset-optional': ' (its listed parameters, charset optional; others allowed)' }[f.match];
    return `media type ${f.mediaType}${how}`;
  }
  if ('pattern' in f) return `matching /${f.pattern}/`;
  if ('template' in f && !('named' in f)) return `matching the template ${f.template}${boundText(f.template, f.bind, fctx)}`;
  switch (f.named) {
    case 'md5-hex':
      return '32 lowercase hex digits';
    case 'non-empty':
      return 'a non-empty value';
    case 'decimal-uint128':
      return 'a decimal integer below 2^128';
    case 'uri':
      return 'an absolute http(s) URL';
    case 'datetime':
      return 'an RFC 3339 date-time';
    case 'atom-link':
      return f.template !== undefined
        ? `<link rel="self"> whose URL (href or text) matches ${f.template}${boundText(f.template, f.bind, fctx)}`
        : `<link rel="self"> with an http(s) URL in href or in its text`;
    case 'xml-content':
      return f.echoes !== undefined ? `<content type="application/xml"> holding what the request's ${f.echoes} held` : '<content type="application/xml">';
  }
}

/** The values the bindings take for this request: `with {path} = "orders", {ns} = "rp-ns"` (a host binding only when the request host gives it). */
function boundText(template: string, bind: Bindings | undefined, fctx: FormatContext | undefined): string {
  if (!bind) return '';
  const fromHost = fctx ? requestHostValues(template, fctx.requestUrl) : new Map<string, string>();
  const parts = Object.entries(bind).flatMap(([name, b]) => {
    if (b.from === 'placeholder') return [`{${name}} = ${JSON.stringify(fctx?.placeholders?.[b.name] ?? `the request's {${b.name}}`)}`];
    const v = fromHost.get(name);
    return v === undefined ? [] : [`{${name}} = ${JSON.stringify(v)}`];
  });
  return parts.length ? ` with ${parts.join(', ')}` : '';
}

/** Whether a text value has the format. Element-only named formats (atom-link, xml-content) are spec errors here. */
export function matchesText(f: ValueFormat, value: string, fctx: FormatContext): boolean {
  if ('value' in f) return value === f.value;
  if ('mediaType' in f) return matchesMediaType(f.mediaType, value, f.match);
  if ('pattern' in f) return compilePattern(f.pattern).test(value);
  if (!('named' in f)) return matchesTemplate(f.template, value, fctx, f.bind);
  if (ELEMENT_ONLY.has(f.named)) throw new TypeError(`named format ${f.named} applies to an XML element, not to a text value`);
  return matchesNamedText(f.named, value);
}

/** Whether an XML element has the format: element formats read its attributes, the others its text. */
export function matchesElement(f: ValueFormat, e: XmlElement, fctx: FormatContext): boolean {
  if ('named' in f && f.named === 'atom-link') {
    if (attribute(e, 'rel') !== 'self') return false;
    const url = (attribute(e, 'href') ?? e.text).trim();
    if (!isHttpUrl(url)) return false;
    return f.template === undefined || matchesTemplate(f.template, url, fctx, f.bind);
  }
  if ('named' in f && f.named === 'xml-content') {
    const type = attribute(e, 'type');
    if (type === undefined || !sameMediaType('application/xml', type)) return false;
    return f.echoes === undefined || echoes(e, f.echoes, fctx);
  }
  return matchesText(f, e.text, fctx);
}

/**
 * Whether the element holds what the request body held at `path`: the same elements (local
 * name, namespace, attributes other than namespace declarations, text with surrounding
 * whitespace trimmed, children in order), whitespace between elements aside.
 */
function echoes(e: XmlElement, path: string, fctx: FormatContext): boolean {
  if (fctx.requestBody === undefined) throw new TypeError('format "echoes" needs the request body, which this exchange does not carry');
  const parsed = parseXml(Buffer.from(fctx.requestBody));
  if (!parsed.ok) return false;
  const [sent] = elementsAt(parsed.root, path);
  return sent !== undefined && sent.text.trim() === e.text.trim() && sameChildren(sent.children, e.children);
}

function sameChildren(a: readonly XmlElement[], b: readonly XmlElement[]): boolean {
  return a.length === b.length && a.every((x, i) => sameElement(x, b[i]!));
}

function sameElement(a: XmlElement, b: XmlElement): boolean {
  const attrs = (e: XmlElement): string =>
    JSON.stringify(Object.entries(e.attributes).filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:')).sort(([x], [y]) => (x < y ? -1 : 1)));
  return a.local === b.local && a.namespace === b.namespace && attrs(a) === attrs(b) && a.text.trim() === b.text.trim() && sameChildren(a.children, b.children);
}

function matchesNamedText(named: NamedFormat, value: string): boolean {
  switch (named) {
    case 'md5-hex':
      return /^[0-9a-f]{32}$/.test(value);
    case 'non-empty':
      return value.trim() !== '';
    case 'decimal-uint128':
      return /^[0-9]+$/.test(value) && BigInt(value) < 1n << 128n;
    case 'uri':
      // Atom and the seed's samples pad element text with whitespace (`<link>https://… </link>`).
      return isHttpUrl(value.trim());
    case 'datetime':
      return isRfc3339(value.trim());
    case 'atom-link':
    case 'xml-content':
      return false;
  }
}

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 §5.6 date-time, with the calendar checked (no 2023-02-30, no hour 24; leap second 60 allowed). */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

/** A pattern matches the whole value (anchors in the pattern are harmless). */
function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (e) {
    throw new TypeError(`format pattern ${JSON.stringify(pattern)} is not a regular expression: ${(e as Error).message}`);
  }
}

const URL_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)$/s;

/**
 * The template as a regular expression with one group per placeholder, in order: a free
 * placeholder is one or more characters other than `/ ? #`; one bound to a URL placeholder may
 * span `/` (a nested topic `a/b`), its value compared afterwards.
 */
function templateRegExp(template: string, spanning: ReadonlySet<string>, flags = ''): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^{}]*\})/)
    .map((part) => {
      const m = /^\{([^{}]*)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      names.push(m[1]!);
      return spanning.has(m[1]!) ? '([^?#]+?)' : '([^/?#]+)';
    })
    .join('');
  return { re: new RegExp(`^${source}$`, flags), names };
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The placeholder values a template gives `value`, or undefined when it does not match. */
function captures(template: string, value: string, spanning: ReadonlySet<string>, flags = ''): Map<string, string> | undefined {
  const { re, names } = templateRegExp(template, spanning, flags);
  const m = re.exec(value);
  if (!m) return undefined;
  const out = new Map<string, string>();
  names.forEach((n, i) => out.set(n, m[i + 1]!));
  return out;
}

/**
 * A template matches when each `{name}` stands for one or more characters other than `/`, `?`
 * and `#` (one URL path segment, host label run or query value) and the literal text around
 * them is equal; scheme and host compare case-insensitively, the rest exactly.
 *
 * Bindings tie placeholders to the request: one bound to a URL placeholder must be the value
 * the request's URL was filled with (after percent-decoding; it may span `/`); one bound to the
 * request host must be what it is in the request's host, when the request went to a host of the
 * template's form.
 *
 * Host rule: when the template's host has a placeholder (`https://{your namespace}.servicebus.windows.net/…`)
 * the documented host cannot be known exactly, so the value may instead be on the request's own
 * host and port (as an emulator or the embedded reference answers), with the template's scheme
 * or the request's, provided its path and query match the template's. A template whose host is
 * fully literal accepts only that host.
 */
export function matchesTemplate(template: string, value: string, fctx: FormatContext, bind: Bindings = {}): boolean {
  const spanning = new Set(Object.entries(bind).filter(([, b]) => b.from === 'placeholder').map(([n]) => n));
  const t = URL_PREFIX.exec(template);
  if (!t) return bound(captures(template, value, spanning), bind, fctx);
  const [, tOrigin, tRest] = t as unknown as [string, string, string];
  const v = URL_PREFIX.exec(value);
  if (!v) return false;
  const [, vOrigin, vRest] = v as unknown as [string, string, string];
  const rest = captures(tRest, vRest, spanning);
  if (!rest) return false;
  const fromHost = requestHostValues(template, fctx.requestUrl);
  const origin = captures(tOrigin, vOrigin, new Set(), 'i');
  if (origin) {
    for (const [name, b] of Object.entries(bind)) {
      if (b.from === 'request-host' && fromHost.has(name) && origin.get(name)!.toLowerCase() !== fromHost.get(name)!.toLowerCase()) return false;
    }
    return bound(rest, bind, fctx);
  }
  if (templatePlaceholdersIn(tOrigin) === 0) return false;
  return onRequestHost(vOrigin, fctx.requestUrl, tOrigin) && bound(rest, bind, fctx);
}

/** What the request's host gives the template's host placeholders: nothing when the request went to a host of another form. */
function requestHostValues(template: string, requestUrl: string): Map<string, string> {
  const tOrigin = URL_PREFIX.exec(template)?.[1];
  const rOrigin = URL_PREFIX.exec(requestUrl)?.[1];
  if (tOrigin === undefined || rOrigin === undefined) return new Map();
  return captures(tOrigin, rOrigin.replace(/^[^:]+:/, `${tOrigin.split(':')[0]}:`), new Set(), 'i') ?? new Map();
}

function templatePlaceholdersIn(s: string): number {
  return (s.match(/\{[^{}]*\}/g) ?? []).length;
}

/** Each placeholder bound to a URL placeholder has the value the request's URL was filled with. */
function bound(found: Map<string, string> | undefined, bind: Bindings, fctx: FormatContext): boolean {
  if (!found) return false;
  for (const [name, b] of Object.entries(bind)) {
    if (b.from !== 'placeholder' || !found.has(name)) continue;
    const sent = fctx.placeholders?.[b.name];
    if (sent === undefined) throw new TypeError(`template binding {${name}} needs the request's URL placeholder "${b.name}", which this exchange does not record`);
    if (decoded(found.get(name)!) !== sent) return false;
  }
  return true;
}

/** The value's origin is the request's host and port, with the template's scheme or the request's. */
function onRequestHost(valueOrigin: string, requestUrl: string, templateOrigin: string): boolean {
  try {
    const x = new URL(valueOrigin);
    const r = new URL(requestUrl);
    const schemes = new Set([r.protocol, `${templateOrigin.split(':')[0]!.toLowerCase()}:`]);
    const port = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    return x.origin !== 'null' && x.username === '' && x.password === '' && schemes.has(x.protocol) && x.hostname === r.hostname && (x.port === r.port || port(x) === port(r));
  } catch {
    return false;
  }
}
