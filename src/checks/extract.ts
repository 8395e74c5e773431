/**
 * Values read from an answer for a scenario (src/model/scenario.ts `Extractor`): an XML element
 * path from the root with `[Child=value]` predicates, a JSON pointer, or a header with an
 * optional regex. A path with `each` yields a list of records, one per element or array item.
 */
import type { HttpResponse } from '../model/exchange.js';
import type { Extractor } from '../model/scenario.js';
import { parseJson, pointerGet } from './_internals/json.js';
import { parseXml, type XmlElement } from './_internals/xml.js';

/** A bound value: text, a list of records (`each`), or nothing (an optional value absent). */
export type Value = string | Item[] | undefined;
export type Item = { [field: string]: Value };

/** Why a value could not be read; the answer is then not what the scenario expected. */
export class ExtractError extends Error {}

const STEP = /^([^[\]/]+)(?:\[([^=\]]+)=([^\]]*)\])?$/;

/** The elements a path names below `from` (the path's first segment is matched against `from` itself when `root`). */
function select(from: XmlElement, path: string, root: boolean): XmlElement[] {
  const segments = path.split('/').filter((s) => s !== '');
  let current: XmlElement[] = [from];
  segments.forEach((segment, i) => {
    const m = STEP.exec(segment);
    if (!m) throw new ExtractError(`the path segment "${segment}" is not Name or Name[Child=value]`);
    const [, name, child, wanted] = m;
    const matches = (e: XmlElement): boolean => e.local === name && (child === undefined || e.children.some((c) => c.local === child && c.text === wanted));
    current = root && i === 0 ? current.filter(matches) : current.flatMap((e) => e.children.filter(matches));
  });
  return current;
}

function fromXml(e: XmlElement, ex: Extract<Extractor, { xml: string }>, root: boolean): Value {
  const found = select(e, ex.xml, root);
  if (ex.each) return found.map((el) => record(el, ex.each!));
  if (found.length === 0) {
    if (ex.optional) return undefined;
    throw new ExtractError(`it has no ${ex.xml}`);
  }
  return found[0]!.text;
}

function record(el: XmlElement | unknown, fields: Record<string, Extractor>): Item {
  const out: Item = {};
  for (const [name, sub] of Object.entries(fields)) {
    if ('xml' in sub) out[name] = fromXml(el as XmlElement, { ...sub, optional: sub.optional ?? true }, false);
    else if ('json' in sub) out[name] = fromJson(el, { ...sub, optional: sub.optional ?? true });
    else throw new ExtractError('a header cannot be read from an item');
  }
  return out;
}

function fromJson(value: unknown, ex: Extract<Extractor, { json: string }>): Value {
  const v = pointerGet(value, ex.json);
  if (ex.each) {
    // One object is a list of one record (a document that describes one item).
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return [record(v, ex.each)];
    if (!Array.isArray(v)) {
      if (v === undefined && ex.optional) return [];
      throw new ExtractError(`its ${ex.json || 'document'} is not an array`);
    }
    return v.map((item) => record(item, ex.each!));
  }
  if (v === undefined || v === null) {
    if (ex.optional) return undefined;
    throw new ExtractError(`it has no ${ex.json}`);
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The value `ex` names in `response`; ExtractError when a required one is missing or the body cannot be read. */
export function extract(response: HttpResponse, ex: Extractor): Value {
  if ('header' in ex) {
    const v = response.headers[ex.header.toLowerCase()];
    if (v === undefined) {
      if (ex.optional) return undefined;
      throw new ExtractError(`it has no ${ex.header} header`);
    }
    if (!ex.match) return v;
    const m = new RegExp(ex.match).exec(v);
    if (!m) throw new ExtractError(`its ${ex.header} header ${JSON.stringify(v)} does not match ${ex.match}`);
    return m[1] ?? m[0];
  }
  let v: Value;
  if ('xml' in ex) {
    const parsed = parseXml(response.body, response.truncated);
    if (!parsed.ok) throw new ExtractError(parsed.reason);
    v = fromXml(parsed.root, ex, true);
  } else {
    const parsed = parseJson(response);
    if (!parsed.ok) throw new ExtractError(parsed.reason);
    v = fromJson(parsed.value, ex);
  }
  // A value bound to name something later (an id, a queue URL) is no value when it is empty.
  if (v === '' && !ex.optional) throw new ExtractError(`its ${'xml' in ex ? ex.xml : ex.json} is empty`);
  return v;
}
