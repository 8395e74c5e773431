/**
 * Profiles: YAML overlays on a spec (`specs/<dir>/profiles/<name>.yaml`). `seed` is the spec as
 * written; any other profile names its spec, says which ambiguity readings it takes per rule slug,
 * and patches the spec document for what differs beyond readings. The patched document is
 * validated against spec.schema.json and compiled like any spec; every problem is located in the
 * overlay (or, for what the patch left alone, in the spec file) by line, column and JSON pointer.
 *
 * Merge rules (`patch` onto the spec document):
 *  - maps merge key by key; a key whose patch value is `null` is removed;
 *  - a list whose items (in the spec and in the patch) are all maps carrying the same identity key
 *    — the first of id, slug, name, path, status, code, value that every item has — merges item by
 *    item on that key: a patch item merges into the spec's item with the same key, `$delete: true`
 *    removes it, an item with a new key is appended;
 *  - anything else (scalars, lists of scalars, lists without a shared identity key) is replaced.
 *
 * Readings: `readings: { <rule slug>: [<alternative id>, ...] }`. Only the listed alternatives of
 * that rule's ambiguity are accepted under the profile; the first listed is the rule's primary
 * expectation (its `expect`, or the rule's own expectation when it has none).
 */
import { SpecLoadError, type SpecProblem } from '../src/config/errors.js';
import { escapePointer, type Locator } from '../src/config/locate.js';
import { parseYaml, schemaProblems } from '../src/config/yaml.js';
import type { Expectation, Rule, RuleSet } from '../src/model/rule.js';
import { compileSpec } from './compile.js';
import { UnknownProfileError } from './errors.js';
import { schemaFiles } from '../src/model/assets.js';
import { lazyValidator, loadValidator } from '../src/config/schemas.js';
import type { SpecDoc } from './types.js';

/** The implicit profile: the spec as written. */
export const SEED_PROFILE = 'seed';

const validateOverlay = loadValidator<ProfileOverlay>(schemaFiles('specs/profile.schema.json'));
/** The spec schema, for a spec patched by an overlay. */
const specValidator = lazyValidator(schemaFiles('specs/spec.schema.json'));

export interface ProfileOverlay {
  profile: string;
  spec: string;
  description: string;
  source: { facts: string; sdk?: string };
  readings?: Record<string, string[]>;
  patch?: Record<string, unknown>;
}

/** One overlay file, parsed and checked against profile.schema.json. */
export interface ProfileFile {
  name: string;
  specId: string;
  /** The file as shown in messages. */
  file: string;
  overlay: ProfileOverlay;
  locator: Locator;
}

/** What a loaded spec was built from, so a profile of it can be built later. */
interface SpecSource {
  doc: SpecDoc;
  file: string;
  locator: Locator;
  profiles: Map<string, ProfileFile>;
  built: Map<string, RuleSet>;
}

const SOURCES = new WeakMap<RuleSet, SpecSource>();

/** A profile a spec does not have: a usage mistake, not a broken file. */
export { UnknownProfileError } from './errors.js';

/** Parses one overlay file's text and checks it against profile.schema.json and its file name. */
export function parseProfileText(text: string, file: string, expectedName?: string): ProfileFile {
  const { data, locator } = parseYaml(text, file);
  if (!validateOverlay(data)) {
    throw new SpecLoadError(schemaProblems(validateOverlay.errors ?? []).map((p) => ({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message })));
  }
  if (expectedName !== undefined && data.profile !== expectedName) {
    throw new SpecLoadError([{ file, ...locator.position('/profile'), pointer: '/profile', message: `the profile is named "${data.profile}", but its file is ${expectedName}.yaml; name the file after the profile` }]);
  }
  return { name: data.profile, specId: data.spec, file, overlay: data, locator };
}

/** Called by the loader for every spec it loads: keeps what its profiles are built from. */
export function registerSpec(set: RuleSet, doc: SpecDoc, locator: Locator): void {
  SOURCES.set(set, { doc, file: set.file, locator, profiles: new Map(), built: new Map([[SEED_PROFILE, set]]) });
}

