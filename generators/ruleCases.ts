/**
 * Everything a rule sends: its deterministic cases (boundaries, the document's examples,
 * controls) first, then an arbitrary of random cases. Same seed → same requests.
 */
import fc from 'fast-check';
import { fieldWithRole, parameterByWireName, type FieldModel, type OperationModel } from '../src/model/operation.js';
import type { AbstractRequest, RequestCase } from '../src/model/request.js';
import type { FixedCase, Rule } from '../src/model/rule.js';
import { parseVary, varyCombinations, type VaryScope, type VaryToken } from '../src/model/vary.js';
import { missingQueueUrl } from '../src/model/entity.js';
import { appliesTo, baseRequest, canonicalValue, formatSelector, hashOf, isUniquePerMessage, listedSelection, platformOf, uniqueValue, withField, type GenContext } from './_internals/build.js';
import { familyOf } from '../src/families/catalog.js';
import { parameterValue } from '../src/families/body.js';
import { familyGeneration } from '../src/families/generation.js';
import { complement, fromCodePoints, stringOfBytes, textIn, type Ranges } from './_internals/codePoints.js';
import { constraintCases, findField } from './constraintCases.js';
import { validRequest, withFieldTokens } from './validRequest.js';

export interface RuleCases {
  /** Run first, in order. */
  fixed: RequestCase[];
  /** Random cases after the fixed ones; absent where a rule has nothing random to vary. */
  random?: fc.Arbitrary<RequestCase>;
}

/**
 * A rule's cases. What determines them is the rule, the operation and the generation context
 * (the nonce only where a value must be unique per message), so they are built once and the
 * same frozen cases are handed out again — to every seed, run and replay — from a cache bounded
 * in size (see `RULE_CASES_CACHE`). Cases are values: nothing may change one, and since every
 * edit copies (withField), nothing does; freezing makes a slip throw instead of leaking.
 */
export function ruleCases(rule: Rule, op: OperationModel, ctx: GenContext): RuleCases {
  const key = cacheKey(rule, op, ctx);
  const hit = CACHE.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is evicted first.
    CACHE.delete(key);
    CACHE.set(key, hit);
    return hit.cases;
  }
  const cases = freshRuleCases(rule, op, ctx);
  remember(key, cases);
  return cases;
}

/** The cases built anew, without the cache (what the cache must always equal). */
export function freshRuleCases(rule: Rule, op: OperationModel, ctx: GenContext): RuleCases {
  const cases = casesOf(rule, op, ctx);
  const finish = (c: RequestCase): RequestCase => withDeviceHandles(op, ctx, withSpellings(op, c));
  const fixed = uniquePerMessage(op, ctx, cases.fixed).map(finish);
  for (const c of fixed) deepFreeze(c);
  return { fixed, ...(cases.random ? { random: cases.random.map(finish) } : {}) };
}

/** The bounds of the rule-case cache: entries, and an estimate of the bytes their requests hold. */
export const RULE_CASES_CACHE = { maxEntries: 1024, maxBytes: 48 * 1024 * 1024 };

interface CacheEntry {
  cases: RuleCases;
  bytes: number;
}

const CACHE = new Map<string, CacheEntry>();
let cachedBytes = 0;
const ids = new WeakMap<object, number>();
let nextId = 0;
const idOf = (o: object): number => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
};

/** Drops every cached rule case (tests; a long-lived process that wants its memory back). */
export function clearRuleCasesCache(): void {
  CACHE.clear();
  cachedBytes = 0;
}

/** How many rules' cases are cached, and the estimated bytes they hold. */
export function ruleCasesCacheSize(): { entries: number; bytes: number } {
  return { entries: CACHE.size, bytes: cachedBytes };
}

function remember(key: string, cases: RuleCases): void {
  const bytes = cases.fixed.reduce((n, c) => n + requestBytes(c.request) + (c.eitherOf ?? []).reduce((m, e) => m + requestBytes(e.request), 0), 0);
  // A rule whose cases alone exceed the bound is not cached (built again each time).
  if (bytes > RULE_CASES_CACHE.maxBytes) return;
  CACHE.set(key, { cases, bytes });
  cachedBytes += bytes;
  for (const [k, e] of CACHE) {
    if (cachedBytes <= RULE_CASES_CACHE.maxBytes && CACHE.size <= RULE_CASES_CACHE.maxEntries) break;
    CACHE.delete(k);
    cachedBytes -= e.bytes;
  }
}

/**
 * What determines a rule's cases: the rule and operation (by identity), the entity, its value,
 * the device handles, and the nonce where it is mixed into a value (a deduplication id the
 * entity takes, or a sequence's group and deduplication ids).
 */
