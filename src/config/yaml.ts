/**
 * YAML files checked against a JSON Schema, every problem located by file, line, column and
 * JSON pointer: the shared front end of spec files and target configs.
 */
import { Ajv2020, type ErrorObject, type Options } from 'ajv/dist/2020.js';
import { LineCounter, isMap, isPair, isSeq, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { SpecLoadError, type FileKind } from './errors.js';
import { Locator, escapePointer } from './locate.js';

/** The `regex` format: a pattern JavaScript compiles with the `u` flag. */
export function isRegex(s: string): boolean {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The one ajv setup of every schema the project compiles; `code` is for the build's standalone validators. */
export function createAjv(code?: Options['code']): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true, ...(code ? { code } : {}) });
  ajv.addFormat('regex', isRegex);
  return ajv;
}

/** Deeper than any spec or config is written; deeper input is refused before anything recurses into it. */
export const MAX_YAML_DEPTH = 64;

/** More aliases than a file ever needs: the expansion of an alias bomb stops here. */
const MAX_ALIAS_COUNT = 50;

/** More aliases in one file than any spec or config writes. */
const MAX_ALIASES = 1000;

const TOO_DEEP = `nested more than ${MAX_YAML_DEPTH} levels deep; no spec or config needs that (is it the right file?)`;

const isStackOverflow = (err: unknown): boolean => err instanceof RangeError && /call stack/i.test(err.message);