/** Called by the loader for every overlay whose spec it loaded; a second overlay of one name is an error. */
export function registerProfile(set: RuleSet, profile: ProfileFile): SpecProblem | undefined {
  const src = SOURCES.get(set)!;
  const prev = src.profiles.get(profile.name);
  if (prev) return { file: profile.file, ...profile.locator.position('/profile'), pointer: '/profile', message: `spec ${set.specId} already has a profile "${profile.name}" in ${prev.file}` };
  src.profiles.set(profile.name, profile);
  set.profiles = [SEED_PROFILE, ...[...src.profiles.keys()].sort()];
  return undefined;
}

/** The profiles a spec has, `seed` first. */
export function profileNames(set: RuleSet): string[] {
  return set.profiles ?? [SEED_PROFILE];
}

/**
 * The spec under the named profile (built once, then cached): `seed` is the spec itself. A name
 * the spec lacks throws UnknownProfileError; a broken overlay throws SpecLoadError with every
 * problem located.
 */
export function withProfile(set: RuleSet, name: string): RuleSet {
  if ((set.profile ?? SEED_PROFILE) === name) return set;
  const src = SOURCES.get(set);
  if (!src) {
    if (name === SEED_PROFILE) return set;
    throw new UnknownProfileError(set.specId, name, profileNames(set));
  }
  const cached = src.built.get(name);
  if (cached) return cached;
  const profile = src.profiles.get(name);
  if (!profile) throw new UnknownProfileError(set.specId, name, profileNames(set));
  const built = buildProfile(set, src, profile);
  src.built.set(name, built);
  return built;
}

// --- merging -----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

const IDENTITY_KEYS = ['id', 'slug', 'name', 'path', 'status', 'code', 'value'] as const;
const DELETE = '$delete';

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a node of the patched document was written: in the overlay (its `/patch/...` pointer) or in the spec. */
interface Origin {
  inOverlay: boolean;
  pointer: string;
}

interface MergeState {
  /** Patched-document pointer → where that node came from (the nearest recorded ancestor covers the rest). */
  origins: Map<string, Origin>;
  problems: Array<{ pointer: string; message: string; atKey?: boolean }>;
}

/** The identity key every item of every list carries, if any. */
function identityKey(lists: Json[][]): string | undefined {
  const items = lists.flat();
  if (!items.length || !items.every(isMap)) return undefined;
  return IDENTITY_KEYS.find((k) => items.every((i) => (i as JsonMap)[k] !== undefined && (i as JsonMap)[k] !== null && typeof (i as JsonMap)[k] !== 'object'));
}

function stripDelete(v: Json): Json {
  if (!isMap(v)) return v;
  const { [DELETE]: _gone, ...rest } = v;
  return rest;
}

function merge(base: Json | undefined, basePtr: string, patch: Json, patchPtr: string, out: string, st: MergeState): Json {
  if (isMap(patch) && isMap(base)) {
    st.origins.set(out, { inOverlay: true, pointer: patchPtr });
    const result: JsonMap = { ...base };
    for (const k of Object.keys(base)) st.origins.set(`${out}/${escapePointer(k)}`, { inOverlay: false, pointer: `${basePtr}/${escapePointer(k)}` });
    for (const [k, v] of Object.entries(patch)) {
      const seg = escapePointer(k);
      if (v === null) {
        if (!Object.hasOwn(base, k)) st.problems.push({ pointer: `${patchPtr}/${seg}`, message: `null removes "${k}", which the spec does not have at ${out || '/'}`, atKey: true });
        delete result[k];
        st.origins.delete(`${out}/${seg}`);
        continue;
      }
      result[k] = merge(base[k], `${basePtr}/${seg}`, v, `${patchPtr}/${seg}`, `${out}/${seg}`, st);
    }
    return result;
  }
  if (Array.isArray(patch) && Array.isArray(base)) {
    const key = identityKey([base, patch]);
    if (key !== undefined) return mergeList(base as JsonMap[], basePtr, patch as JsonMap[], patchPtr, out, key, st);
  }
  // Replaced (or new): the whole subtree is the overlay's.
  if (isMap(patch) && patch[DELETE] !== undefined) st.problems.push({ pointer: `${patchPtr}/${DELETE}`, message: `${DELETE} removes an item of a list of named items; ${out || '/'} is not one in the spec`, atKey: true });
  st.origins.set(out, { inOverlay: true, pointer: patchPtr });
  return patch;
}

