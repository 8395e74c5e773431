/**
 * Target configs: YAML checked against target.schema.json, each spec's `credentials` checked
 * against its auth scheme's own schema (from the scheme catalog), problems located by line and
 * pointer, secrets resolved from the environment at load (a missing variable is a config error
 * naming it). Nothing here knows any scheme by name.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { SpecLoadError, type SpecProblem } from '../config/errors.js';
import { escapePointer } from '../config/locate.js';
import { readYamlFile } from '../config/read.js';
import { createAjv, parseYaml, schemaProblems } from '../config/yaml.js';
import { schemaFiles } from '../model/assets.js';
import { lazyValidator } from '../config/schemas.js';
import type { TargetContext } from '../model/request.js';
import type { Timing } from '../model/scenario.js';
import { catalogEntry, schemeNames, secretFields, type SchemeCatalogEntry } from '../sign/catalog.js';
import type { Credentials } from '../sign/credentials.js';

type Secret = { env: string };

const KIND = 'target config';

interface TargetDoc {
  specs: Record<
    string,
    {
      profile?: string;
      baseUrl: string | Secret;
      entities: Record<string, string>;
      /** The scheme's name and its fields, as its catalog entry's schema allows them. */
      credentials: { scheme: string; [field: string]: unknown };
      deviceHandles?: Record<string, string>;
      options?: Record<string, string>;
      timing?: Record<string, number>;
    }
  >;
  run?: RunDefaults;
}

export interface RunDefaults {
  runs?: number;
  seed?: number;
  timeoutMs?: number;
  budgetSeconds?: number;
  concurrency?: number;
  rate?: number;
  maxBodyBytes?: number;
}

/** Everything the runner needs to reach one spec's target. Holds secrets: never serialise into a report. */
export interface ResolvedTarget {
  target: TargetContext;
  credentials: Credentials;
  deviceHandles: Record<string, string>;
  /** Facts about the target that rules may require (`tier: standard`). */
  options: Record<string, string>;
  /** Seconds for the spec's named timings (`delay`, `tolerance`), where the config sets them. */
  timings?: Record<string, number>;
}

export interface TargetConfig {
  file: string;
  specs: Record<string, ResolvedTarget>;
  run: RunDefaults;
  /** The profile of each spec entry: the command line's, else the entry's `profile:`, else absent (seed). */
  profiles: Record<string, string>;
}

type KnownSpecObject = Extract<KnownSpec, object>;

/** How a config's `profile:` entries are honoured: the spec under a profile, or why it has none. */
export interface TargetLoadOptions {
  /** The command line's --profile: overrides every entry's `profile:` (checked by the caller). */
  profile?: string;
  /** The loaded spec under `profile`, or the message saying it has no such profile. */
  profiled?: (spec: KnownSpecObject, profile: string) => KnownSpecObject | string;
}

/**
 * A spec a config may name: its id, or a loaded spec (a `RuleSet`), whose auth scheme the
 * config's credentials must then be for.
 */
export type KnownSpec =
  | string
  | {
      specId: string;
      operation: {
        auth: { scheme: string };
        entity?: { name: string; kinds: string[]; formats?: Record<string, { pattern?: string; description?: string }> };
        targetOptions?: Record<string, { values: string[]; description: string }>;
        timings?: readonly Timing[];
      };
    };