function cacheKey(rule: Rule, op: OperationModel, ctx: GenContext): string {
  const usesNonce = rule.stimulus.kind === 'sequence' || op.parameters.some((p) => isUniquePerMessage(p) && appliesTo(p, ctx.entity));
  return JSON.stringify([idOf(rule), idOf(op), ctx.entity, ctx.entityValue, ctx.deviceHandles, usesNonce ? (ctx.nonce ?? null) : null]);
}

/** Roughly what a request and its encodings take in memory: its text twice over (the value and its percent-encoded bytes), plus a little per field. */
function requestBytes(req: AbstractRequest): number {
  const text = (v: unknown): number => (typeof v === 'string' ? v.length * 2 : v && typeof v === 'object' && 'raw' in v ? String((v as { raw: string }).raw).length : 0);
  let n = 256;
  for (const h of req.headers) n += 64 + text(h.value);
  for (const q of req.query) n += 64 + text(q.value);
  const b = req.body;
  if (b.kind === 'form') for (const f of b.fields) n += 64 + text(f.name) + text(f.value) * 2;
  else if (b.kind === 'raw') n += text(b.value) * 2;
  else if (b.kind === 'atom') n += text(b.description) * 3;
  else if (b.kind === 'json') n += JSON.stringify(b.value ?? null).length * 3;
  return n;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v) || ArrayBuffer.isView(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

/**
 * An accepted case that carries a value written in one of several readings (`windows phone`,
 * which the later revision spells `windowsphone`) is sent in that first reading's spelling, and in
 * the others only while the target refuses it: the spelling is the question of its own rule
 * (format-…), so no other rule fails because a target knows the other spelling.
 */
function withSpellings(op: OperationModel, c: RequestCase): RequestCase {
  if (c.expect !== 'accept' || c.eitherOf) return c;
  let out = c;
  for (const f of [...op.headers, ...op.query]) {
    for (const e of f.enum ?? []) {
      if (!e.readings || fieldText(out.request, f) !== e.readings[0]!.value) continue;
      const others = e.readings.slice(1).map((r) => ({ reading: r.id, request: withField(op, out.request, f, r.value) }));
      out = { ...out, eitherOf: [...(out.eitherOf ?? []), ...others] };
    }
  }
  return out;
}

function fieldText(req: AbstractRequest, f: FieldModel): string | null | undefined {
  if (f.kind === 'query') return req.query.find((q) => q.name === f.name)?.value;
  const h = req.headers.find((x) => x.name.toLowerCase() === f.name.toLowerCase());
  return typeof h?.value === 'string' ? h.value : undefined;
}

/**
 * A case for a platform whose device handle the target config does not give is not sent (a made-up
 * handle would be refused by any real service): it is skipped with the reason. A case without a
 * handle, or with an empty one, needs none.
 */
function withDeviceHandles(op: OperationModel, ctx: GenContext, c: RequestCase): RequestCase {
  const handle = fieldWithRole(op, 'device-handle');
  if (!handle || !formatSelector(op)) return c;
  const platform = platformOf(op, c.request);
  if (platform === undefined || fieldText(c.request, handle) === undefined || fieldText(c.request, handle) === '') return c;
  // An unlisted format is no platform: its case is about the format, and any handle does.
  const listed = listedSelection(op, platform);
  if (listed === undefined) return c;
  if (Object.hasOwn(ctx.deviceHandles, platform) || Object.hasOwn(ctx.deviceHandles, listed)) return c;
  return { ...c, skip: `no device handle for ${JSON.stringify(listed)} in the target config (deviceHandles.${listed.includes(' ') ? JSON.stringify(listed) : listed})` };
}

/**
 * Each deterministic case its own deduplication id (unless the case is about that id, or is one
 * step of a sequence), so no accepted case is taken for a duplicate of another.
 */
function uniquePerMessage(op: OperationModel, ctx: GenContext, cases: RequestCase[]): RequestCase[] {
  const dedup = op.parameters.find((p) => isUniquePerMessage(p) && (p.appliesTo === 'any' || p.appliesTo === ctx.entity));
  if (!dedup) return cases;
  return cases.map((c, i) => {
    if (c.sequence) return c;
    const current = parameterValue(op, c.request.body, dedup);
    if (current === undefined || current !== uniqueValue(dedup, `${ctx.nonce ?? ''}:${c.ruleId}`)) return c;
    return { ...c, request: withField(op, c.request, dedup, uniqueValue(dedup, `${ctx.nonce ?? ''}:${c.ruleId}:${i}`)) };
  });
}

function casesOf(rule: Rule, op: OperationModel, ctx: GenContext): RuleCases {
  const s = rule.stimulus;
  const expect: 'accept' | 'reject' = rule.expect.outcome === 'reject' ? 'reject' : 'accept';
  const one = (label: string, request: AbstractRequest, origin: RequestCase['origin'] = 'boundary', e = expect): RequestCase => ({
    ruleId: rule.id,
    label,
    origin,
    expect: e,
    request,
  });
  const control = (): RequestCase => one('canonical valid request (control)', baseRequest(op, ctx, rule.id), 'boundary', 'accept');
  switch (s.kind) {
    case 'none':
      return { fixed: [] };
    case 'constraint':
      return { fixed: constraintCases(rule, op, ctx), ...violations(rule, op, ctx) };
    case 'auth': {
      // A variant with several fixed forms (a malformed header broken in several ways) sends each once.
      const forms = op.auth.variants[s.variant] ?? 1;
      const cases = Array.from({ length: forms }, (_, form) => {
        const req: AbstractRequest = { ...baseRequest(op, ctx, rule.id), auth: s.variant, authStyle: { form } };
        return one(forms > 1 ? `signed: ${s.variant}, form ${form + 1}` : `signed: ${s.variant}`, req);
      });
      return { fixed: [control(), ...cases] };
    }
    case 'url': {
      let req: AbstractRequest = { ...baseRequest(op, ctx, rule.id), path: s.variant as AbstractRequest['path'] };
      const param = op.parameters.find((p) => p.name === op.entity.parameter);
      // Where the entity travels in a parameter, the missing entity goes there too.
      if (s.variant === 'unknown-entity' && param) req = withField(op, req, param, missingQueueUrl(ctx.entityValue));
      return { fixed: [control(), one(`URL: ${s.variant}`, req)] };
    }
    case 'body':
      return { fixed: [control(), ...brokenBodies(op, ctx, rule, s.variant).map(([label, req]) => one(label, req))] };
    case 'example':
      return { fixed: [one(`the document's example "${s.example}"`, exampleRequest(op, ctx, s.example), 'example')] };
    case 'valid': {
      // Readings that vary the request, sent either-of: every case in the first reading's form, the others kept to try.
      const readings = rule.ambiguity?.send === 'either-of' ? rule.ambiguity.alternatives.filter((a) => a.accepted && a.vary) : [];
      const tokens = (vary: readonly string[]): VaryToken[] => vary.map((t) => parseVary(t, varyScopeOf(op))).filter((t): t is VaryToken => typeof t !== 'string');
      const inReadings = (c: RequestCase): RequestCase =>
        readings.length
          ? { ...c, reading: readings[0]!.id, eitherOf: readings.slice(1).map((r) => ({ reading: r.id, request: withFieldTokens(op, c.request, tokens(r.vary!)) })) }
          : c;
      const combos = varyCombinations([...(s.vary ?? []), ...(readings[0]?.vary ?? [])], varyScopeOf(op));
      const arbs = combos.map((vary) => validRequest(op, ctx, { vary }).map((request) => inReadings(one(vary.length ? `valid, ${vary.map(label).join(', ')}` : 'valid', request, 'random'))));
      // Every variation is sent at least once, whatever the random budget: one fixed draw each.
      const drawn = s.vary?.length
        ? arbs.map((arb, i) => ({ ...fc.sample(arb, { seed: seedOf(`${rule.id}#${i}`), numRuns: 1 })[0]!, origin: 'boundary' as const }))
        : [];
      const first = inReadings({ ...control(), request: withFieldTokens(op, control().request, tokens(readings[0]?.vary ?? [])) });
      return { fixed: [first, ...drawn], random: arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs) };
    }
    case 'cases':
      return { fixed: s.cases.map((c) => one(c.label, fixedRequest(op, ctx, rule.id, c), 'boundary', c.expect)) };
    case 'sequence': {
      const combos = varyCombinations(s.vary ?? [], varyScopeOf(op));
      return { fixed: combos.flatMap((vary) => sequence(op, ctx, rule, s.count, vary.map((v) => v.key))) };
    }
    case 'scenario':
      // A scenario's requests depend on what earlier steps bound: the runner builds each with scenarioRequest.
      return { fixed: [] };
  }
}

