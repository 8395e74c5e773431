/**
 * One judge per kind of constraint a spec declares on a field, from the client's side: does the
 * value a request carries meet the declared required flag, type, range, length, character set,
 * pattern, enumeration, fixed value or dependency? Each returns a verdict and one sentence.
 */
import { matchesMediaType, sameMediaType, type MediaTypeMatch } from '../model/media-type.js';
import { fieldWithRole, type FieldModel, type OperationModel } from '../model/operation.js';
import type { ConstraintDetails, ConstraintKind, FixedCase, FixedValue, Rule } from '../model/rule.js';
import { inRanges } from '../model/charset.js';
import { byteLength } from '../encode/text.js';
import { familyOf } from '../families/catalog.js';
import type { RuleVerdict } from './types.js';
import { itemsOf, subjectField, valueOf, type FieldValue, type ReadRequest } from './read.js';

export interface Finding {
  verdict: RuleVerdict;
  detail: string;
  reading?: string;
  /** For a violation: readings recorded but not accepted by default under which the request is valid. */
  validUnder?: string[];
}

interface Ctx {
  r: ReadRequest;
  rule: Rule;
  field: FieldModel;
  /** The numbered group a sub-field belongs to (or the group itself, for max-items). */
  group?: FieldModel;
}

const met = (detail: string, reading?: string): Finding => (reading === undefined ? { verdict: 'met', detail } : { verdict: 'met', detail, reading });
const violated = (detail: string): Finding => ({ verdict: 'violated', detail });
const na = (detail: string): Finding => ({ verdict: 'not-applicable', detail });

