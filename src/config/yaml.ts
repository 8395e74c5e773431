/**
 * YAML files checked against a JSON Schema, every problem located by file, line, column and
 * JSON pointer: the shared front end of spec files and target configs.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import { SpecLoadError, type SpecProblem } from './errors.js';
import { Locator, escapePointer } from './locate.js';

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
  ajv.addFormat('regex', (s: string) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  });
  return ajv;
}

/** Parses YAML keeping positions; a syntax error or duplicate key throws, located. */
export function parseYaml(text: string, file: string): { data: unknown; locator: Locator } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: SpecProblem[] = [];
  // After the first syntax error the parser's further complaints are mostly its consequences.
  for (const err of doc.errors.slice(0, 1)) {
    const { line, col } = lines.linePos(err.pos[0]);
    const message = err.code === 'DUPLICATE_KEY' ? 'duplicate key (YAML maps must have unique keys)' : err.message.split('\n')[0]!;
    problems.push({ file, line, column: col, pointer: '', message: `YAML: ${message}` });
  }
  if (problems.length) throw new SpecLoadError(problems);
  return { data: doc.toJS({ maxAliasCount: 50 }), locator: new Locator(doc, lines) };
}

/**
 * ajv reports every failing branch of a oneOf. Keep what a person can act on: the branch
 * errors that got past the type check, or else one "must be X or Y" per location.
 */
export function schemaProblems(errors: ErrorObject[]): Array<{ pointer: string; message: string; atKey: boolean }> {
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
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(e.data)}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}, got ${JSON.stringify(e.data)}`;
        break;
      case 'type':
        message = `must be ${[...new Set(typesAt.get(e.instancePath))].join(' or ')}, got ${describe(e.data)}`;
        break;
      case 'pattern':
        message = `${JSON.stringify(e.data)} does not match ${(e.params as { pattern: string }).pattern}`;
        break;
      case 'format':
        message = (e.params as { format: string }).format === 'regex' ? `not a valid regular expression: ${JSON.stringify(e.data)}` : `${JSON.stringify(e.data)} is not a valid ${(e.params as { format: string }).format}`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        message = `${rangeOf(e.parentSchema)}, got ${typeof e.data === 'number' ? String(e.data) : JSON.stringify(e.data)}`;
        break;
      default:
        message = `${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? `, got ${JSON.stringify(e.data)}` : ''}`;
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

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  // JSON has no Infinity: a 400-digit number would show as null.
  return `${typeof v} ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`;
}