/**
 * One send of a scenario: the canonical valid request (its per-message values drawn from `seed`,
 * so every send of a run is a new message) with the declared parameters `set` names set or left out.
 */
export function scenarioRequest(op: OperationModel, ctx: GenContext, ruleId: string, label: string, seed: string, set: FixedCase['set']): RequestCase {
  const c: FixedCase = { label, expect: 'accept', set, extra: [] };
  return withDeviceHandles(op, ctx, withSpellings(op, { ruleId, label, origin: 'boundary', expect: 'accept', request: fixedRequest(op, ctx, seed, c) }));
}

/** A fixed case: the canonical request with the declared parameters it names set or left out, and the undeclared ones added. */
function fixedRequest(op: OperationModel, ctx: GenContext, ruleId: string, c: FixedCase): AbstractRequest {
  let req = baseRequest(op, ctx, ruleId);
  for (const { name, value } of c.set) {
    const found = parameterByWireName(op, name);
    if (!found) throw new Error(`${ruleId}: no declared parameter has the wire name "${name}"`);
    const text = value === null ? undefined : typeof value === 'string' ? value : sized(value.fill, value.bytes);
    req = withField(op, req, found.field, text, found.n);
  }
  for (const { name, value } of c.extra) req = withField(op, req, undeclared(name), value);
  return req;
}