const show = (v: FieldValue): string => (v === null ? '(bare flag)' : v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}…` : v) : '(bytes that are not UTF-8)');
const absent = (ctx: Ctx): Finding => na(`${ctx.field.name} is absent`);

/**
 * The enumerated entry a value is, by its listed value or an accepted alternative spelling; in
 * another case only where the document says case does not matter (`caseSensitive: false`).
 */
function enumEntry(field: FieldModel, value: string): { value: string; spelling?: string } | undefined {
  for (const e of field.enum ?? []) {
    if (e.value === value) return { value: e.value };
    if (e.alternatives.includes(value)) return { value: e.value, spelling: value };
  }
  if (field.caseSensitive !== false) return undefined;
  const lower = value.toLowerCase();
  for (const e of field.enum ?? []) {
    if (e.value.toLowerCase() === lower) return { value: e.value, spelling: value };
    if (e.alternatives.some((a) => a.toLowerCase() === lower)) return { value: e.value, spelling: value };
  }
  return undefined;
}

/** The id of the reading (an ambiguity alternative of the rule) that spells the value this way. */
function spellingReading(ctx: Ctx, spelling: string): string {
  return ctx.rule.ambiguity?.alternatives.find((a) => a.value === spelling)?.id ?? `spelling "${spelling}"`;
}

const INTEGER = /^[+-]?\d+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A value as its rule compares it: exactly, or as a media type in the rule's match mode (`true`: exact). */
function sameValue(documented: string, actual: string, mediaType: boolean | MediaTypeMatch): boolean {
  if (mediaType === false) return documented === actual;
  return mediaType === true ? sameMediaType(documented, actual) : matchesMediaType(documented, actual, mediaType);
}

type Judge<K extends ConstraintKind> = (v: FieldValue, detail: ConstraintDetails[K], ctx: Ctx) => Finding;

const JUDGES: { [K in ConstraintKind]: Judge<K> } = {
  required: (v, _d, ctx) => (v === undefined ? violated(`${ctx.field.name} is absent`) : met(`${ctx.field.name} is present`)),
  optional: (v, _d, ctx) => met(`${ctx.field.name} is ${v === undefined ? 'absent' : 'present'}, as an optional field may be`),
  type(v, d, ctx) {
    if (v === undefined) return absent(ctx);
    if (typeof v !== 'string') return d.type === 'flag' ? met(`${ctx.field.name} is a bare flag`) : violated(`${ctx.field.name} is not text`);
    if (d.type === 'integer') return INTEGER.test(v) ? met(`${ctx.field.name} ${show(v)} is an integer`) : violated(`${ctx.field.name} ${show(v)} is not an integer`);
    if (d.type === 'base64') return v !== '' && BASE64.test(v) ? met(`${ctx.field.name} is base64`) : violated(`${ctx.field.name} ${show(v)} is not base64`);
    return met(`${ctx.field.name} is ${d.type}`);
  },
  range(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string' || !INTEGER.test(v)) return na(`${ctx.field.name} ${show(v)} is not a number (its type rule judges it)`);
    const n = Number(v);
    return n >= d.min && n <= d.max ? met(`${ctx.field.name} ${v} is within ${d.min}–${d.max}`) : violated(`${ctx.field.name} ${v} is outside ${d.min}–${d.max}`);
  },
  length(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (d.unit === 'characters' && typeof v !== 'string') return na(`${ctx.field.name} is not UTF-8 text, so it has no length in characters (its charset rule judges it)`);
    const n = d.unit === 'bytes' ? byteLength(v) : [...(v as string)].length;
    const bounds = `${d.min ?? 0}–${d.max ?? '∞'} ${d.unit}`;
    const within = (max: number | undefined): boolean => (d.min === undefined || n >= d.min) && (max === undefined || n <= max);
    // Readings that count the limit differently (`64 Kb` as 65536 or 64000 bytes, sent `each`): the
    // request is valid when an accepted reading's limit holds it, named when not every one does.
    const limits = (ctx.rule.ambiguity?.alternatives ?? []).filter((a) => a.max !== undefined);
    if (limits.length) {
      const accepted = limits.filter((a) => a.accepted);
      const ok = accepted.filter((a) => within(a.max));
      const at = (ids: typeof limits): string => ids.map((a) => `"${a.id}" (${a.max} ${d.unit})`).join(', ');
      if (ok.length === accepted.length) return met(`${ctx.field.name} has ${n} ${d.unit}, within the limit of every reading: ${at(accepted)}`);
      if (ok.length) return met(`${ctx.field.name} has ${n} ${d.unit}, within the limit of the reading(s) ${at(ok)}, over that of ${at(accepted.filter((a) => !ok.includes(a)))}`, ok[0]!.id);
      const lenient = limits.filter((a) => !a.accepted && within(a.max)).map((a) => a.id);
      return { ...violated(`${ctx.field.name} has ${n} ${d.unit}, over the limit of every accepted reading: ${at(accepted)}`), ...(lenient.length ? { validUnder: lenient } : {}) };
    }
    const inside = within(d.max);
    return inside ? met(`${ctx.field.name} has ${n} ${d.unit}, within ${bounds}`) : violated(`${ctx.field.name} has ${n} ${d.unit}, outside ${bounds}`);
  },
  charset(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return violated(`${ctx.field.name} holds bytes that are not UTF-8`);
    let i = 0;
    for (const c of v) {
      const cp = c.codePointAt(0)!;
      if (!inRanges(cp, d.ranges)) return violated(`${ctx.field.name} has U+${cp.toString(16).toUpperCase().padStart(4, '0')} at character ${i}, outside the allowed characters`);
      i++;
    }
    return met(`every character of ${ctx.field.name} is allowed`);
  },
  pattern(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return violated(`${ctx.field.name} is not text`);
    return new RegExp(d.regex, 'u').test(v) ? met(`${ctx.field.name} ${show(v)} matches the pattern`) : violated(`${ctx.field.name} ${show(v)} does not match ${d.regex}`);
  },
  'enum-value'(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return na(`${ctx.field.name} is not text`);
    const entry = enumEntry(ctx.field, v);
    if (entry?.value !== d.value) return na(`${ctx.field.name} is ${show(v)}, not ${JSON.stringify(d.value)}`);
    return entry.spelling === undefined ? met(`${ctx.field.name} is ${show(v)}`) : met(`${ctx.field.name} is ${show(v)}, a spelling of ${JSON.stringify(d.value)}`, spellingReading(ctx, entry.spelling));
  },
  'enum-unlisted'(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return violated(`${ctx.field.name} is not text`);
    const entry = enumEntry(ctx.field, v);
    if (!entry) return violated(`${ctx.field.name} ${show(v)} is none of ${d.values.join(', ')}`);
    return entry.spelling === undefined ? met(`${ctx.field.name} ${show(v)} is listed`) : met(`${ctx.field.name} ${show(v)} is a spelling of ${JSON.stringify(entry.value)}`, `spelling "${entry.spelling}"`);
  },
  value(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return violated(`${ctx.field.name} is not text`);
    const allowed = [d.value, ...d.also];
    return allowed.some((a) => sameValue(a, v, d.mediaType)) ? met(`${ctx.field.name} is ${show(v)}`) : violated(`${ctx.field.name} is ${show(v)}, not ${allowed.join(' or ')}`);
  },
  'depends-on'(v, d, ctx) {
    if (v === undefined || v === null) return absent(ctx);
    if (typeof v !== 'string') return violated(`${ctx.field.name} is not text`);
    const { op } = ctx.r;
    const selector = subjectField(op, 'header', d.field)?.field ?? fieldWithRole(op, 'format-selector');
    const chosen = selector ? valueOf(ctx.r, selector) : undefined;
    if (typeof chosen !== 'string') return na(`${d.field} is absent, so nothing selects ${ctx.field.name}`);
    const selection = (selector && enumEntry(selector, chosen)?.value) ?? chosen;
    const variant = familyOf(op).requestVariant?.(op, selection, ctx.r.decoded.headers);
    if (variant?.mediaType !== undefined) {
      return sameValue(variant.mediaType, v, d.mediaType)
        ? met(`${ctx.field.name} is ${show(v)}, as the ${variant.name} variation of ${selection} takes`, variant.name)
        : violated(`${ctx.field.name} is ${show(v)}; the ${variant.name} variation of ${selection} takes ${variant.mediaType}`);
    }
    const allowed = Object.hasOwn(d.values, selection) ? d.values[selection]! : undefined;
    if (!allowed) return na(`the document gives no ${ctx.field.name} for ${d.field} ${JSON.stringify(chosen)}`);
    return allowed.some((a) => sameValue(a, v, d.mediaType)) ? met(`${ctx.field.name} is ${show(v)}, documented for ${selection}`) : violated(`${ctx.field.name} is ${show(v)}; for ${selection} the document gives ${allowed.join(' or ')}`);
  },
  'max-items'(_v, d, ctx) {
    const n = itemsOf(ctx.r, ctx.group ?? ctx.field).length;
    return n <= d.max ? met(`${n} item(s) of ${ctx.field.name}, at most ${d.max}`) : violated(`${n} items of ${ctx.field.name}, more than ${d.max}`);
  },
  unique(_v, _d, ctx) {
    if (!ctx.group) return na(`${ctx.field.name} is not an item field`);
    const values = itemsOf(ctx.r, ctx.group).map((n) => valueOf(ctx.r, ctx.field, n));
    const texts = values.filter((x): x is string => typeof x === 'string');
    const dup = texts.find((x, i) => texts.indexOf(x) !== i);
    return dup === undefined ? met(`the ${values.length} value(s) of ${ctx.field.name} are distinct`) : violated(`${ctx.field.name} ${show(dup)} appears twice`);
  },
};

/** The finding of one constraint rule on a request: per item for a sub-field of a numbered parameter. */
export function judgeConstraint(r: ReadRequest, rule: Rule, op: OperationModel): Finding {
  if (rule.stimulus.kind !== 'constraint') throw new Error(`${rule.id} is not a constraint rule`);
  const s = rule.stimulus;
  const found = subjectField(op, s.subject.kind, s.subject.name);
  if (!found) return na(`the operation declares no ${s.subject.kind} ${s.subject.name}`);
  const judge = JUDGES[s.constraint] as Judge<ConstraintKind>;
  const detail = (s as { detail?: unknown }).detail as ConstraintDetails[ConstraintKind];
  const ctx: Ctx = { r, rule, field: found.field, ...(found.group ? { group: found.group } : {}) };
  if (found.field.numbered) {
    // A numbered parameter as a whole is present when it carries an item.
    const n = itemsOf(r, found.field).length;
    return judge(n ? `${n} item(s)` : undefined, detail, { ...ctx, group: found.field });
  }
  if (!found.group || s.constraint === 'unique') return judge(valueOf(r, found.field), detail, ctx);
  const items = itemsOf(r, found.group);
  if (items.length === 0) return na(`the request carries no ${found.group.name} items`);
  const findings = items.map((n) => ({ n, f: judge(valueOf(r, found.field, n), detail, ctx) }));
  const bad = findings.find((x) => x.f.verdict === 'violated');
  if (bad) return { ...bad.f, detail: `item ${bad.n}: ${bad.f.detail}` };
  const hit = findings.filter((x) => x.f.verdict === 'met');
  if (hit.length === 0) return { ...findings[0]!.f, detail: findings.map((x) => `item ${x.n}: ${x.f.detail}`).join('; ') };
  const reading = hit.find((x) => x.f.reading !== undefined)?.f.reading;
  const text = hit.map((x) => `item ${x.n}: ${x.f.detail}`).join('; ');
  return reading === undefined ? met(text) : met(text, reading);
}

/** A fixed case's value as text (`null`: left out). */
function fixedText(v: FixedValue): string | null {
  return v === null || typeof v === 'string' ? v : v.fill.repeat(Math.ceil(v.bytes / byteLength(v.fill))).slice(0, v.bytes);
}

/** A wire name of an item's sub-field (`MessageAttribute.2.Value.DataType`) as its group, item number and sub-field. */
function itemField(op: OperationModel, name: string): { group: FieldModel; n: number; field: FieldModel } | undefined {
  for (const group of op.parameters) {
    for (const field of group.numbered?.fields ?? []) {
      const wire = field.name.replace(/^.*\{N\}\./, '');
      const prefix = `${group.name}.`;
      if (!name.startsWith(prefix) || !name.endsWith(`.${wire}`)) continue;
      const n = name.slice(prefix.length, name.length - wire.length - 1);
      if (/^[1-9]\d*$/.test(n)) return { group, n: Number(n), field };
    }
  }
  return undefined;
}

/** The value the request carries for a parameter a fixed case names by wire name; an undeclared one is read from the form. */
function wireValue(r: ReadRequest, name: string): FieldValue {
  const item = itemField(r.op, name);
  if (item) return valueOf(r, item.field, item.n);
  const declared = r.op.parameters.find((f) => f.name === name && !f.numbered);
  if (declared) return valueOf(r, declared);
  return r.decoded.body.kind === 'form' ? r.decoded.body.fields.find((x) => x.name === name)?.value : undefined;
}

/**
 * Whether the request is fixed case `c`: each parameter the case names is as the case gives it
 * (`null`: absent), each added one is there, and a numbered parameter the case names has exactly
 * the items and sub-fields the case names, as the case's request (the canonical one, which has no
 * items, plus what the case sets) has.
 */
function isCase(r: ReadRequest, c: FixedCase): boolean {
  if (!c.set.every((s) => { const want = fixedText(s.value); const have = wireValue(r, s.name); return want === null ? have === undefined : have === want; })) return false;
  if (!c.extra.every((e) => wireValue(r, e.name) === e.value)) return false;
  const named = new Map<FieldModel, Map<number, Set<FieldModel>>>();
  for (const s of c.set) {
    const item = itemField(r.op, s.name);
    if (!item) continue;
    const items = named.get(item.group) ?? new Map<number, Set<FieldModel>>();
    named.set(item.group, items.set(item.n, (items.get(item.n) ?? new Set()).add(item.field)));
  }
  for (const [group, items] of named) {
    const carried = itemsOf(r, group);
    if (carried.length !== items.size || carried.some((n) => !items.has(n))) return false;
    for (const [n, fields] of items) if ((group.numbered?.fields ?? []).some((f) => !fields.has(f) && valueOf(r, f, n) !== undefined)) return false;
  }
  return true;
}

/**
 * The finding of a fixed-cases rule on a request: each case is the canonical valid request with
 * the parameters it names set, left out or added, so a request that carries each of them as the
 * case does is that case: violated when the case is one the rule rejects, met when it is one the
 * rule accepts; any other request is none of the rule's cases.
 */
export function judgeCases(r: ReadRequest, cases: FixedCase[]): Finding {
  const hit = cases.find((c) => isCase(r, c));
  if (!hit) return na(`the request is none of the rule's ${cases.length} fixed case(s)`);
  const what = [...hit.set.map((s) => `${s.name} ${s.value === null ? 'left out' : typeof s.value === 'string' ? JSON.stringify(s.value) : `of ${s.value.bytes} bytes`}`), ...hit.extra.map((e) => `${e.name} added`)].join(', ');
  return hit.expect === 'reject' ? violated(`the request is the case "${hit.label}" (${what}), which the rule rejects`) : met(`the request is the case "${hit.label}" (${what}), which the rule accepts`);
}
