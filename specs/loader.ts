/**
 * Loads spec files: YAML (with positions) → JSON Schema (ajv) → semantic checks → rules.
 * Every problem names file, line, column and JSON pointer; all problems are reported at once.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../src/model/rule.js';
import { compileSpec } from './compile.js';
import { SpecLoadError, type SpecProblem } from '../src/config/errors.js';
import { createAjv, parseYaml, schemaProblems } from '../src/config/yaml.js';
import type { SpecDoc } from './types.js';

export const SPECS_DIR = dirname(fileURLToPath(import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(SPECS_DIR, 'spec.schema.json'), 'utf8')) as object;

const ajv = createAjv();
const validate = ajv.compile<SpecDoc>(SCHEMA);

/** Parses and validates one spec file's text; `file` is used in messages only. */
export function loadSpecText(text: string, file: string): RuleSet {
  const { data: raw, locator } = parseYaml(text, file);
  const problems: SpecProblem[] = [];
  if (!validate(raw)) {
    for (const p of schemaProblems(validate.errors ?? [])) {
      problems.push({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message });
    }
    throw new SpecLoadError(problems);
  }
  const data = raw;
  const compiled = compileSpec(data);
  for (const p of compiled.problems) {
    problems.push({ file, ...locator.position(p.pointer, p.atKey ?? false), pointer: p.pointer, message: p.message });
  }
  if (problems.length) throw new SpecLoadError(problems);
  return { specId: data.id, title: data.title, seed: data.seed, file, rules: compiled.rules, operation: compiled.operation! };
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

/**
 * A target config kept beside the specs (`specs:` at the top level and no `id:`) is not a spec:
 * a user's folder naturally holds both.
 */
function isTargetConfig(text: string): boolean {
  return /^specs:/m.test(text) && !/^id:/m.test(text);
}

/** Every `*.yaml` / `*.yml` below `dir` (node_modules and hidden folders left out), sorted, so rule order does not depend on the file system. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'node_modules' && !entry.startsWith('.')) out.push(...yamlFiles(full));
    } else if (entry.endsWith('.yaml') || entry.endsWith('.yml')) out.push(full);
  }
  return out;
}

/** Every spec file below `dir`, target configs left out. */
export function findSpecFiles(dir = SPECS_DIR): string[] {
  return yamlFiles(dir).filter((f) => !isTargetConfig(readFileSync(f, 'utf8')));
}

/**
 * Loads every spec below each of `dirs`, each file read once. Problems from all files are
 * collected and thrown together; one spec id in two files is an error naming both, and so is a
 * folder that does not exist.
 */
function loadFolders(dirs: readonly string[], displayRoot: string): RuleSet[] {
  const sets: RuleSet[] = [];
  const problems: SpecProblem[] = [];
  const ids = new Map<string, string>();
  for (const dir of dirs) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      problems.push({ file: dir, line: 1, column: 1, pointer: '', message: 'not a folder of spec files' });
      continue;
    }
    for (const file of yamlFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      if (isTargetConfig(text)) continue;
      try {
        const set = loadSpecText(text, relative(displayRoot, resolve(file)) || file);
        const prev = ids.get(set.specId);
        if (prev) problems.push({ file: set.file, line: 1, column: 1, pointer: '/id', message: `spec id "${set.specId}" is also used by ${prev}` });
        else ids.set(set.specId, set.file);
        sets.push(set);
      } catch (err) {
        if (err instanceof SpecLoadError) problems.push(...err.problems);
        else throw err;
      }
    }
  }
  if (problems.length) throw new SpecLoadError(problems);
  return sets;
}

/** Every spec below `dir` (by default the shipped ones). */
export function loadAllSpecs(dir = SPECS_DIR, displayRoot = process.cwd()): RuleSet[] {
  return loadFolders([dir], displayRoot);
}

/**
 * The shipped specs and those of every `--specs-dir`, in that order; a user spec runs exactly like
 * a shipped one.
 */
export function loadSpecs(extraDirs: readonly string[] = [], displayRoot = process.cwd()): RuleSet[] {
  return loadFolders([SPECS_DIR, ...extraDirs.filter((d) => resolve(d) !== resolve(SPECS_DIR))], displayRoot);
}