function mergeList(base: JsonMap[], basePtr: string, patch: JsonMap[], patchPtr: string, out: string, key: string, st: MergeState): Json[] {
  st.origins.set(out, { inOverlay: true, pointer: patchPtr });
  const result: Array<{ value: JsonMap; basePtr?: string; patchPtr?: string; patchValue?: JsonMap }> = base.map((v, i) => ({ value: v, basePtr: `${basePtr}/${i}` }));
  patch.forEach((item, j) => {
    const at = result.findIndex((r) => r.value[key] === item[key]);
    const ptr = `${patchPtr}/${j}`;
    if (item[DELETE] === true) {
      if (at < 0) st.problems.push({ pointer: `${ptr}/${key}`, message: `${DELETE}: the spec has no item with ${key} ${JSON.stringify(item[key])} at ${out || '/'}` });
      else result.splice(at, 1);
      return;
    }
    if (item[DELETE] !== undefined) st.problems.push({ pointer: `${ptr}/${DELETE}`, message: `${DELETE} takes true, got ${JSON.stringify(item[DELETE])}` });
    if (at < 0) result.push({ value: stripDelete(item) as JsonMap, patchPtr: ptr });
    else result[at] = { ...result[at]!, patchPtr: ptr, patchValue: stripDelete(item) as JsonMap };
  });
  return result.map((r, i) => {
    const o = `${out}/${i}`;
    if (r.patchValue !== undefined) return merge(r.value, r.basePtr!, r.patchValue, r.patchPtr!, o, st);
    st.origins.set(o, r.basePtr !== undefined ? { inOverlay: false, pointer: r.basePtr } : { inOverlay: true, pointer: r.patchPtr! });
    return r.value;
  });
}

/** A spec document with an overlay's patch applied (pure; the inputs are not changed). */
export function applyPatch(doc: unknown, patch: Record<string, unknown>): { doc: unknown; origins: Map<string, Origin>; problems: MergeState['problems'] } {
  const st: MergeState = { origins: new Map([['', { inOverlay: true, pointer: '/patch' }]]), problems: [] };
  const merged = merge(structuredClone(doc) as Json, '', structuredClone(patch) as Json, '/patch', '', st);
  return { doc: merged, origins: st.origins, problems: st.problems };
}

// --- building a profile ------------------------------------------------------------------------

/** The ambiguity objects of a document, by JSON pointer. */
function ambiguities(node: unknown, pointer: string, out: Map<string, { note: string; alternatives: Array<{ id: string; accepted?: boolean }> }>): void {
  if (Array.isArray(node)) node.forEach((v, i) => ambiguities(v, `${pointer}/${i}`, out));
  else if (isMap(node)) {
    for (const [k, v] of Object.entries(node)) {
      const p = `${pointer}/${escapePointer(k)}`;
      if (k === 'ambiguity' && isMap(v) && Array.isArray(v['alternatives'])) out.set(p, v as unknown as { note: string; alternatives: Array<{ id: string }> });
      ambiguities(v, p, out);
    }
  }
}

const MARK = '\u0000ruleprobe-ambiguity:';