const BASE_URL = /^https?:\/\/[^/?#]+$/;

/** A base URL given inline or as `{ env: NAME }`; a bad value is a located problem (a base URL is no secret). */
function resolveBaseUrl(v: string | Secret, pointer: string, env: Record<string, string | undefined>, at: At): string {
  if (typeof v === 'string') return v;
  const value = Object.hasOwn(env, v.env) ? env[v.env] : undefined;
  if (value === undefined || value === '') at(`${pointer}/env`, `environment variable ${v.env} is not set`);
  else if (!BASE_URL.test(value)) at(`${pointer}/env`, `environment variable ${v.env} is "${value}", not a base URL (scheme and host, no path: ^https?://[^/?#]+$)`);
  return value ?? '';
}

/** The configured timings against those the spec declares: known names, each within its bounds. */
function checkTimings(timings: Record<string, number>, pointer: string, declared: readonly Timing[] | undefined, at: At): void {
  if (!declared) return;
  for (const [name, value] of Object.entries(timings)) {
    const t = declared.find((d) => d.name === name);
    if (!t) at(`${pointer}/${escapePointer(name)}`, `the spec has no timing "${name}"; it has ${declared.map((d) => d.name).join(', ') || 'none'}`, true);
    else if (value < t.min || value > t.max) at(`${pointer}/${escapePointer(name)}`, `${name} must be from ${t.min} to ${t.max} seconds (${t.description}), got ${value}`);
  }
}

/** The configured options against those the spec declares: known names, each one of its values. */
function checkOptions(options: Record<string, string>, pointer: string, declared: Record<string, { values: string[]; description: string }> | undefined, at: At): void {
  if (!declared) return;
  for (const [name, value] of Object.entries(options)) {
    const d = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!d) at(`${pointer}/${escapePointer(name)}`, `the spec declares no target option "${name}"${Object.keys(declared).length ? `; known: ${Object.keys(declared).join(', ')}` : ''}`, true);
    else if (!d.values.includes(value)) at(`${pointer}/${escapePointer(name)}`, `${name} takes ${d.values.join(', ')} (${d.description}), not "${value}"`);
  }
}

/** The configured entities against the kinds the spec declares: known names, each in its declared form. */
function checkEntities(entities: Record<string, string>, pointer: string, spec: Extract<KnownSpec, object>['operation']['entity'], at: At): void {
  if (!spec) return;
  for (const [kind, value] of Object.entries(entities)) {
    if (!spec.kinds.includes(kind)) {
      at(`${pointer}/${escapePointer(kind)}`, `the spec declares no ${spec.name} kind "${kind}"; known: ${spec.kinds.join(', ')}`, true);
      continue;
    }
    const format = spec.formats?.[kind];
    if (format?.pattern !== undefined && !new RegExp(format.pattern, 'u').test(value)) {
      at(`${pointer}/${escapePointer(kind)}`, `"${value}" does not match ${format.pattern}${format.description ? ` (${format.description})` : ''}`);
    }
  }
}

const ajv = createAjv();
/** The target config schema, loaded when the first config is read (a run against the embedded reference reads none). */
const targetValidator = lazyValidator<TargetDoc>(schemaFiles('src/target/target.schema.json'));

const credentialValidators = new Map<string, ValidateFunction>();

