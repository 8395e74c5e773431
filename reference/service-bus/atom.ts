/**
 * The seed's Atom entry, in and out (PROTOCOL-FACTS §1.1). In: `<entry xmlns='http://www.w3.org/2005/Atom'>`
 * holding `<content type='application/xml'>{description}</content>`, where (RFC 4287 §4.1.3.3) an
 * XML content type means the content is exactly one child element. Out: the seed's response
 * entry with id, published, updated, a self link and the description echoed.
 */
import { attr, childElements, escapeAttr, escapeText, parseDocument, serializeIn, XML_NAMESPACE, type XmlElement } from './xml.js';
import { parseMediaType } from './media-type.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export interface EntryChecks {
  /** The root must be in the Atom namespace (not just be called `entry`). */
  namespace: boolean;
}

/** `contentType`: the entry is well-formed but its <content> is of another type than application/xml. */
export type EntryResult = { ok: true; description: XmlElement } | { ok: false; detail: string; contentType?: boolean };

export function readEntry(text: string, checks: EntryChecks): EntryResult {
  const doc = parseDocument(text);
  if (!doc.ok) return doc;
  const root = doc.root;
  if (root.local !== 'entry') return { ok: false, detail: `The body is not an Atom entry: its root element is <${root.qname}>.` };
  if (checks.namespace && root.namespace !== ATOM_NAMESPACE) {
    return { ok: false, detail: `The body is not an Atom entry: <${root.qname}> is in namespace ${JSON.stringify(root.namespace)}, not ${ATOM_NAMESPACE}.` };
  }
  const contents = childElements(root).filter((c) => c.local === 'content' && c.namespace === root.namespace);
  if (contents.length !== 1) return { ok: false, detail: `The entry must hold exactly one <content>, found ${contents.length}.` };
  const content = contents[0]!;
  const type = attr(content, 'type');
  if (type === undefined || parseMediaType(type)?.essence !== 'application/xml') {
    return { ok: false, detail: `<content> must have type='application/xml', found ${JSON.stringify(type ?? null)}.`, contentType: true };
  }
  const inner = childElements(content);
  const strayText = content.children.some((c) => (c.kind === 'text' && !/^[ \t\r\n]*$/.test(c.raw)) || c.kind === 'cdata');
  if (inner.length !== 1 || strayText) return { ok: false, detail: '<content type="application/xml"> must hold exactly one element, the description.' };
  return { ok: true, description: inner[0]! };
}

/** Namespaces in scope inside the response's `<content>`: Atom as the default. */
export const RESPONSE_CONTENT_SCOPE = new Map([
  ['xml', XML_NAMESPACE],
  ['', ATOM_NAMESPACE],
]);

export interface ResponseEntry {
  /** https URL of the entity: the <id>. */
  url: string;
  /** The self link's URL (the entity's). */
  selfLink: string;
  published: Date;
  updated: Date;
  /** The description, as markup valid inside the response's `<content>`. */
  description: string;
}

/** Which parts the response leaves out or gets wrong; a mutant sets exactly one. */
export interface ResponseFaults {
  noNamespace?: boolean;
  noPublished?: boolean;
  noUpdated?: boolean;
}

export function buildEntry(e: ResponseEntry, faults: ResponseFaults = {}): string {
  const parts = [
    '<?xml version="1.0" encoding="utf-8"?>',
    faults.noNamespace ? '<entry>' : `<entry xmlns="${ATOM_NAMESPACE}">`,
    `<id>${escapeText(e.url)}</id>`,
    faults.noPublished ? '' : `<published>${e.published.toISOString()}</published>`,
    faults.noUpdated ? '' : `<updated>${e.updated.toISOString()}</updated>`,
    `<link rel="self" href="${escapeAttr(e.selfLink)}">${escapeText(e.selfLink)}</link>`,
    `<content type="application/xml">${e.description}</content>`,
    '</entry>',
  ];
  return parts.join('');
}

export function describeElement(el: XmlElement): string {
  return serializeIn(el, RESPONSE_CONTENT_SCOPE);
}
