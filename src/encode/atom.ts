/**
 * Atom entry ⇄ description (Service Bus seed, PROTOCOL-FACTS §1.1):
 * `<entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml"><{el}>…</{el}></content></entry>`.
 * The seed prints the attributes in single quotes; XMLBuilder writes double quotes, which XML
 * treats alike.
 *
 * Both directions work on a byte string (latin1: one char per byte), not on decoded text. The
 * frame is ASCII, and escaping `& < > ' "` and CR byte-wise is exact for UTF-8 because those
 * bytes never occur inside a multi-byte sequence; so a lone surrogate (WTF-8) or a `{ raw }`
 * description reaches the wire byte for byte, and comes back the same way.
 *
 * Characters XML 1.0 does not allow (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, lone
 * surrogates, U+FFFE, U+FFFF) cannot be carried in XML text, not even as character references.
 * The encoder writes them raw, so the target receives an entry that is not well-formed XML,
 * which is the point of such a case; decodeAtomEntry does not check characters, so it returns
 * them unchanged, but no real XML parser would.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { TextValue } from '../model/request.js';
import { decodeText, encodeText } from './text.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
export const ATOM_CONTENT_TYPE = 'application/xml';

export interface AtomEntry {
  description: TextValue;
  descriptionIsXml: boolean;
  contentElement: string;
}

/** The entry is not one encodeAtomEntry could have written (a harness or target problem, named). */
export class AtomDecodeError extends Error {
  override name = 'AtomDecodeError';
}

// The builder's default entities plus CR: an XML parser turns a literal CR (or CR LF) into LF,
// so a CR in the text must travel as a character reference to reach the target as a CR.
const TEXT_ENTITIES = [
  { regex: /&/g, val: '&amp;' },
  { regex: />/g, val: '&gt;' },
  { regex: /</g, val: '&lt;' },
  { regex: /'/g, val: '&apos;' },
  { regex: /"/g, val: '&quot;' },
  { regex: /\r/g, val: '&#xD;' },
];

const textBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', entities: TEXT_ENTITIES } as ConstructorParameters<
  typeof XMLBuilder
>[0]);
const markupBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false });

// Entities OFF: a DOCTYPE cannot expand anything, and the description element is a stop node,
// so its content arrives exactly as written (`&lt;` stays `&lt;`); unescapeText below reads the
// five predefined entities and character references itself.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  stopNodes: ['entry.content.*'],
});

// XML Name, ASCII-only letters plus any non-ASCII letter; enough for element names a spec picks.
const ELEMENT_NAME = /^[\p{L}_][\p{L}\p{N}._-]*(?::[\p{L}_][\p{L}\p{N}._-]*)?$/u;

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * When `descriptionIsXml`, the description is embedded as markup, unescaped: it must be
 * well-formed XML content (elements, text, CDATA), or the entry is not well-formed either.
 * Otherwise it is text, escaped.
 */
export function encodeAtomEntry(description: TextValue, descriptionIsXml: boolean, contentElement: string): Uint8Array {
  if (!ELEMENT_NAME.test(contentElement)) throw new Error(`Atom content element ${JSON.stringify(contentElement)} is not an XML element name`);
  const inner = latin1(encodeText(description));
  const doc = { entry: { '@_xmlns': ATOM_NAMESPACE, content: { '@_type': ATOM_CONTENT_TYPE, [contentElement]: inner } } };
  const xml = (descriptionIsXml ? markupBuilder : textBuilder).build(doc) as string;
  return new Uint8Array(Buffer.from(xml, 'latin1'));
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, unknown> };

function children(node: Ordered, name: string): Ordered[] {
  const c = node[name];
  return Array.isArray(c) ? (c as Ordered[]) : [];
}

function elementName(node: Ordered): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function only(nodes: Ordered[], where: string): [string, Ordered] {
  const elements = nodes.filter((n) => elementName(n) !== '?xml');
  const [first] = elements;
  const name = first && elementName(first);
  if (elements.length !== 1 || !first || name === undefined || name === '#text') {
    const got = elements.map((n) => elementName(n)).join(', ') || 'nothing';
    throw new AtomDecodeError(`${where} must hold exactly one element, found ${got}`);
  }
  return [name, first];
}

const REFERENCE = /&(?:(amp|lt|gt|apos|quot)|#([0-9]+)|#x([0-9A-Fa-f]+));|&/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };

/** Byte-string text content → byte string: the five predefined entities and character references. */
function unescapeText(s: string): string {
  return s.replace(REFERENCE, (whole: string, named?: string, dec?: string, hex?: string) => {
    if (named) return PREDEFINED[named]!;
    const cp = dec !== undefined ? parseInt(dec, 10) : hex !== undefined ? parseInt(hex, 16) : -1;
    if (cp < 0 || cp > 0x10ffff) throw new AtomDecodeError(`description has an unknown or bad reference at ${JSON.stringify(whole)}`);
    return latin1(encodeText(String.fromCodePoint(cp)));
  });
}

/**
 * Reads an entry back. The description is markup (`descriptionIsXml`) when its element holds
 * any `<` (a child element, comment, CDATA section); otherwise it is text, with references
 * resolved. So markup without any `<` (`a &amp; b`) comes back as the text `a & b`, which
 * encodes to the same bytes.
 */
export function decodeAtomEntry(body: Uint8Array): AtomEntry {
  let tree: Ordered[];
  try {
    tree = parser.parse(latin1(body)) as Ordered[];
  } catch (err) {
    throw new AtomDecodeError(`not XML: ${(err as Error).message}`);
  }
  const [rootName, root] = only(tree, 'the document');
  if (rootName !== 'entry') throw new AtomDecodeError(`root element is <${rootName}>, not <entry>`);
  const ns = root[':@']?.['@_xmlns'];
  if (ns !== ATOM_NAMESPACE) throw new AtomDecodeError(`<entry> namespace is ${JSON.stringify(ns)}, not ${ATOM_NAMESPACE}`);
  const [contentName, content] = only(children(root, 'entry'), '<entry>');
  if (contentName !== 'content') throw new AtomDecodeError(`<entry> holds <${contentName}>, not <content>`);
  const type = content[':@']?.['@_type'];
  if (type !== ATOM_CONTENT_TYPE) throw new AtomDecodeError(`<content> type is ${JSON.stringify(type)}, not ${ATOM_CONTENT_TYPE}`);
  const [contentElement, described] = only(children(content, 'content'), '<content>');
  const text = children(described, contentElement)[0]?.['#text'];
  const inner = typeof text === 'string' ? text : '';
  const descriptionIsXml = inner.includes('<');
  const bytes = Buffer.from(descriptionIsXml ? inner : unescapeText(inner), 'latin1');
  return { description: decodeText(new Uint8Array(bytes)), descriptionIsXml, contentElement };
}
