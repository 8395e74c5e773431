/**
 * What a direct send carries per platform (seed 004 Request Headers / Request Body, PROTOCOL-FACTS
 * §3.1 and §3.3): the formats, the Content-Types each takes, and whether a body parses in the
 * platform's native format.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The seed's ServiceBusNotification-Format values. */
export const PLATFORMS = ['windows', 'apple', 'gcm', 'windows phone', 'adm', 'nokiax', 'baidu'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Other spellings read as a listed format: the later revision and the SDKs write `windowsphone`. */
export const SPELLINGS: Record<string, Platform> = { windowsphone: 'windows phone' };

export function platformOf(value: string): Platform | undefined {
  if ((PLATFORMS as readonly string[]).includes(value)) return value as Platform;
  return Object.hasOwn(SPELLINGS, value) ? SPELLINGS[value] : undefined;
}

export interface MediaType {
  /** `type/subtype`, lower-cased. */
  essence: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** RFC 9110 §8.3.1: `type/subtype *( OWS ";" OWS parameter )`; undefined when it does not parse. */
export function parseMediaType(value: string): MediaType | undefined {
  const [head = '', ...rest] = value.split(';');
  const essence = head.trim().toLowerCase();
  const [type, subtype, extra] = essence.split('/');
  if (!type || !subtype || extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const params = new Map<string, string>();
  for (const raw of rest) {
    const p = raw.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return undefined;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!TOKEN.test(name) || params.has(name)) return undefined;
    params.set(name, v);
  }
  return { essence, params };
}

/** One accepted Content-Type: a media type, with charset=utf-8 required, forbidden or optional. */
export interface Allowed {
  essence: string;
  charset: 'utf-8' | 'none' | 'optional';
}

const JSON_UTF8: Allowed = { essence: 'application/json', charset: 'utf-8' };
const JSON_ANY: Allowed = { essence: 'application/json', charset: 'optional' };
const XML_BARE: Allowed = { essence: 'application/xml', charset: 'none' };
const XML_UTF8: Allowed = { essence: 'application/xml', charset: 'utf-8' };
export const OCTET_STREAM: Allowed = { essence: 'application/octet-stream', charset: 'none' };

/**
 * Seed: WNS application/json;charset=utf-8 or application/xml; APNS and GCM
 * application/json;charset=utf-8; MPNS application/xml;charset=utf-8. adm, nokiax and baidu
 * have none in the seed: application/json with or without charset=utf-8 (PROTOCOL-FACTS §3.3).
 */
export const CONTENT_TYPES: Record<Platform, Allowed[]> = {
  windows: [JSON_UTF8, XML_BARE],
  apple: [JSON_UTF8],
  gcm: [JSON_UTF8],
  'windows phone': [XML_UTF8],
  adm: [JSON_ANY],
  nokiax: [JSON_ANY],
  baidu: [JSON_ANY],
};

/** Whether `mt` is one of `allowed`, compared as media types (case, spaces, quoting do not matter). */
export function fits(mt: MediaType, allowed: readonly Allowed[]): boolean {
  return allowed.some((a) => {
    if (a.essence !== mt.essence) return false;
    const names = [...mt.params.keys()];
    if (names.some((n) => n !== 'charset')) return false;
    const charset = mt.params.get('charset')?.toLowerCase();
    if (a.charset === 'none') return charset === undefined;
    if (a.charset === 'utf-8') return charset === 'utf-8';
    return charset === undefined || charset === 'utf-8';
  });
}

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A JSON payload: strict JSON whose top level is an object (every platform's payload is one). */
export function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export interface XmlRoot {
  /** The root element's qualified name as written (`wp:Notification`). */
  name: string;
  attributes: Record<string, string>;
}

// XML 1.0 §2.2 Char.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const rootParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  commentPropName: '#comment',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

/**
 * The root element of a well-formed XML document, or undefined. fast-xml-parser's validator
 * checks tags, nesting, attributes and a single root; this adds what it lets through: characters
 * XML forbids, a DOCTYPE (not accepted from a client), undeclared entity references, and content
 * after the root element.
 */
export function xmlRoot(text: string): XmlRoot | undefined {
  if (NOT_XML_CHAR.test(text) || /<!DOCTYPE/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  const outsideMarkup = text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/.test(outsideMarkup)) return undefined;
  if (!endsWithElement(text)) return undefined;
  const nodes = rootParser.parse(text) as Array<Record<string, unknown>>;
  const elements = nodes.filter((n) => !Object.keys(n).some((k) => k.startsWith('?') || k === '#text' || k === '#comment'));
  if (elements.length !== 1) return undefined;
  const node = elements[0]!;
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined) return undefined;
  const attributes = (node[':@'] ?? {}) as Record<string, string>;
  return { name, attributes };
}

/** After the root element only comments, processing instructions and white space may follow (XML 1.0 §2.1 Misc). */
function endsWithElement(text: string): boolean {
  let tail = text.trimEnd();
  for (;;) {
    if (tail.endsWith('-->')) tail = tail.slice(0, Math.max(0, tail.lastIndexOf('<!--'))).trimEnd();
    else if (tail.endsWith('?>')) tail = tail.slice(0, Math.max(0, tail.lastIndexOf('<?'))).trimEnd();
    else return tail.endsWith('>');
  }
}

/** The namespace a qualified name's prefix (or the default namespace) is bound to on the element itself. */
export function namespaceOf(root: XmlRoot): { local: string; namespace: string | undefined } {
  const colon = root.name.indexOf(':');
  const prefix = colon < 0 ? undefined : root.name.slice(0, colon);
  const local = colon < 0 ? root.name : root.name.slice(colon + 1);
  return { local, namespace: root.attributes[prefix === undefined ? 'xmlns' : `xmlns:${prefix}`] };
}

/** WNS XML payloads (NH-WNS): a toast, tile or badge document. */
export const WNS_ROOTS = ['toast', 'tile', 'badge'];

/** MPNS XML payloads (NH-MPNS): `<wp:Notification xmlns:wp="WPNotification">`. */
export const MPNS_NAMESPACE = 'WPNotification';

export function isWnsXml(text: string): boolean {
  const root = xmlRoot(text);
  return root !== undefined && WNS_ROOTS.includes(root.name);
}

export function isMpnsXml(text: string): boolean {
  const root = xmlRoot(text);
  if (!root) return false;
  const { local, namespace } = namespaceOf(root);
  return local === 'Notification' && namespace === MPNS_NAMESPACE;
}