function buildProfile(seedSet: RuleSet, src: SpecSource, profile: ProfileFile): RuleSet {
  const { overlay } = profile;
  const problems: SpecProblem[] = [];
  const inOverlay = (pointer: string, message: string, atKey = false): void => {
    problems.push({ file: profile.file, ...profile.locator.position(pointer, atKey), pointer, message });
  };
  const patched = applyPatch(src.doc, overlay.patch ?? {});
  for (const p of patched.problems) inOverlay(p.pointer, p.message, p.atKey ?? false);
  /** A problem at a pointer of the patched document, located where that node was written. */
  const locate = (pointer: string, message: string, atKey = false): void => {
    let prefix = pointer;
    while (!patched.origins.has(prefix) && prefix !== '') prefix = prefix.slice(0, prefix.lastIndexOf('/'));
    const origin = patched.origins.get(prefix)!;
    const at = origin.pointer + pointer.slice(prefix.length);
    const note = ` (the spec patched by profile ${profile.name}, at ${pointer || '/'})`;
    if (origin.inOverlay) inOverlay(at, message + note, atKey);
    else problems.push({ file: src.file, ...src.locator.position(at, atKey), pointer: at, message: message + note });
  };
  if (problems.length) throw new SpecLoadError(problems);

  const validateSpec = specValidator();
  if (!validateSpec(patched.doc)) {
    for (const p of schemaProblems(validateSpec.errors ?? [])) locate(p.pointer, p.message, p.atKey);
    throw new SpecLoadError(problems);
  }
  const doc = patched.doc as SpecDoc;
  if (doc.id !== seedSet.specId) {
    locate('/id', `a profile cannot change the spec id (${seedSet.specId})`);
    throw new SpecLoadError(problems);
  }

  // Which ambiguity each rule has: each ambiguity's note carries its pointer through compilation.
  const found = new Map<string, { note: string; alternatives: Array<{ id: string; accepted?: boolean }> }>();
  ambiguities(doc, '', found);
  for (const [pointer, amb] of found) amb.note = `${MARK}${pointer}\u0000${amb.note}`;
  const first = compileSpec(doc);
  for (const p of first.problems) locate(p.pointer, p.message, p.atKey ?? false);
  if (problems.length) throw new SpecLoadError(problems);
  const ambiguityOf = new Map<string, string>();
  for (const r of first.rules) {
    const note = r.ambiguity?.note;
    if (note?.startsWith(MARK)) ambiguityOf.set(r.slug, note.slice(MARK.length, note.indexOf('\u0000', MARK.length)));
  }
  for (const amb of found.values()) amb.note = amb.note.slice(amb.note.indexOf('\u0000', MARK.length) + 1);

  // Readings: only the listed alternatives are accepted, in the listed order.
  const readings = overlay.readings ?? {};
  const slugs = new Set(first.rules.map((r) => r.slug));
  for (const [slug, ids] of Object.entries(readings)) {
    const at = `/readings/${escapePointer(slug)}`;
    if (!slugs.has(slug)) {
      inOverlay(at, `spec ${seedSet.specId} has no rule with slug "${slug}"`, true);
      continue;
    }
    const pointer = ambiguityOf.get(slug);
    if (pointer === undefined) {
      inOverlay(at, `rule ${seedSet.specId}/${slug} records no ambiguity, so it has no readings to choose`, true);
      continue;
    }
    const amb = found.get(pointer)!;
    const known = amb.alternatives.map((a) => a.id);
    ids.forEach((id, i) => {
      if (!known.includes(id)) inOverlay(`${at}/${i}`, `rule ${seedSet.specId}/${slug} has no reading "${id}"; its readings: ${known.join(', ')}`);
    });
  }
  if (problems.length) throw new SpecLoadError(problems);
  for (const [slug, ids] of Object.entries(readings)) {
    const amb = found.get(ambiguityOf.get(slug)!)!;
    for (const a of amb.alternatives) a.accepted = ids.includes(a.id);
    amb.alternatives.sort((a, b) => rank(ids, a.id) - rank(ids, b.id));
  }

  const compiled = compileSpec(doc);
  for (const p of compiled.problems) locate(p.pointer, p.message, p.atKey ?? false);
  if (problems.length) throw new SpecLoadError(problems);
  const rules = compiled.rules.map((r) => (readings[r.slug] ? primaryReading(r, profile.name) : r));
  const set: RuleSet = {
    specId: doc.id,
    title: doc.title,
    seed: doc.seed,
    file: seedSet.file,
    rules,
    operation: compiled.operation!,
    profile: profile.name,
    profiles: profileNames(seedSet),
    profileSource: { file: profile.file, description: overlay.description, facts: overlay.source.facts, ...(overlay.source.sdk ? { sdk: overlay.source.sdk } : {}) },
  };
  SOURCES.set(set, src);
  return set;
}

function rank(ids: string[], id: string): number {
  const i = ids.indexOf(id);
  return i < 0 ? ids.length : i;
}

/**
 * The rule with its first listed reading as the primary expectation; the other listed readings
 * stay accepted, each with its own expectation (one without any shares the rule's own).
 */
function primaryReading(rule: Rule, profile: string): Rule {
  const alternatives = rule.ambiguity!.alternatives;
  const primary = alternatives[0]!;
  const own: Expectation = rule.expect;
  if (!primary.expect) return { ...rule, requirement: `${rule.requirement} Profile ${profile} takes the reading "${primary.id}".` };
  return {
    ...rule,
    expect: primary.expect,
    requirement: `${rule.requirement} Profile ${profile} takes the reading "${primary.id}": ${primary.description}`,
    ambiguity: { ...rule.ambiguity!, alternatives: alternatives.map((a) => (a.accepted && !a.expect ? { ...a, expect: own } : a)) },
  };
}
