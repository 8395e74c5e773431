/**
 * Loads spec files: YAML (with positions) → JSON Schema (ajv) → semantic checks → rules.
 * Every problem names file, line, column and JSON pointer; all problems are reported at once.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleSet } from '../src/model/rule.js';
import { compileSpec } from './compile.js';
import { SpecLoadError, type SpecProblem } from '../src/config/errors.js';
import { createAjv, parseYaml, schemaProblems } from '../src/config/yaml.js';
import { parseProfileText, registerProfile, registerSpec, type ProfileFile } from './profile.js';
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
  const set: RuleSet = { specId: data.id, title: data.title, seed: data.seed, file, rules: compiled.rules, operation: compiled.operation! };
  registerSpec(set, data, locator);
  return set;
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

/** A folder of profile overlays (`specs/<dir>/profiles/`): its files are never specs. */
const PROFILES_FOLDER = 'profiles';

const isYaml = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

/**
 * Every `*.yaml` / `*.yml` below `dir` (node_modules and hidden folders left out), sorted, so rule
 * order does not depend on the file system; `profiles` folders hold overlays and are listed apart.
 */
function yamlFiles(dir: string, out: { specs: string[]; profiles: string[] } = { specs: [], profiles: [] }): { specs: string[]; profiles: string[] } {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === PROFILES_FOLDER) out.profiles.push(...readdirSync(full).sort().filter(isYaml).map((f) => join(full, f)).filter((f) => statSync(f).isFile()));
      else if (entry !== 'node_modules' && !entry.startsWith('.')) yamlFiles(full, out);
    } else if (isYaml(entry)) out.specs.push(full);
  }
  return out;
}

/** Every spec file below `dir`, target configs and profile overlays left out. */
export function findSpecFiles(dir = SPECS_DIR): string[] {
  return yamlFiles(dir).specs.filter((f) => !isTargetConfig(readFileSync(f, 'utf8')));
}

/** Every profile overlay file below `dir` (the files of its `profiles` folders). */
export function findProfileFiles(dir = SPECS_DIR): string[] {
  return yamlFiles(dir).profiles;
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
  const profiles: ProfileFile[] = [];
  for (const dir of dirs) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      problems.push({ file: dir, line: 1, column: 1, pointer: '', message: 'not a folder of spec files' });
      continue;
    }
    const files = yamlFiles(dir);
    for (const file of files.profiles) {
      const shown = relative(displayRoot, resolve(file)) || file;
      try {
        profiles.push(parseProfileText(readFileSync(file, 'utf8'), shown, basename(file).replace(/\.ya?ml$/, '')));
      } catch (err) {
        if (err instanceof SpecLoadError) problems.push(...err.problems);
        else throw err;
      }
    }
    for (const file of files.specs) {
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
  // Overlays are matched to specs by id, from any loaded folder: a --specs-dir may carry
  // profiles of its own specs or of shipped ones.
  const specsFailed = problems.length > 0;
  for (const p of profiles) {
    const set = sets.find((s) => s.specId === p.specId);
    if (!set) {
      // A spec that failed to load is already reported; its overlays have nothing to add.
      if (specsFailed) continue;
      problems.push({ file: p.file, ...p.locator.position('/spec'), pointer: '/spec', message: `no spec with id "${p.specId}"; known: ${sets.map((s) => s.specId).join(', ')}` });
      continue;
    }
    const dup = registerProfile(set, p);
    if (dup) problems.push(dup);
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
