/**
 * Just enough XML 1.0 + Namespaces for the seed's Atom entry: a well-formedness check on top of
 * fast-xml-parser (entity processing OFF, no DOCTYPE), a namespace-aware tree, and a serializer
 * that writes an element back out in another context without changing its meaning.
 *
 * fast-xml-parser's validator is lenient where this reference must not be (several roots, text
 * after the root, undefined entities, `<` in attribute values, `]]>` in text, `--` in comments,
 * QNames with two colons, undeclared prefixes), so those are checked here on the parsed tree. The
 * document is parsed wrapped in one extra element, so text and elements outside the root stay
 * visible instead of being dropped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const WRAPPER = 'ruleprobe-reference-wrapper';

export class XmlError extends Error {
  override name = 'XmlError';
}

/** A parsed node: element, text, CDATA section, comment or processing instruction. */
export type XmlNode =
  | { kind: 'element'; qname: string; prefix: string; local: string; namespace: string; attrs: XmlAttr[]; children: XmlNode[]; scope: Map<string, string> }
  | { kind: 'text'; raw: string }
  | { kind: 'cdata'; text: string }
  | { kind: 'comment'; text: string }
  | { kind: 'pi'; target: string };

export type XmlElement = Extract<XmlNode, { kind: 'element' }>;

export interface XmlAttr {
  qname: string;
  /** The value as written (references unresolved); may hold `"` if it was single-quoted. */
  raw: string;
}

// XML 1.0 (5th ed.) NameStartChar / NameChar, without ':' (NCName).
const NC_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NC_CHAR = `\\u0300-\\u036F${NC_START}\\-.0-9\\u00B7\\u203F\\u2040`;
const NCNAME = `[${NC_START}][${NC_CHAR}]*`;
const QNAME = new RegExp(`^(?:(${NCNAME}):)?(${NCNAME})$`, 'u');
const PI_TARGET = new RegExp(`^[${NC_START}:][${NC_CHAR}:]*$`, 'u');

/** Characters XML 1.0 allows anywhere in a document. */
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

function isLegalCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Every `&` must start one of the five predefined entities or a reference to a legal character (there is no DTD). */
function checkReferences(raw: string, where: string): void {
  const re = /&([^;&]*);?/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const [whole, body = ''] = m;
    if (!whole.endsWith(';')) throw new XmlError(`${where}: "&" does not start a reference`);
    if (/^(?:lt|gt|amp|apos|quot)$/.test(body)) continue;
    const num = /^#(?:([0-9]+)|x([0-9A-Fa-f]+))$/.exec(body);
    if (!num) throw new XmlError(`${where}: undefined entity &${body};`);
    const cp = num[1] !== undefined ? Number.parseInt(num[1], 10) : Number.parseInt(num[2]!, 16);
    if (!isLegalCodePoint(cp)) throw new XmlError(`${where}: &${body}; refers to a character XML does not allow`);
  }
}

type Raw = Record<string, unknown>;

function rawName(node: Raw): string {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined) throw new XmlError('empty node');
  return name;
}

function rawText(nodes: unknown): string {
  return Array.isArray(nodes) ? (nodes as Raw[]).map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('') : '';
}

function splitQName(qname: string, what: string): [string, string] {
  const m = QNAME.exec(qname);
  if (!m) throw new XmlError(`${what} ${JSON.stringify(qname)} is not a QName`);
  return [m[1] ?? '', m[2]!];
}

function convert(raw: Raw, parentScope: Map<string, string>): XmlNode {
  const name = rawName(raw);
  const content = raw[name];
  if (name === '#text') {
    const text = String(content);
    if (text.includes(']]>')) throw new XmlError('"]]>" in character data');
    checkReferences(text, 'character data');
    return { kind: 'text', raw: text };
  }
  if (name === '#cdata') return { kind: 'cdata', text: rawText(content) };
  if (name === '#comment') {
    const text = rawText(content);
    if (text.includes('--') || text.endsWith('-')) throw new XmlError('"--" inside a comment');
    return { kind: 'comment', text };
  }
  if (name.startsWith('?')) {
    const target = name.slice(1);
    if (!PI_TARGET.test(target) || target.toLowerCase() === 'xml') throw new XmlError(`bad processing instruction <?${target}`);
    return { kind: 'pi', target };
  }
  if (name.startsWith('!')) throw new XmlError(`markup declaration <${name} outside a DTD`);

  const attrsRaw = (raw[':@'] ?? {}) as Record<string, unknown>;
  const attrs: XmlAttr[] = Object.entries(attrsRaw).map(([qname, v]) => ({ qname, raw: String(v) }));
  // Namespace declarations first: they apply to the element's own name and attributes.
  const scope = new Map(parentScope);
  for (const a of attrs) {
    if (a.raw.includes('<')) throw new XmlError(`"<" in the value of attribute ${a.qname}`);
    checkReferences(a.raw, `attribute ${a.qname}`);
    if (a.qname === 'xmlns') scope.set('', resolveValue(a.raw));
    else if (a.qname.startsWith('xmlns:')) {
      const prefix = a.qname.slice(6);
      const uri = resolveValue(a.raw);
      splitQName(prefix, 'namespace prefix');
      if (uri === '') throw new XmlError(`prefix ${prefix} is undeclared with an empty name`);
      if (prefix === 'xmlns' || uri === XMLNS_NAMESPACE || (prefix === 'xml') !== (uri === XML_NAMESPACE)) throw new XmlError(`reserved prefix or namespace in ${a.qname}`);
      scope.set(prefix, uri);
    }
  }
  const [prefix, local] = splitQName(name, 'element name');
  const namespace = prefix === '' ? (scope.get('') ?? '') : scope.get(prefix);
  if (namespace === undefined) throw new XmlError(`prefix ${prefix} of <${name}> is not declared`);
  const expanded = new Set<string>();
  for (const a of attrs) {
    if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
    const [p, l] = splitQName(a.qname, 'attribute name');
    const ns = p === '' ? '' : scope.get(p);
    if (ns === undefined) throw new XmlError(`prefix ${p} of attribute ${a.qname} is not declared`);
    const key = `{${ns}}${l}`;
    if (expanded.has(key)) throw new XmlError(`attribute ${key} appears twice`);
    expanded.add(key);
  }
  const children = Array.isArray(content) ? (content as Raw[]).map((c) => convert(c, scope)) : [];
  return { kind: 'element', qname: name, prefix, local, namespace, attrs, children, scope };
}