/** `fill` repeated (and cut at a character boundary, then topped up with "a") to exactly `bytes` UTF-8 bytes. */
function sized(fill: string, bytes: number): string {
  const unit = Buffer.byteLength(fill);
  let out = fill.repeat(Math.floor(bytes / unit));
  out += 'a'.repeat(bytes - Buffer.byteLength(out));
  return out;
}

/** A parameter the operation does not declare, as a field the family can write. */
function undeclared(name: string): FieldModel {
  return { kind: 'parameter', name, display: name, slug: name, type: 'string', required: false, appliesTo: 'any', level: 'MUST', reject: [] };
}

/** What a vary token may name in this operation: its fields by slug, its family's variants, its auth scheme's token styles. */
export function varyScopeOf(op: OperationModel): VaryScope {
  const fields = [...op.headers, ...op.query, ...op.parameters].map((f) => ({ slug: f.slug, type: f.type }));
  return { fields, family: familyOf(op).vary(op.encoding), auth: op.auth.styles };
}

/** A stable fast-check seed from a string. */
function seedOf(s: string): number {
  return hashOf(s) & 0x7fffffff;
}

const label = (v: { key: string; value?: string }): string => (v.value === undefined ? v.key : `${v.key}=${v.value}`);

/**
 * Random requests that break the rule's one constraint: a random valid request (so the rest of
 * the request varies too) with the field set to a random violating value, or left out.
 */
function violations(rule: Rule, op: OperationModel, ctx: GenContext): Pick<RuleCases, 'random'> {
  if (rule.stimulus.kind !== 'constraint' || rule.expect.outcome !== 'reject') return {};
  const { subject, constraint } = rule.stimulus;
  const field = findField(op, subject.kind, subject.name);
  if (!field || field.kind === 'body' || /\{N\}/.test(field.name)) return {};
  if (field.name.toLowerCase() === op.auth.header.toLowerCase()) return {};
  const values = violatingValues(field, constraint);
  if (values === undefined) return {};
  return {
    random: fc.tuple(validRequest(op, ctx), values).map(([req, v]) => ({
      ruleId: rule.id,
      label: v === undefined ? `random valid request without ${field.display}` : `${field.display} = ${preview(v)}`,
      origin: 'random' as const,
      expect: 'reject' as const,
      request: withField(op, req, field, v),
    })),
  };
}

