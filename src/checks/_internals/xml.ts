/**
 * Response bodies as XML element trees, for the checks that read them.
 *
 * Parsing never expands entities: a body with a DOCTYPE or an ENTITY declaration is refused
 * before the parser sees it (an answering server has no reason to send a DTD, and expanding one
 * is how a hostile body exhausts memory). Only the five predefined entities and character
 * references are decoded, by hand, after parsing with `processEntities: false`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** As written, with any prefix (`a:entry`). */
  qname: string;
  /** Without the prefix (`entry`). */
  local: string;
  /** The namespace URI in scope for the element's prefix; undefined when none. */
  namespace: string | undefined;
  /** Attribute values by qualified name, entities decoded. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (text and CDATA children, in order), entities decoded. */
  text: string;
}

/**
 * `reason`: a clause for a sentence about the body; `problem`: the same without the lead
 * "the body is not well-formed XML", for a sentence that already says so.
 */
export type XmlParse = { ok: true; root: XmlElement } | { ok: false; reason: string; problem: string };

function refused(problem: string, wellFormedness = false): { ok: false; reason: string; problem: string } {
  return { ok: false, reason: wellFormedness ? `the body is not well-formed XML (${problem})` : problem, problem };
}

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;
// Chars XML 1.0 §2.2 excludes (surrogates cannot survive a strict decode, so they are not listed).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Decodes the predefined entities and character references; undefined when another `&` appears. */
export function decodeReferences(raw: string): string | undefined {
  let bad = false;
  const out = raw.replace(REFERENCE, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const v = PREDEFINED[name];
      if (v === undefined) bad = true;
      return v ?? '';
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
    if (!isXmlChar(cp)) {
      bad = true;
      return '';
    }
    return String.fromCodePoint(cp);
  });
  if (bad) return undefined;
  // Whatever `&` is left was not part of a reference.
  return raw.replace(REFERENCE, '').includes('&') ? undefined : out;
}

/** The body as text, from its BOM or XML declaration; undefined when the bytes are not in that encoding. */
function decodeBody(body: Buffer): { text: string } | { error: string } {
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return decodeWith('utf-16le', body.subarray(2));
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return decodeWith('utf-16be', body.subarray(2));
  const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  const head = body.subarray(start, start + 200).toString('latin1');
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(iso-8859-1|latin1|us-ascii|ascii)$/.test(declared)) return { text: body.subarray(start).toString('latin1') };
  return decodeWith('utf-8', body.subarray(start));
}

function decodeWith(encoding: string, bytes: Buffer): { text: string } | { error: string } {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { error: `the body is not valid ${encoding.toUpperCase()}` };
  }
}

type OrderedNode = Record<string, unknown>;

function build(node: OrderedNode, scope: Record<string, string>): XmlElement | string {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const attributes: Record<string, string> = {};
  const inner: Record<string, string> = { ...scope };
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (v.includes('<')) return `attribute ${k} of <${qname}> contains "<"`;
    const decoded = decodeReferences(v);
    if (decoded === undefined) return `attribute ${k} of <${qname}> has an undeclared entity reference`;
    attributes[k] = decoded;
    if (k === 'xmlns') inner[''] = decoded;
    else if (k.startsWith('xmlns:')) inner[k.slice(6)] = decoded;
  }
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : '';
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  if (prefix !== '' && inner[prefix] === undefined) return `the prefix of <${qname}> is not declared`;
  const ns = inner[prefix];
  const element: XmlElement = { qname, local, namespace: ns === '' ? undefined : ns, attributes, children: [], text: '' };
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    if ('#text' in child) {
      const raw = String(child['#text']);
      if (raw.includes(']]>')) return `the text of <${qname}> contains "]]>"`;
      const decoded = decodeReferences(raw);
      if (decoded === undefined) return `the text of <${qname}> has an undeclared entity reference`;
      element.text += decoded;
    } else if ('#cdata' in child) {
      for (const part of child['#cdata'] as OrderedNode[]) element.text += String(part['#text'] ?? '');
    } else if ('#comment' in child) {
      continue;
    } else {
      const built = build(child, inner);
      if (typeof built === 'string') return built;
      element.children.push(built);
    }
  }
  return element;
}

/**
 * Parses a response body as one XML document. Not well-formed, cut off at the body cap, with a
 * DOCTYPE or ENTITY declaration, or with a reference to an undeclared entity: `ok: false`.
 */
export function parseXml(body: Buffer, truncated = false): XmlParse {
  if (truncated) return refused('the body was cut at the size cap, so it cannot be read as XML');
  // Every check of an exchange reads the same response body: it is parsed once (a received
  // body is never written to; the parse is shared, read-only, by the checks).
  const hit = PARSED.get(body);
  if (hit) return hit;
  const parsed = parseFresh(body);
  PARSED.set(body, parsed);
  return parsed;
}

const PARSED = new WeakMap<Buffer, XmlParse>();

function parseFresh(body: Buffer): XmlParse {
  const decoded = decodeBody(body);
  if ('error' in decoded) return refused(decoded.error);
  const text = decoded.text;
  if (text.trim() === '') return refused('the body is empty');
  const outsideMarkup = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (/<!DOCTYPE/i.test(outsideMarkup)) return refused('the body has a DOCTYPE declaration, which is refused (no entity expansion)');
  if (/<!ENTITY/i.test(outsideMarkup)) return refused('the body declares an entity, which is refused (no entity expansion)');
  if (INVALID_CHAR.test(text)) return refused('the body contains a character XML does not allow');
  // The validator misses text after a self-closing root (`<a/> junk`): the document must end with a tag.
  const tail = outsideMarkup.replace(/<\?[\s\S]*?\?>/g, '').trimEnd();
  if (!/(?:\/>|<\/[^<>]+>)$/.test(tail)) return refused('it does not end with the end of the root element', true);
  const valid = XMLValidator.validate(text);
  if (valid !== true) return refused(`line ${valid.err.line}: ${valid.err.msg}`, true);
  let nodes: OrderedNode[];
  try {
    nodes = PARSER.parse(text) as OrderedNode[];
  } catch (e) {
    return refused((e as Error).message, true);
  }
  const roots = nodes.filter((n) => !('#text' in n) && !('#comment' in n));
  const strayText = nodes.some((n) => '#text' in n && String(n['#text']).trim() !== '');
  if (roots.length !== 1 || strayText) return refused(`${roots.length === 0 ? 'no' : roots.length} root elements${strayText ? ', text outside the root' : ''}`, true);
  const root = build(roots[0]!, { xml: 'http://www.w3.org/XML/1998/namespace' });
  if (typeof root === 'string') return refused(root, true);
  return { ok: true, root };
}

/** The elements at a slash path of local names from the root (`entry/link`): every match, in order. */
export function elementsAt(root: XmlElement, path: string): XmlElement[] {
  const [first, ...rest] = path.split('/').filter((s) => s !== '');
  if (first !== root.local) return [];
  let current = [root];
  for (const step of rest) current = current.flatMap((e) => e.children.filter((c) => c.local === step));
  return current;
}

/** Every element below `root` (root included) with this local name, in document order. */
export function descendantsNamed(root: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.local === local) out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** An attribute without a prefix, by name. */
export function attribute(e: XmlElement, name: string): string | undefined {
  return Object.hasOwn(e.attributes, name) ? e.attributes[name] : undefined;
}