/** The scheme's credentials schema as one object schema (`scheme` itself is checked before). */
function credentialsValidator(entry: SchemeCatalogEntry): ValidateFunction {
  let v = credentialValidators.get(entry.name);
  if (!v) {
    v = ajv.compile({
      type: 'object',
      additionalProperties: false,
      required: [...(entry.credentials.required ?? [])],
      properties: { scheme: {}, ...entry.credentials.properties },
    });
    credentialValidators.set(entry.name, v);
  }
  return v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type At = (pointer: string, message: string, key?: boolean) => void;

/**
 * A conventional environment variable name (`YMQ_SECRET`, `TOKEN`): upper-case words joined by `_`.
 * Anything else written where a variable's name goes may be the secret itself, pasted in the wrong
 * place, so it is never shown.
 */
export function looksLikeVariableName(name: string): boolean {
  return name.length <= 64 && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(name) && (name.includes('_') || /^[A-Z]{1,16}$/.test(name));
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SECRET_HINT = 'secrets are read from the environment: write { env: NAME } and export NAME';

/**
 * Checks a secret field's value (`{ env: NAME }`) without ever putting what is written there
 * into a message: it may be the secret itself.
 */
function checkSecretField(value: unknown, pointer: string, at: At): boolean {
  if (!isObject(value)) {
    at(pointer, `must name an environment variable (${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} was given; it is not shown): ${SECRET_HINT}`);
    return false;
  }
  let ok = true;
  const others = Object.keys(value).filter((k) => k !== 'env');
  if (others.length) {
    at(pointer, `takes only the key env (${others.length} other key${others.length > 1 ? 's' : ''} given; not shown): ${SECRET_HINT}`);
    ok = false;
  }
  const name = value['env'];
  if (name === undefined) {
    at(pointer, `missing required key "env": ${SECRET_HINT}`);
    return false;
  }
  if (typeof name !== 'string' || !VARIABLE_NAME.test(name)) {
    at(`${pointer}/env`, `must be the name of an environment variable (letters, digits and _, not starting with a digit); what is written is not shown, as it may be the secret itself (${SECRET_HINT})`);
    return false;
  }
  return ok;
}

/**
 * Checks one spec's `credentials` against its scheme: a registered scheme, the one the spec uses,
 * fields as the scheme's schema allows, exactly one of its alternative field sets. True when usable.
 * The schema never sees a secret field's value: each is checked on its own, and no message quotes it.
 */
function checkCredentials(c: Record<string, unknown>, pointer: string, specScheme: string | undefined, at: At): boolean {
  if (typeof c['scheme'] !== 'string') return false;
  const entry = catalogEntry(c['scheme']);
  if (!entry) {
    at(`${pointer}/scheme`, `unknown auth scheme "${c['scheme']}"; known: ${schemeNames().join(', ')}`);
    return false;
  }
  let ok = true;
  if (specScheme !== undefined && specScheme !== entry.name) {
    at(`${pointer}/scheme`, `the spec is signed with "${specScheme}", but these credentials are for "${entry.name}"`);
    ok = false;
  }
  const secrets = secretFields(entry);
  const masked: Record<string, unknown> = { ...c };
  for (const field of secrets) {
    if (!Object.hasOwn(c, field)) continue;
    if (!checkSecretField(c[field], `${pointer}/${escapePointer(field)}`, at)) ok = false;
    masked[field] = { env: 'X' };
  }
  const v = credentialsValidator(entry);
  if (!v(masked)) {
    for (const p of schemaProblems(v.errors ?? [])) at(`${pointer}${p.pointer}`, p.message, p.atKey);
    ok = false;
  }
  const alternatives = entry.credentials.oneOf;
  if (alternatives) {
    const given = alternatives.filter((alt) => alt.required.every((k) => c[k] !== undefined));
    const describeAlt = (alt: { required: readonly string[] }): string => alt.required.join(' and ');
    if (given.length > 1) {
      at(pointer, `${entry.name} credentials take one of: ${alternatives.map(describeAlt).join('; or ')} — these give ${given.map(describeAlt).join(' and also ')}; keep one`);
      ok = false;
    } else if (given.length === 0) {
      const partial = alternatives.flatMap((alt) => alt.required.filter((k) => c[k] !== undefined));
      at(pointer, `${entry.name} credentials need one of: ${alternatives.map(describeAlt).join('; or ')}${partial.length ? ` (only ${partial.join(', ')} given)` : ''}`);
      ok = false;
    }
  }
  return ok;
}

/** Values under a spec's credentials (other than its scheme) may be secrets: schema messages describe them by type only. */
const underCredentials = (pointer: string): boolean => /^\/specs\/[^/]+\/credentials(?:\/(?!scheme$)|$)/.test(pointer);

export function loadTargetText(text: string, file: string, env: Record<string, string | undefined> = process.env, knownSpecs?: readonly KnownSpec[], options: TargetLoadOptions = {}): TargetConfig {
  const { data, locator } = parseYaml(text, file, KIND);
  const problems: SpecProblem[] = [];
  const at: At = (pointer, message, key = false) => {
    problems.push({ file, ...locator.position(pointer, key), pointer, message });
  };
  // Each entry's profile (the command line's wins), and its spec under that profile: the
  // credentials, entities and options are checked against the profile's spec.
  const profiles: Record<string, string> = {};
  const entries = isObject(data) && isObject(data['specs']) ? data['specs'] : {};
  const specsUnderProfile = knownSpecs?.map((k) => {
    if (typeof k === 'string') return k;
    const entry = entries[k.specId];
    const written = isObject(entry) && typeof entry['profile'] === 'string' ? entry['profile'] : undefined;
    const chosen = options.profile ?? written;
    if (chosen === undefined) return k;
    profiles[k.specId] = chosen;
    if (!options.profiled) return k;
    const r = options.profiled(k, chosen);
    if (typeof r !== 'string') return r;
    if (options.profile === undefined) at(`/specs/${escapePointer(k.specId)}/profile`, r);
    return k;
  });
  const known = specsUnderProfile?.map((k) =>
    typeof k === 'string'
      ? { id: k, scheme: undefined, entity: undefined, options: undefined, timings: undefined }
      : { id: k.specId, scheme: k.operation.auth.scheme, entity: k.operation.entity, options: k.operation.targetOptions, timings: k.operation.timings },
  );
  const schemeOf = (id: string): string | undefined => known?.find((k) => k.id === id)?.scheme;

  const validate = targetValidator();
  const valid = validate(data);
  if (!valid) for (const p of schemaProblems(validate.errors ?? [], underCredentials)) at(p.pointer, p.message, p.atKey);
  // Each spec's credentials against its scheme, even when the rest has problems: all at once.
  const usable = new Set<string>();
  const specs = isObject(data) && isObject(data['specs']) ? data['specs'] : {};
  for (const [id, t] of Object.entries(specs)) {
    if (!isObject(t) || !isObject(t['credentials'])) continue;
    if (checkCredentials(t['credentials'], `/specs/${escapePointer(id)}/credentials`, schemeOf(id), at)) usable.add(id);
  }
  if (!valid || problems.length) throw new SpecLoadError(problems, KIND);

  const resolved: Record<string, ResolvedTarget> = {};
  for (const [id, t] of Object.entries(data.specs)) {
    const base = `/specs/${escapePointer(id)}`;
    if (known && !known.some((k) => k.id === id)) at(base, `no spec with id "${id}"; known: ${known.map((k) => k.id).join(', ')}`, true);
    checkEntities(t.entities, `${base}/entities`, known?.find((k) => k.id === id)?.entity, at);
    checkOptions(t.options ?? {}, `${base}/options`, known?.find((k) => k.id === id)?.options, at);
    checkTimings(t.timing ?? {}, `${base}/timing`, known?.find((k) => k.id === id)?.timings, at);
    if (!usable.has(id)) continue;
    resolved[id] = {
      target: { baseUrl: resolveBaseUrl(t.baseUrl, `${base}/baseUrl`, env, at), entities: { ...t.entities } },
      credentials: resolveCredentials(t.credentials, `${base}/credentials`, env, at),
      deviceHandles: { ...(t.deviceHandles ?? {}) },
      options: { ...(t.options ?? {}) },
      ...(t.timing ? { timings: { ...t.timing } } : {}),
    };
  }
  if (problems.length) throw new SpecLoadError(problems, KIND);
  for (const [id, t] of Object.entries(data.specs)) if (profiles[id] === undefined && (options.profile ?? t.profile) !== undefined) profiles[id] = options.profile ?? t.profile!;
  return { file, specs: resolved, run: data.run ?? {}, profiles };
}

/** Credentials with every secret field read from the environment and the scheme's defaults filled in. */
function resolveCredentials(c: TargetDoc['specs'][string]['credentials'], pointer: string, env: Record<string, string | undefined>, at: At): Credentials {
  const entry = catalogEntry(c.scheme)!;
  const secrets = new Set(secretFields(entry));
  const out: Record<string, unknown> = { ...entry.credentials.defaults };
  for (const [field, value] of Object.entries(c)) {
    if (!secrets.has(field)) {
      out[field] = value;
      continue;
    }
    const name = (value as Secret).env;
    const resolved = Object.hasOwn(env, name) ? env[name] : undefined;
    if (resolved === undefined || resolved === '') {
      at(
        `${pointer}/${escapePointer(field)}/env`,
        looksLikeVariableName(name)
          ? `environment variable ${name} is ${resolved === '' ? 'empty' : 'not set'}`
          : `the environment variable named here is ${resolved === '' ? 'empty' : 'not set'} (its name is not shown: it does not look like one, and may be the secret itself; ${SECRET_HINT})`,
      );
    }
    out[field] = resolved ?? '';
  }
  return { ...out, scheme: c.scheme };
}

export function loadTargetFile(path: string, env: Record<string, string | undefined> = process.env, knownSpecs?: readonly KnownSpec[], options: TargetLoadOptions = {}): TargetConfig {
  return loadTargetText(readYamlFile(path, path, KIND), path, env, knownSpecs, options);
}
