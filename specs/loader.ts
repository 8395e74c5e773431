/**
 * Loads spec files: YAML (with positions) → JSON Schema (ajv) → semantic checks → rules.
 * Every problem names file, line, column and JSON pointer; all problems are reported at once.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { RuleSet } from '../src/model/rule.js';
import { packagePath, schemaFiles } from '../src/model/assets.js';
import { loadValidator } from '../src/config/schemas.js';
import { compileSpec } from './compile.js';
import { SpecLoadError, type SpecProblem } from '../src/config/errors.js';
import { fsReason, readYamlFile } from '../src/config/read.js';
import { parseYaml, schemaProblems } from '../src/config/yaml.js';
import { parseProfileText, registerProfile, registerSpec, type ProfileFile } from './profile.js';
import type { SpecDoc } from './types.js';

/** The shipped specs (and their schemas): `specs/` of the package, also when running compiled. */
export const SPECS_DIR = packagePath('specs');
const validate = loadValidator<SpecDoc>(schemaFiles('specs/spec.schema.json'));

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
  return loadSpecText(readYamlFile(path, shown, 'spec file'), shown);
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

interface Found {
  specs: string[];
  profiles: string[];
  /** Entries that could not be listed or followed: a dangling symbolic link, a loop, no permission. */
  problems: SpecProblem[];
}

/**
 * Every `*.yaml` / `*.yml` below `dir` (node_modules and hidden folders left out), sorted, so rule
 * order does not depend on the file system; `profiles` folders hold overlays and are listed apart.
 * Symbolic links are followed, each folder once: a link back to a folder above is a located problem,
 * as is a link to nothing and a folder that cannot be listed.
 */
function yamlFiles(dir: string, displayRoot = process.cwd(), out: Found = { specs: [], profiles: [], problems: [] }, seen: Set<string> = new Set()): Found {
  const shown = (f: string): string => relative(displayRoot, resolve(f)) || f;
  const problem = (f: string, message: string): void => {
    out.problems.push({ file: shown(f), line: 1, column: 1, pointer: '', message });
  };
  let real: string;
  let entries: string[];
  try {
    real = realpathSync(dir);
    entries = readdirSync(dir).sort();
  } catch (err) {
    problem(dir, `cannot list the folder: ${fsReason(err)}`);
    return out;
  }
  if (seen.has(real)) {
    problem(dir, `a symbolic link back to ${shown(real)}, which is already being read (a loop); remove the link`);
    return out;
  }
  seen.add(real);
  for (const entry of entries) {
    const full = join(dir, entry);
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    let stat: Stats | undefined;
    try {
      stat = statSync(full, { throwIfNoEntry: false });
    } catch (err) {
      if (isYaml(entry) || !entry.includes('.')) problem(full, `cannot read: ${fsReason(err)}`);
      continue;
    }
    if (!stat) {
      // statSync follows links; lstat tells a link to nothing from an entry gone meanwhile.
      const link = lstatSync(full, { throwIfNoEntry: false });
      if (link?.isSymbolicLink() && (isYaml(entry) || !entry.includes('.'))) problem(full, `a symbolic link to ${readlinkSafe(full)}, which does not exist`);
      continue;
    }
    if (stat.isDirectory()) {
      if (entry === PROFILES_FOLDER) {
        const inner = yamlFiles(full, displayRoot, { specs: [], profiles: [], problems: [] }, seen);
        // A profiles folder holds overlays only; its own sub-folders are not read.
        out.profiles.push(...inner.specs.filter((f) => dirname(f) === full));
        out.problems.push(...inner.problems);
      } else yamlFiles(full, displayRoot, out, seen);
    } else if (isYaml(entry) && stat.isFile()) out.specs.push(full);
  }
  seen.delete(real);
  return out;
}

function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'nothing';
  }
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
    let stat: Stats | undefined;
    try {
      stat = statSync(dir, { throwIfNoEntry: false });
    } catch (err) {
      problems.push({ file: dir, line: 1, column: 1, pointer: '', message: `cannot read the folder of spec files: ${fsReason(err)}` });
      continue;
    }
    if (!stat?.isDirectory()) {
      problems.push({ file: dir, line: 1, column: 1, pointer: '', message: stat ? 'not a folder of spec files (a file)' : 'no such folder of spec files' });
      continue;
    }
    const files = yamlFiles(dir, displayRoot);
    problems.push(...files.problems);
    for (const file of files.profiles) {
      const shown = relative(displayRoot, resolve(file)) || file;
      try {
        profiles.push(parseProfileText(readYamlFile(file, shown, 'profile file'), shown, basename(file).replace(/\.ya?ml$/, '')));
      } catch (err) {
        if (err instanceof SpecLoadError) problems.push(...err.problems);
        else throw err;
      }
    }
    for (const file of files.specs) {
      const shown = relative(displayRoot, resolve(file)) || file;
      try {
        const text = readYamlFile(file, shown, 'spec file');
        if (isTargetConfig(text)) continue;
        const set = loadSpecText(text, shown);
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
