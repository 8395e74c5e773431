/**
 * Loads spec files: YAML (with positions) → JSON Schema (ajv) → semantic checks → rules.
 * Every problem names file, line, column and JSON pointer; all problems are reported at once.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import type { RuleSet } from '../src/model/rule.js';
import { compileSpec } from './compile.js';
import { operationModel } from './operation.js';
import { SpecLoadError, type SpecProblem } from './errors.js';
import { Locator, escapePointer } from './locate.js';
import type { SpecDoc } from './types.js';

export const SPECS_DIR = dirname(fileURLToPath(import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(SPECS_DIR, 'spec.schema.json'), 'utf8')) as object;

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
ajv.addFormat('regex', (s: string) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
});
const validate = ajv.compile<SpecDoc>(SCHEMA);

/**
 * ajv reports every failing branch of a oneOf. Keep what a person can act on: the branch
 * errors that got past the type check, or else one "must be X or Y" per location.
 */
function schemaProblems(errors: ErrorObject[]): Array<{ pointer: string; message: string; atKey: boolean }> {
  const out: Array<{ pointer: string; message: string; atKey: boolean }> = [];
  const seen = new Set<string>();
  const paths = new Set(errors.map((e) => e.instancePath));
  const substantive = new Set(errors.filter((e) => !['type', 'oneOf', 'anyOf', 'const'].includes(e.keyword)).map((e) => e.instancePath));
  const typesAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'type') typesAt.set(e.instancePath, [...(typesAt.get(e.instancePath) ?? []), (e.params as { type: string }).type]);
  }
  for (const e of errors) {
    const deeper = [...paths].some((p) => p.startsWith(`${e.instancePath}/`));
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

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Parses and validates one spec file's text; `file` is used in messages only. */
export function loadSpecText(text: string, file: string): RuleSet {
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
  const locator = new Locator(doc, lines);
  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  if (!validate(data)) {
    for (const p of schemaProblems(validate.errors ?? [])) {
      problems.push({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message });
    }
    throw new SpecLoadError(problems);
  }
  const compiled = compileSpec(data);
  for (const p of compiled.problems) {
    problems.push({ file, ...locator.position(p.pointer, p.atKey ?? false), pointer: p.pointer, message: p.message });
  }
  if (problems.length) throw new SpecLoadError(problems);
  return { specId: data.id, title: data.title, seed: data.seed, file, rules: compiled.rules, operation: operationModel(data) };
}

export function loadSpecFile(path: string, displayRoot = process.cwd()): RuleSet {
  const shown = relative(displayRoot, resolve(path)) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecLoadError([{ file: shown, line: 1, column: 1, pointer: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  return loadSpecText(text, shown);
}

/** Every `*.yaml` below `dir`, sorted, so rule order does not depend on the file system. */
export function findSpecFiles(dir = SPECS_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findSpecFiles(full));
    else if (entry.endsWith('.yaml') || entry.endsWith('.yml')) out.push(full);
  }
  return out;
}

/**
 * Loads every spec below `dir`. Problems from all files are collected and thrown together;
 * two files with one spec id are an error too.
 */
export function loadAllSpecs(dir = SPECS_DIR, displayRoot = process.cwd()): RuleSet[] {
  const sets: RuleSet[] = [];
  const problems: SpecProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of findSpecFiles(dir)) {
    try {
      const set = loadSpecFile(file, displayRoot);
      const prev = ids.get(set.specId);
      if (prev) problems.push({ file: set.file, line: 1, column: 1, pointer: '/id', message: `spec id "${set.specId}" is also used by ${prev}` });
      ids.set(set.specId, set.file);
      sets.push(set);
    } catch (err) {
      if (err instanceof SpecLoadError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length) throw new SpecLoadError(problems);
  return sets;
}
