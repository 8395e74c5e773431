/**
 * The value formats a spec gives a response header or field: exactly one of `{ value }`,
 * `{ mediaType }`, `{ pattern }`, `{ template }` or `{ named }`.
 */
import { parseMediaType, sameMediaType } from '../../model/media-type.js';
import { ELEMENT_FORMATS, NAMED_FORMATS, type NamedFormat } from './format.args.js';
import type { XmlElement } from './xml.js';
import { attribute } from './xml.js';

export { NAMED_FORMATS, type NamedFormat } from './format.args.js';

export type ValueFormat = { value: string } | { mediaType: string } | { pattern: string } | { template: string } | { named: NamedFormat };

/** Named formats that judge the element (its attributes), not only its text. */
const ELEMENT_ONLY: ReadonlySet<NamedFormat> = new Set(ELEMENT_FORMATS);

/** The format argument of a check; a malformed one is a spec error, so it throws. */
export function readFormat(arg: unknown): ValueFormat {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) throw new TypeError('check argument "format" must be an object');
  const entries = Object.entries(arg);
  const [key, value] = entries[0] ?? [];
  if (entries.length !== 1 || typeof value !== 'string') throw new TypeError(`check argument "format" must have exactly one string member, got ${JSON.stringify(arg)}`);
  switch (key) {
    case 'value':
      return { value };
    case 'mediaType':
      if (!parseMediaType(value)) throw new TypeError(`format mediaType ${JSON.stringify(value)} is not a media type`);
      return { mediaType: value };
    case 'pattern':
      compilePattern(value);
      return { pattern: value };
    case 'template':
      return { template: value };
    case 'named':
      if (!(NAMED_FORMATS as readonly string[]).includes(value)) throw new TypeError(`unknown named format ${JSON.stringify(value)}`);
      return { named: value as NamedFormat };
    default:
      throw new TypeError(`unknown format kind ${JSON.stringify(key)}`);
  }
}

/** The format as the `expected` of a failure. */
export function describeFormat(f: ValueFormat): string {
  if ('value' in f) return f.value;
  if ('mediaType' in f) return `media type ${f.mediaType}`;
  if ('pattern' in f) return `matching /${f.pattern}/`;
  if ('template' in f) return `matching the template ${f.template}`;
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
      return `<link rel="self"> with an http(s) URL in href or in its text`;
    case 'xml-content':
      return '<content type="application/xml">';
  }
}

/** What a value is checked against besides its format: the request URL, for templates. */
export interface FormatContext {
  requestUrl: string;
}

/** Whether a text value has the format. Element-only named formats (atom-link, xml-content) are spec errors here. */
export function matchesText(f: ValueFormat, value: string, fctx: FormatContext): boolean {
  if ('value' in f) return value === f.value;
  if ('mediaType' in f) return sameMediaType(f.mediaType, value);
  if ('pattern' in f) return compilePattern(f.pattern).test(value);
  if ('template' in f) return matchesTemplate(f.template, value, fctx.requestUrl);
  if (ELEMENT_ONLY.has(f.named)) throw new TypeError(`named format ${f.named} applies to an XML element, not to a text value`);
  return matchesNamedText(f.named, value);
}

/** Whether an XML element has the format: element formats read its attributes, the others its text. */
export function matchesElement(f: ValueFormat, e: XmlElement, fctx: FormatContext): boolean {
  if ('named' in f && f.named === 'atom-link') {
    if (attribute(e, 'rel') !== 'self') return false;
    const href = attribute(e, 'href');
    return isHttpUrl((href ?? e.text).trim());
  }
  if ('named' in f && f.named === 'xml-content') {
    const type = attribute(e, 'type');
    return type !== undefined && sameMediaType('application/xml', type);
  }
  return matchesText(f, e.text, fctx);
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

function templateRegExp(template: string, flags = ''): RegExp {
  const source = template
    .split(/(\{[^{}]*\})/)
    .map((part) => (/^\{[^{}]*\}$/.test(part) ? '[^/?#]+' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, flags);
}

/**
 * A template matches when each `{name}` stands for one or more characters other than `/`, `?`
 * and `#` (one URL path segment, host label run or query value) and the literal text around
 * them is equal; scheme and host compare case-insensitively, the rest exactly.
 *
 * Host rule: when the template's host has a placeholder (`https://{your namespace}.servicebus.windows.net/…`)
 * the documented host cannot be known exactly, so the value may instead be on the request's own
 * origin (scheme, host and port of the URL the request went to, as an emulator or the embedded
 * reference answers), provided its path and query match the template's. A template whose host
 * is fully literal accepts only that host.
 */
export function matchesTemplate(template: string, value: string, requestUrl: string): boolean {
  const t = URL_PREFIX.exec(template);
  if (!t) return templateRegExp(template).test(value);
  const [, tOrigin, tRest] = t as unknown as [string, string, string];
  const v = URL_PREFIX.exec(value);
  if (!v) return false;
  const [, vOrigin, vRest] = v as unknown as [string, string, string];
  if (!templateRegExp(tRest).test(vRest)) return false;
  if (templateRegExp(tOrigin, 'i').test(vOrigin)) return true;
  if (!/\{[^{}]*\}/.test(tOrigin)) return false;
  return sameOrigin(vOrigin, requestUrl);
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    return x.origin !== 'null' && x.username === '' && x.password === '' && x.origin === new URL(b).origin;
  } catch {
    return false;
  }
}