function preview(v: string): string {
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 40)}… (${Buffer.byteLength(v)} bytes)` : json;
}

/** Values of `field` that break `constraint` and nothing else; `undefined` inside: leave the field out. */
function violatingValues(field: FieldModel, constraint: string): fc.Arbitrary<string | undefined> | undefined {
  const allowed: Ranges = field.charset ?? [[0x61, 0x7a]];
  switch (constraint) {
    case 'required':
      return fc.constant(undefined);
    case 'range':
      return fc.oneof(fc.integer({ max: field.range!.min - 1 }), fc.integer({ min: field.range!.max + 1 })).map(String);
    case 'type':
      return field.type === 'integer'
        ? fc.string({ minLength: 1, maxLength: 8 }).filter((v) => !/^-?\d+$/.test(v))
        : fc.string({ minLength: 1, maxLength: 12 }).map((v) => `${v}!`);
    case 'charset': {
      const forbidden: Ranges = complement(allowed);
      return fc
        .tuple(textIn(allowed, { maxLength: 8 }), fc.oneof(...forbidden.map(([lo, hi]) => fc.integer({ min: lo, max: hi }))), textIn(allowed, { maxLength: 8 }))
        .map(([a, bad, b]) => a + fromCodePoints([bad]) + b);
    }
    case 'length': {
      const { max, unit } = field.length ?? {};
      if (max === undefined) return undefined;
      if (unit === 'characters') return fc.integer({ min: max + 1, max: max + 64 }).map((n) => fromCodePoints(Array(n).fill(allowed[0]![0] >= 0x21 ? allowed[0]![0] : 0x61)));
      // Over a byte limit by 1 to 16 bytes, in characters of every width the field allows.
      return fc
        .tuple(fc.integer({ min: max + 1, max: max + 16 }), fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4))
        .map(([n, w]) => stringOfBytes(n, allowed, w) ?? stringOfBytes(n, allowed, 1)!);
    }
    case 'enum-unlisted': {
      const listed = new Set((field.enum ?? []).flatMap((e) => [e.value, ...e.alternatives]));
      return fc.string({ minLength: 1, maxLength: 16 }).filter((v) => !listed.has(v) && /^[\x21-\x7e]+$/.test(v));
    }
    case 'pattern': {
      const re = new RegExp(field.pattern!, 'u');
      return fc.string({ minLength: 1, maxLength: 16 }).filter((v) => !re.test(v) && (!field.length?.max || v.length <= field.length.max));
    }
    case 'value': {
      const { value, also, mediaType } = field.value!;
      const documented = [value, ...also];
      const same = (v: string): boolean => documented.some((d) => (mediaType ? d.split(';')[0]!.trim().toLowerCase() === v.split(';')[0]!.trim().toLowerCase() : d === v));
      const token = fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/);
      return (mediaType ? fc.tuple(token, token).map(([t, s]) => `${t}/${s}`) : fc.oneof(token, fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/))).filter((v) => !same(v));
    }
    default:
      return undefined;
  }
}

/** The requests of a `body:` variant: the family builds them on the canonical request (per selection). */
function brokenBodies(op: OperationModel, ctx: GenContext, rule: Rule, variant: string): Array<[string, AbstractRequest]> {
  return familyGeneration(op).brokenBodies(op, variant, (selection) => baseRequest(op, ctx, rule.id, selection));
}

function exampleRequest(op: OperationModel, ctx: GenContext, name: string): AbstractRequest {
  const ex = op.examples.find((e) => e.name === name);
  if (!ex) throw new Error(`no example "${name}"`);
  const base = baseRequest(op, ctx, `example:${name}`);
  const exampleBody = familyGeneration(op).exampleBody;
  if (ex.form && exampleBody) {
    // The document's entity (a queue URL) is replaced by the configured one; everything else is sent as written.
    const fields = Object.entries(ex.form).map(([k, v]) => ({ name: k, value: k === op.entity.parameter ? ctx.entityValue : v }));
    return { ...base, body: exampleBody(op, base.body, fields) };
  }
  if (ex.body !== undefined) return { ...base, body: { kind: 'raw', value: ex.body } };
  return base;
}

/**
 * `count` sends in order; `same-group` / `same-deduplication-id` hold the fields with role
 * group-id / deduplication-id fixed across the sequence; the message-body field is numbered.
 */
function sequence(op: OperationModel, ctx: GenContext, rule: Rule, count: number, keys: string[]): RequestCase[] {
  const id = `${rule.id}#${keys.join('+') || 'plain'}`;
  const group = fieldWithRole(op, 'group-id');
  const dedup = fieldWithRole(op, 'deduplication-id');
  const body = fieldWithRole(op, 'message-body');
  const out: RequestCase[] = [];
  for (let step = 0; step < count; step++) {
    let req = baseRequest(op, ctx, `${id}:${step}`);
    if (group && keys.includes('same-group')) req = withField(op, req, group, uniqueValue(group, `${ctx.nonce ?? ''}:${id}:group`));
    // Two groups taking turns (A B A B …): each group's numbers must still increase, whatever the other group took in between.
    if (group && keys.includes('interleaved-groups')) req = withField(op, req, group, uniqueValue(group, `${ctx.nonce ?? ''}:${id}:group:${step % 2}`));
    if (dedup && keys.includes('same-deduplication-id')) req = withField(op, req, dedup, uniqueValue(dedup, `${ctx.nonce ?? ''}:${id}:dedup`));
    if (body) req = withField(op, req, body, `${canonicalValue(body)} #${step + 1}`);
    out.push({ ruleId: rule.id, label: `send ${step + 1} of ${count}${keys.length ? ` (${keys.join(', ')})` : ''}`, origin: 'boundary', expect: 'accept', sequence: { id, step }, request: req });
  }
  return out;
}