/** An attribute value with its references resolved (for namespace names and the content type). */
export function resolveValue(raw: string): string {
  return raw.replace(/&(lt|gt|amp|apos|quot|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_w, ref: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
    if (named[ref] !== undefined) return named[ref];
    return String.fromCodePoint(ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10));
  });
}

/** Markup outside the root that is not a comment, processing instruction or white space. */
function checkMisc(node: XmlNode): void {
  if (node.kind === 'text' && !/^[ \t\r\n]*$/.test(node.raw)) throw new XmlError('text outside the root element');
  if (node.kind === 'cdata') throw new XmlError('CDATA outside the root element');
}

export type ParseResult = { ok: true; root: XmlElement } | { ok: false; detail: string; doctype?: boolean };

/** Parses a whole document (already decoded text) and returns its root element. */
export function parseDocument(text: string): ParseResult {
  try {
    if (ILLEGAL_CHAR.test(text)) throw new XmlError('a character XML does not allow');
    let rest = text;
    if (/^<\?xml[ \t\r\n]/.test(rest)) {
      const decl = XML_DECL.exec(rest);
      if (!decl) throw new XmlError('malformed XML declaration');
      rest = rest.slice(decl[0].length);
    }
    const outsideComments = rest.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    if (/<!DOCTYPE/i.test(outsideComments)) return { ok: false, detail: 'Document type declarations are not accepted.', doctype: true };
    const wrapped = `<${WRAPPER}>${rest}</${WRAPPER}>`;
    const valid = XMLValidator.validate(wrapped, { allowBooleanAttributes: false });
    if (valid !== true) throw new XmlError(valid.err.msg);
    const top = parser.parse(wrapped) as Raw[];
    if (top.length !== 1 || rawName(top[0]!) !== WRAPPER) throw new XmlError('markup after the root element');
    const wrapper = convert(top[0]!, new Map([['xml', XML_NAMESPACE]])) as XmlElement;
    const elements = wrapper.children.filter((c): c is XmlElement => c.kind === 'element');
    if (elements.length !== 1) throw new XmlError(elements.length === 0 ? 'no root element' : 'more than one root element');
    wrapper.children.forEach(checkMisc);
    return { ok: true, root: elements[0]! };
  } catch (err) {
    // The parser's own errors (a name it refuses, say) are malformed input too.
    return { ok: false, detail: `Not well-formed XML: ${(err as Error).message}` };
  }
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

export function attr(el: XmlElement, qname: string): string | undefined {
  const a = el.attrs.find((x) => x.qname === qname);
  return a === undefined ? undefined : resolveValue(a.raw);
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

function serializeNode(node: XmlNode, extraAttrs: XmlAttr[] = []): string {
  switch (node.kind) {
    case 'text':
      return node.raw;
    case 'cdata':
      return `<![CDATA[${node.text}]]>`;
    case 'comment':
      return `<!--${node.text}-->`;
    case 'pi':
      // fast-xml-parser keeps a processing instruction's target only.
      return `<?${node.target}?>`;
    case 'element': {
      // Raw values keep their references; a `"` can only be there if the value was single-quoted.
      const attrs = [...node.attrs, ...extraAttrs].map((a) => ` ${a.qname}="${a.raw.replace(/"/g, '&quot;')}"`).join('');
      if (node.children.length === 0) return `<${node.qname}${attrs}/>`;
      return `<${node.qname}${attrs}>${node.children.map((c) => serializeNode(c)).join('')}</${node.qname}>`;
    }
  }
}

/**
 * `el` as markup that means the same inside an element whose in-scope namespaces are `target`:
 * every namespace binding `el` inherited and `target` lacks (or binds differently) is declared on
 * `el` itself, as exclusive canonicalization does.
 */
export function serializeIn(el: XmlElement, target: Map<string, string>): string {
  const own = new Set(el.attrs.map((a) => a.qname));
  const extra: XmlAttr[] = [];
  const inherited = new Map(el.scope);
  for (const a of el.attrs) {
    if (a.qname === 'xmlns') inherited.delete('');
    else if (a.qname.startsWith('xmlns:')) inherited.delete(a.qname.slice(6));
  }
  for (const [prefix, uri] of inherited) {
    if (prefix === 'xml') continue;
    const name = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    if (!own.has(name) && target.get(prefix) !== uri) extra.push({ qname: name, raw: escapeAttr(uri) });
  }
  // No default namespace in the source, but one in the target: undeclare it.
  if (!inherited.has('') && !own.has('xmlns') && (target.get('') ?? '') !== '') extra.push({ qname: 'xmlns', raw: '' });
  return serializeNode(el, extra);
}