/** The first node nested deeper than `MAX_YAML_DEPTH`, found without recursion (aliases not followed). */
function tooDeep(doc: Document.Parsed): Node | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_YAML_DEPTH) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** How deep a parsed value nests (objects and arrays), without recursion. */
function depthOf(data: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[data, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > MAX_YAML_DEPTH) return max;
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

/** The first alias whose anchored node itself holds aliases: where an alias bomb starts growing. */
function bombAlias(doc: Document.Parsed): Alias | undefined {
  let first: Alias | undefined;
  let nested: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      first ??= node;
      const target = node.resolve(doc);
      if (nested === undefined && target !== undefined && (isMap(target) || isSeq(target))) {
        let holds = false;
        visit(target as Node, { Alias: () => ((holds = true), visit.BREAK) });
        if (holds) {
          nested = node;
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  return nested ?? first;
}

/** The first alias inside the node it refers to: a cycle, which no JSON value can hold. */
function cyclicAlias(doc: Document.Parsed): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      const target = node.resolve(doc);
      if (target === undefined || (!isMap(target) && !isSeq(target))) return undefined;
      visit(target as Node, { Alias: (_k, inner) => (inner === node ? ((found = node), visit.BREAK) : undefined) });
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

/**
 * Parses YAML keeping positions; a syntax error, a duplicate key, an unknown tag, nesting deeper
 * than `MAX_YAML_DEPTH` or an alias bomb throws, located. `kind` names the file's kind in the heading.
 */
export function parseYaml(text: string, file: string, kind: FileKind = 'spec file'): { data: unknown; locator: Locator } {
  const lines = new LineCounter();
  const fail = (offset: number, message: string): never => {
    const { line, col } = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    throw new SpecLoadError([{ file, line, column: col, pointer: '', message: `YAML: ${message}` }], kind);
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    if (isStackOverflow(err)) fail(0, TOO_DEEP);
    throw err;
  }
  // After the first syntax error the parser's further complaints are mostly its consequences.
  const [err] = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (err) {
    const message =
      err.code === 'DUPLICATE_KEY'
        ? 'duplicate key (YAML maps must have unique keys)'
        : err.code === 'TAG_RESOLVE_FAILED'
          ? `${err.message.split('\n')[0]!} (ruleprobe files use no tags)`
          : /call stack/i.test(err.message)
            ? TOO_DEEP
            : err.code === 'MULTIPLE_DOCS'
              ? 'more than one document (a second ---); a ruleprobe file holds one'
              : err.message.split('\n')[0]!;
    fail(err.pos[0], message);
  }
  const deep = tooDeep(doc);
  if (deep) fail(deep.range?.[0] ?? 0, TOO_DEEP);
  let aliases = 0;
  visit(doc, { Alias: () => (++aliases > MAX_ALIASES ? visit.BREAK : undefined) });
  if (aliases > MAX_ALIASES) fail(0, `more than ${MAX_ALIASES} aliases; write the values out`);
  let unresolved: Alias | undefined;
  visit(doc, { Alias: (_k, node) => (node.resolve(doc) === undefined ? ((unresolved = node), visit.BREAK) : undefined) });
  if (unresolved) fail(unresolved.range?.[0] ?? 0, `alias *${unresolved.source} has no anchor &${unresolved.source} before it`);
  const cycle = cyclicAlias(doc);
  if (cycle) fail(cycle.range?.[0] ?? 0, `alias *${cycle.source} refers to the node it is in (a cycle)`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError && /excessive alias/i.test(e.message)) {
      fail(bombAlias(doc)?.range?.[0] ?? 0, `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias: an alias bomb?); write the values out`);
    }
    if (isStackOverflow(e)) fail(0, TOO_DEEP);
    if (e instanceof ReferenceError) fail(0, e.message);
    throw e;
  }
  // Aliases can stack nesting the document does not show.
  if (depthOf(data) > MAX_YAML_DEPTH) fail(bombAlias(doc)?.range?.[0] ?? 0, `${TOO_DEEP.split(';')[0]!} once its aliases are expanded`);
  return { data, locator: new Locator(doc, lines) };
}

/**
 * ajv reports every failing branch of a oneOf. Keep what a person can act on: the branch
 * errors that got past the type check, or else one "must be X or Y" per location.
 */
export function schemaProblems(errors: ErrorObject[], hidden: (pointer: string) => boolean = () => false): Array<{ pointer: string; message: string; atKey: boolean }> {
  const out: Array<{ pointer: string; message: string; atKey: boolean }> = [];
  const seen = new Set<string>();
  const paths = new Set(errors.map((e) => e.instancePath));
  const substantive = new Set(errors.filter((e) => !['type', 'oneOf', 'anyOf', 'const'].includes(e.keyword)).map((e) => e.instancePath));
  const typesAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'type') typesAt.set(e.instancePath, [...(typesAt.get(e.instancePath) ?? []), (e.params as { type: string }).type]);
  }
  const substantiveOrDeeper = (path: string): boolean =>
    errors.some((x) => x.keyword !== 'unevaluatedProperties' && x.keyword !== 'if' && (x.instancePath === path || x.instancePath.startsWith(`${path}/`)));
  for (const e of errors) {
    const deeper = [...paths].some((p) => p.startsWith(`${e.instancePath}/`));
    // "must match then": its branch's own errors say what is wrong.
    if (e.keyword === 'if') continue;
    // Keys of a failed conditional branch count as unevaluated; that is noise beside the real error.
    if (e.keyword === 'unevaluatedProperties' && substantiveOrDeeper(e.instancePath)) continue;
    // A oneOf failure is explained by its branches' errors.
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && (deeper || typesAt.has(e.instancePath) || substantive.has(e.instancePath))) continue;
    // A branch that failed on type is noise when another branch got further.
    if ((e.keyword === 'type' || e.keyword === 'const') && (substantive.has(e.instancePath) || deeper)) continue;
    let pointer = e.instancePath;
    let message: string;
    let atKey = false;
    // A value that may be a secret is described by its type only.
    const hide = hidden(e.instancePath);
    const value = (v: unknown): string => (hide ? `${kindOf(v)} (not shown)` : JSON.stringify(v));
    switch (e.keyword) {
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const key = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
        const name = key.additionalProperty ?? key.unevaluatedProperty ?? '?';
        pointer = `${e.instancePath}/${escapePointer(name)}`;
        message = `unknown key "${name}"`;
        atKey = true;
        break;
      }
      case 'required':
        message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'enum':
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${value(e.data)}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, got ${value(e.data)}`;
        break;
      case 'type':
        message = `must be ${[...new Set(typesAt.get(e.instancePath))].join(' or ')}, got ${hide ? `${kindOf(e.data)} (not shown)` : describe(e.data)}`;
        break;
      case 'pattern':
        message = hide ? `${value(e.data)} does not match ${(e.params as { pattern: string }).pattern}` : `${JSON.stringify(e.data)} does not match ${(e.params as { pattern: string }).pattern}`;
        break;
      case 'format':
        message = (e.params as { format: string }).format === 'regex' ? `not a valid regular expression: ${value(e.data)}` : `${value(e.data)} is not a valid ${(e.params as { format: string }).format}`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `${rangeOf(e.parentSchema)}, got ${typeof e.data === 'number' ? String(e.data) : JSON.stringify(e.data)}`;
        break;
      default:
        message = `${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? `, got ${value(e.data)}` : ''}`;
    }
    const dedupe = `${pointer}\u0000${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({ pointer, message, atKey });
  }
  return out;
}

/** "must be a whole number from 1 to 2147483647": every bound the schema sets, so the message states the range. */
function rangeOf(schema: unknown): string {
  const s = (schema ?? {}) as { type?: unknown; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };
  const kind = s.type === 'integer' ? 'a whole number' : 'a number';
  if (s.minimum !== undefined && s.maximum !== undefined) return `must be ${kind} from ${s.minimum} to ${s.maximum}`;
  const bounds = [
    s.minimum !== undefined ? `at least ${s.minimum}` : '',
    s.exclusiveMinimum !== undefined ? `greater than ${s.exclusiveMinimum}` : '',
    s.maximum !== undefined ? `at most ${s.maximum}` : '',
    s.exclusiveMaximum !== undefined ? `less than ${s.exclusiveMaximum}` : '',
  ].filter(Boolean);
  return `must be ${kind} ${bounds.join(' and ')}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  // JSON has no Infinity: a 400-digit number would show as null.
  return `${typeof v} ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`;
}

