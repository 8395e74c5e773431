/**
 * Spec document → rules. Constraints declared on headers, parameters and query parameters
 * produce rules of their own; documented response headers and body fields produce response
 * rules; the `rules:` section adds behaviour no constraint expresses.
 *
 * Rule ids are derived from names (field, constraint, value), never from positions, so
 * inserting a rule renumbers nothing.
 */
import type {
  Ambiguity,
  AppliesTo,
  CheckRef,
  ConstraintSpec,
  Expectation,
  Level,
  Outcome,
  Rule,
  RuleSource,
  Stimulus,
  Subject,
  SubjectKind,
} from '../src/model/rule.js';
import { bindingProblems, CHECK_ARG_FORMATS, CHECKS, isCheckName, type CheckName } from '../src/checks/catalog.js';
import { CHECK_ROLES } from '../src/checks/roles.js';
import { parseCharsetRange, type CodePointRange } from '../src/model/charset.js';
import { parseVary, type VaryScope } from '../src/model/vary.js';
import { parameterByWireName, type FieldModel, type FieldRole, type OperationModel } from '../src/model/operation.js';
import { escapePointer } from '../src/config/locate.js';
import { createAjv, schemaProblems } from '../src/config/yaml.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { compileDocumentSchema } from '../src/model/json-schema.js';
import { FAMILIES, FAMILY_NAMES, isFamilyName } from '../src/families/catalog.js';
import { catalogEntry } from '../src/sign/catalog.js';
import { kebab } from './slug.js';
import { fieldModel, mediaTypeMatch, operationModel } from './operation.js';
import { authProblems } from './auth.js';
import { companionProblems, scenarioOf, scenarioProblems } from './scenario.js';
import { ruleSource } from './source.js';
import type {
  AmbiguityDoc,
  CheckDoc,
  ExpectDoc,
  FieldDoc,
  OutcomesDoc,
  RuleDoc,
  RuleFieldsDoc,
  SourceDoc,
  SpecDoc,
  PresenceConditionDoc,
  StimulusDoc,
  ValueFormatDoc,
} from './types.js';

/** A semantic problem, located by JSON pointer; the loader turns pointers into lines. */
export interface CompileProblem {
  pointer: string;
  message: string;
  /** Point at the key rather than the value. */
  atKey?: boolean;
}

export interface CompiledSpec {
  rules: Rule[];
  /** The one operation model of the spec; absent when a problem (an unknown auth scheme or family) leaves none to build. */
  operation?: OperationModel;
  /** Pointer of the declaration each rule came from, by rule id. */
  origins: Map<string, string>;
  problems: CompileProblem[];
}

export { kebab };

function toOutcomes(doc: OutcomesDoc): Outcome[] {
  const list = Array.isArray(doc) ? doc : [doc];
  return list.map((o) => ({ status: Array.isArray(o.status) ? [...o.status] : [o.status], ...(o.code ? { code: o.code } : {}) }));
}

export function describeOutcomes(outcomes: Outcome[]): string {
  return outcomes.map((o) => `${o.status.join(' or ')}${o.code ? ` ${o.code}` : ''}`).join(', or ');
}

function outcomeCovers(outcomes: Outcome[]): string[] {
  const keys: string[] = [];
  for (const o of outcomes) {
    for (const s of o.status) {
      keys.push(`status:${s}`);
      if (o.code) keys.push(`error:${s} ${o.code}`);
    }
  }
  return keys;
}

function expectationCovers(e: Expectation): string[] {
  if (e.outcome === 'accept') return e.status.map((s) => `status:${s}`);
  if (e.outcome === 'reject') return outcomeCovers(e.outcomes);
  return [];
}


const STATUS_CHECK: CheckRef = { name: 'status-documented' };

interface Context {
  spec: SpecDoc;
  seed: string;
  problems: CompileProblem[];
  rules: Rule[];
  origins: Map<string, string>;
  operation?: OperationModel;
}

function source(ctx: Context, base: SourceDoc, override?: SourceDoc): RuleSource {
  return ruleSource(ctx.seed, base, override);
}

/** Every expectation checks the status against the documented list; named checks follow once each. */
function withStatusCheck(checks: CheckRef[]): CheckRef[] {
  return [STATUS_CHECK, ...checks.filter((c) => !(c.name === STATUS_CHECK.name && c.args === undefined))];
}

function expectation(ctx: Context, doc: ExpectDoc, pointer: string): Expectation {
  const checks = withStatusCheck(checkNames(ctx, doc.checks, `${pointer}/checks`));
  if ('accept' in doc) return { outcome: 'accept', status: [...doc.accept], checks };
  return { outcome: 'reject', outcomes: toOutcomes(doc.reject), acceptStatus: [...ctx.spec.defaults.accept], checks };
}

function checkNames(ctx: Context, docs: CheckDoc[] | undefined, pointer: string): CheckRef[] {
  return (docs ?? []).map((d, i) => {
    const ref: CheckRef = typeof d === 'string' ? { name: d } : { name: d.name, args: d.args };
    const at = typeof d === 'string' ? `${pointer}/${i}` : `${pointer}/${i}/name`;
    if (!isCheckName(ref.name)) ctx.problems.push({ pointer: at, message: `unknown check "${ref.name}"` });
    else {
      // A bare name has no arguments: a check that needs some is told so at the name.
      checkArgs(ctx, ref.name, ref.args ?? {}, typeof d === 'string' ? `${pointer}/${i}` : `${pointer}/${i}/args`);
      checkRoles(ctx, ref.name, at);
      if (ref.name === 'error-body' && !ctx.spec.responses.errorBody) {
        ctx.problems.push({ pointer: at, message: 'check "error-body" judges the error shape of /responses/errorBody, which this spec does not declare' });
      }
    }
    return ref;
  });
}

let argValidators: Map<CheckName, ValidateFunction> | undefined;

/** The catalog's argument schemas, compiled once, on first use. */
function argsValidator(name: CheckName): ValidateFunction {
  if (!argValidators) {
    const ajv = createAjv();
    for (const [format, test] of Object.entries(CHECK_ARG_FORMATS)) ajv.addFormat(format, test);
    argValidators = new Map((Object.keys(CHECKS) as CheckName[]).map((n) => [n, ajv.compile(CHECKS[n].args as object)]));
  }
  return argValidators.get(name)!;
}

/**
 * Validates a check's arguments against its schema. `base` is where they were written: the
 * `args` of a reference, or the `responses:` entry whose keys the compiler passed on as they are.
 */
function checkArgs(ctx: Context, name: CheckName, args: Record<string, unknown>, base: string): void {
  const problems = checkArgsProblems(name, args);
  for (const p of problems) ctx.problems.push({ ...p, pointer: `${base}${p.pointer}` });
  // A template bound to the request names placeholders that must exist (once the shape is right).
  const format = args['format'];
  if (problems.length === 0 && typeof format === 'object' && format !== null) {
    const urlPlaceholders = (ctx.spec.transport.placeholders ?? []).map((p) => p.name);
    for (const p of bindingProblems(format as Parameters<typeof bindingProblems>[0], urlPlaceholders)) ctx.problems.push({ pointer: `${base}/format${p.pointer}`, message: `check "${name}": ${p.message}` });
  }
}

/** What is wrong with a check's arguments (pointers relative to the arguments), or nothing. */
export function checkArgsProblems(name: CheckName, args: unknown): CompileProblem[] {
  const validate = argsValidator(name);
  if (validate(args)) return [];
  return schemaProblems(validate.errors ?? []).map((p) => ({ pointer: p.pointer, message: `check "${name}": ${p.message}`, atKey: p.atKey }));
}

/** A check reference the compiler builds from a `responses:` entry at `base`, its arguments validated. */
function builtCheck(ctx: Context, name: CheckName, args: Record<string, unknown>, base: string): CheckRef {
  checkArgs(ctx, name, args, base);
  return { name, args };
}

/** A check that reads fields by role needs the spec to give those roles. */
function checkRoles(ctx: Context, name: string, pointer: string): void {
  const needs = CHECK_ROLES[name];
  if (!needs) return;
  const fields = [...(ctx.spec.headers ?? []), ...(ctx.spec.query ?? []), ...(ctx.spec.parameters ?? [])];
  const roles = new Set(fields.flatMap((f) => [f.role, ...(f.numbered?.fields ?? []).map((sub) => sub.role)]));
  const responseRoles = new Set((ctx.spec.responses.body?.fields ?? []).map((f) => f.role));
  for (const role of needs.fields ?? []) {
    if (!roles.has(role)) ctx.problems.push({ pointer, message: `check "${name}" reads the field with role "${role}", which no field of this spec has` });
  }
  for (const role of needs.response ?? []) {
    if (!responseRoles.has(role)) ctx.problems.push({ pointer, message: `check "${name}" reads the response field with role "${role}", which no field of /responses/body/fields has` });
  }
}

function ambiguity(ctx: Context, doc: AmbiguityDoc | undefined, pointer: string): Ambiguity | undefined {
  if (!doc) return undefined;
  readingProblems(ctx, doc, pointer);
  return {
    note: doc.note,
    ...(doc.ref ? { ref: doc.ref } : {}),
    ...(doc.send ? { send: doc.send } : {}),
    alternatives: doc.alternatives.map((a, i) => ({
      id: a.id,
      description: a.description,
      accepted: a.accepted ?? true,
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.max !== undefined ? { max: a.max } : {}),
      ...(a.vary ? { vary: [...a.vary] } : {}),
      ...(a.expect ? { expect: expectation(ctx, a.expect, `${pointer}/alternatives/${i}/expect`) } : {}),
    })),
  };
}

/**
 * Readings that change what is sent: `max` is sent `each` (every reading's own boundaries),
 * `vary` `either-of` (each case in the next reading's form while the target refuses it), and
 * a `send` needs some alternative that carries what it sends. Reading ids are unique.
 */
function readingProblems(ctx: Context, doc: AmbiguityDoc, pointer: string): void {
  const seen = new Set<string>();
  doc.alternatives.forEach((a, i) => {
    const at = `${pointer}/alternatives/${i}`;
    if (seen.has(a.id)) ctx.problems.push({ pointer: `${at}/id`, message: `reading "${a.id}" is given twice` });
    seen.add(a.id);
    if (a.max !== undefined && doc.send !== 'each') ctx.problems.push({ pointer: `${at}/max`, message: 'a reading with its own limit is sent with its own boundaries: give the ambiguity send: each' });
    if (a.vary !== undefined && doc.send !== 'either-of') ctx.problems.push({ pointer: `${at}/vary`, message: 'a reading that varies the request is sent either-of: give the ambiguity send: either-of' });
    (a.vary ?? []).forEach((token, j) => {
      const parsed = parseVary(token, varyScope(ctx.spec));
      if (typeof parsed === 'string') ctx.problems.push({ pointer: `${at}/vary/${j}`, message: parsed });
      else if (!parsed.field) ctx.problems.push({ pointer: `${at}/vary/${j}`, message: `a reading varies fields only (<field slug>=<value>), not "${token}"` });
    });
  });
  if (doc.send !== undefined && !doc.alternatives.some((a) => a.value !== undefined || a.max !== undefined || a.vary !== undefined)) {
    ctx.problems.push({ pointer: `${pointer}/send`, message: 'no alternative carries what it sends (value, max or vary)' });
  }
}

interface RuleDraft {
  slug: string;
  level: Level;
  source: RuleSource;
  title: string;
  requirement: string;
  appliesTo: AppliesTo;
  stimulus: Stimulus;
  expect: Expectation;
  covers: string[];
  fields: RuleFieldsDoc | undefined;
  pointer: string;
  /** Where `fields` was written, when not at `pointer` (a `responses:` entry's `rule`). */
  fieldsPointer?: string;
}

/** Applies the author's overrides (title, requirement, ambiguity, untestable) and registers the rule. */
function emit(ctx: Context, d: RuleDraft): void {
  const f = d.fields ?? {};
  const slug = f.slug ?? d.slug;
  const id = `${ctx.spec.id}/${slug}`;
  const fieldsPointer = d.fieldsPointer ?? d.pointer;
  const amb = ambiguity(ctx, f.ambiguity, `${fieldsPointer}/ambiguity`);
  const options = ctx.spec.transport.targetOptions ?? {};
  for (const [name, value] of Object.entries(f.requires ?? {})) {
    const at = `${fieldsPointer}/requires/${escapePointer(name)}`;
    const declared = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!declared) ctx.problems.push({ pointer: at, message: `the rule requires target option "${name}", which /transport/targetOptions does not declare`, atKey: true });
    else if (!declared.values.includes(value)) ctx.problems.push({ pointer: at, message: `target option "${name}" takes ${declared.values.join(', ')}, not "${value}"` });
  }
  const covers = new Set([...d.covers, ...expectationCovers(d.expect), ...(f.covers ?? [])]);
  for (const alt of amb?.alternatives ?? []) {
    if (alt.accepted && alt.expect) expectationCovers(alt.expect).forEach((k) => covers.add(k));
  }
  if (ctx.origins.has(id)) {
    ctx.problems.push({
      pointer: f.slug ? `${fieldsPointer}/slug` : d.pointer,
      message: `duplicate rule id "${id}" (first declared at ${ctx.origins.get(id) || '/'})`,
    });
    return;
  }
  ctx.origins.set(id, d.pointer);
  const rule: Rule = {
    id,
    specId: ctx.spec.id,
    slug,
    level: f.level ?? d.level,
    source: d.source,
    title: f.title ?? d.title,
    requirement: f.requirement ?? d.requirement,
    testable: f.untestable === undefined,
    ...(f.untestable !== undefined ? { untestableReason: f.untestable } : {}),
    ...(amb ? { ambiguity: amb } : {}),
    appliesTo: f.appliesTo ?? d.appliesTo,
    ...(f.requires ? { requires: { ...f.requires } } : {}),
    stimulus: d.stimulus,
    expect: d.expect,
    covers: [...covers],
  };
  ctx.rules.push(rule);
}

const COVER_PREFIX: Record<Exclude<SubjectKind, 'body'>, string> = { header: 'header', parameter: 'param', query: 'query' };

/** What the rules of one field share: its model (the one the operation model holds) and where it is documented. */
interface FieldScope {
  kind: SubjectKind;
  /** Wire name, with the group prefix for numbered fields. */
  wire: string;
  /** Name used in prose and in inventory keys. */
  display: string;
  slug: string;
  level: Level;
  appliesTo: AppliesTo;
  reject: Outcome[];
  source: SourceDoc;
  covers: string[];
}

/**
 * The rules of one declared field. `model` is the field's record in the operation model, so a
 * rule and the generators read one definition of the field's name, level, entity kind and
 * rejection, never two that could disagree.
 */
function fieldRules(ctx: Context, field: FieldDoc, model: FieldModel, pointer: string, parent?: FieldScope): void {
  const spec = ctx.spec;
  const kind = model.kind;
  const scope: FieldScope = {
    kind,
    wire: model.name,
    display: model.display,
    slug: model.slug,
    level: model.level,
    appliesTo: model.appliesTo,
    reject: model.reject,
    source: field.source,
    covers: [
      ...(parent ? parent.covers : kind === 'body' ? ['body:request'] : (field.documentedAs ?? [field.name]).map((n) => `${COVER_PREFIX[kind]}:${n}`)),
      ...(field.covers ?? []),
    ],
  };
  const subject: Subject = { kind, name: scope.wire };
  const D = scope.display;
  const accept = [...spec.defaults.accept];
  const reject = (c: RuleFieldsDoc): Extract<Expectation, { outcome: 'reject' }> => ({
    outcome: 'reject',
    outcomes: c.reject ? toOutcomes(c.reject) : scope.reject,
    acceptStatus: accept,
    checks: [STATUS_CHECK, ...(spec.responses.errorBody ? [{ name: 'error-code' }] : [])],
  });
  const accepted: Expectation = { outcome: 'accept', status: accept, checks: [STATUS_CHECK] };
  const draft = (
    c: RuleFieldsDoc | undefined,
    ptr: string,
    constraint: ConstraintSpec,
    slugSuffix: string,
    title: string,
    requirement: string,
    expect: Expectation,
    covers: string[] = [],
  ): void =>
    emit(ctx, {
      slug: `${scope.slug}-${slugSuffix}`,
      level: scope.level,
      source: source(ctx, scope.source, c?.source),
      title,
      requirement,
      appliesTo: scope.appliesTo,
      stimulus: { kind: 'constraint', subject, ...constraint } as Stimulus,
      expect,
      covers: [...scope.covers, ...covers],
      fields: c,
      pointer: ptr,
    });
  const outcomesText = (e: Expectation): string => (e.outcome === 'reject' ? describeOutcomes(e.outcomes) : '');

  if (field.required !== undefined) {
    const c = typeof field.required === 'boolean' ? { value: field.required } : field.required;
    const ptr = `${pointer}/required`;
    if (c.value) {
      const e: Expectation = { ...reject(c), outcomes: c.reject ? toOutcomes(c.reject) : toOutcomes(field.reject ?? spec.defaults.missing) };
      draft(c, ptr, { constraint: 'required' }, 'required', `Omit ${D}`, `A request without ${D} is rejected with ${outcomesText(e)}.`, e);
    } else {
      draft(c, ptr, { constraint: 'optional' }, 'optional', `Omit ${D}`, `A request without ${D} is accepted.`, accepted);
    }
  }

  if (field.type === 'integer' || field.type === 'base64' || field.typeRule) {
    const c = field.typeRule ?? {};
    const what = field.type === 'integer' ? 'an integer' : field.type === 'base64' ? 'valid base64' : `of type ${field.type ?? 'string'}`;
    const e = reject(c);
    draft(c, `${pointer}/${field.typeRule ? 'typeRule' : 'type'}`, { constraint: 'type', detail: { type: field.type ?? 'string' } }, 'type', `Send a ${D} that is not ${what}`,
      `A ${D} that is not ${what} is rejected with ${outcomesText(e)}.`, e, []);
  }

  if (field.range) {
    const c = field.range;
    const ptr = `${pointer}/range`;
    if (c.min > c.max) ctx.problems.push({ pointer: `${ptr}/min`, message: `range min ${c.min} is greater than max ${c.max}` });
    const e = reject(c);
    draft(c, ptr, { constraint: 'range', detail: { min: c.min, max: c.max } }, 'range', `${D} = ${c.min - 1}, ${c.min}, ${c.max}, ${c.max + 1} and values between`,
      `A ${D} from ${c.min} to ${c.max} is accepted; ${c.min - 1} and ${c.max + 1} are rejected with ${outcomesText(e)}.`,
      e, [`limit:${D}.min=${c.min}`, `limit:${D}.max=${c.max}`]);
  }

  if (field.length) {
    const c = field.length;
    const ptr = `${pointer}/length`;
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.problems.push({ pointer: `${ptr}/min`, message: `length min ${c.min} is greater than max ${c.max}` });
    }
    const unit = c.unit === 'bytes' ? 'bytes' : 'chars';
    const e = reject(c);
    const parts: string[] = [];
    const covers: string[] = [];
    if (c.max !== undefined) {
      parts.push(`at most ${c.max} ${c.unit}${c.documented ? ` (${c.documented})` : ''}`);
      covers.push(`limit:${D}.max-${unit}=${c.max}`);
    }
    if (c.min !== undefined) {
      parts.push(`at least ${c.min} ${c.unit}`);
      covers.push(`limit:${D}.min-${unit}=${c.min}`);
    }
    const edges = [
      ...(c.min !== undefined && c.min > 0 ? [`${c.min - 1}`, `${c.min}`] : []),
      ...(c.max !== undefined ? [`${c.max}`, `${c.max + 1}`] : []),
    ];
    draft(c, ptr, { constraint: 'length', detail: { unit: c.unit, ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}) } }, c.unit === 'bytes' ? 'size' : 'length', `${D} of ${edges.join(', ')} ${c.unit}`,
      `A ${D} of ${parts.join(' and ')} is accepted; one outside that is rejected with ${outcomesText(e)}.`,
      e, covers);
  }

  if (field.charset) {
    const c = field.charset;
    const ptr = `${pointer}/charset`;
    const ranges: CodePointRange[] = [];
    const covers: string[] = [];
    c.ranges.forEach((r, i) => {
      const text = typeof r === 'string' ? r : r.range;
      const parsed = parseCharsetRange(text);
      const rp = typeof r === 'string' ? `${ptr}/ranges/${i}` : `${ptr}/ranges/${i}/range`;
      if (typeof parsed === 'string') ctx.problems.push({ pointer: rp, message: parsed });
      else ranges.push(parsed);
      covers.push(`charset:${D}=${typeof r === 'string' ? r : r.label}`);
    });
    const listed = c.ranges.map((r) => (typeof r === 'string' ? r : r.range)).join(' | ');
    const e = reject(c);
    draft(c, ptr, { constraint: 'charset', detail: { ranges: ranges.map((r) => [r.lo, r.hi]) } }, 'charset', `${D} with characters at each edge of ${listed}, and one just outside`,
      `A ${D} made only of characters in ${listed} is accepted; one with any other character is rejected with ${outcomesText(e)}.`,
      e, covers);
  }

  if (field.pattern) {
    const c = field.pattern;
    const ptr = `${pointer}/pattern`;
    try {
      const re = new RegExp(c.regex, 'u');
      c.examples?.valid?.forEach((v, i) => {
        if (!re.test(v)) ctx.problems.push({ pointer: `${ptr}/examples/valid/${i}`, message: `valid example "${v}" does not match the pattern` });
      });
      c.examples?.invalid?.forEach((v, i) => {
        if (re.test(v)) ctx.problems.push({ pointer: `${ptr}/examples/invalid/${i}`, message: `invalid example "${v}" matches the pattern` });
      });
    } catch (err) {
      ctx.problems.push({ pointer: `${ptr}/regex`, message: `not a valid regular expression: ${(err as Error).message}` });
    }
    const e = reject(c);
    draft(c, ptr, { constraint: 'pattern', detail: { regex: c.regex, ...(c.examples ? { examples: c.examples } : {}) } }, 'pattern', `${D} matching and not matching /${c.regex}/`,
      `A ${D} matching /${c.regex}/ is accepted; one that does not is rejected with ${outcomesText(e)}.`,
      e, []);
  }

  if (field.value) {
    const c = field.value;
    const all = [c.value, ...(c.also ?? [])];
    const e = reject(c);
    draft(c, `${pointer}/value`, { constraint: 'value', detail: { value: c.value, also: c.also ?? [], mediaType: mediaTypeMatch(c.mediaType) } }, 'value', `${D}: ${all.map((v) => `"${v}"`).join(', ')}, and a different value`,
      `${D} ${all.map((v) => `"${v}"`).join(' or ')} is accepted; any other value is rejected with ${outcomesText(e)}.`,
      e, all.map((v) => `value:${D}=${v}`));
  }

  if (field.enum) {
    const c = field.enum;
    const values = c.values.map((v) => (typeof v === 'string' ? { value: v } : v));
    values.forEach((v, i) => {
      draft(v, `${pointer}/enum/values/${i}`, { constraint: 'enum-value', detail: { value: v.value } }, kebab(v.value), `${D}: "${v.value}"`,
        `A request with ${D} "${v.value}" is accepted.`, accepted, [`value:${D}=${v.value}`]);
    });
    const e = reject(c);
    draft(c, `${pointer}/enum`, { constraint: 'enum-unlisted', detail: { values: values.map((v) => v.value) } }, 'unlisted', `${D} with a value not in the list`,
      `A ${D} other than ${values.map((v) => `"${v.value}"`).join(', ')} is rejected with ${outcomesText(e)}.`,
      e, []);
  }

  if (field.dependsOn) {
    const c = field.dependsOn;
    const ptr = `${pointer}/dependsOn`;
    const pairs = Object.entries(c.values);
    const covers = [...new Set(pairs.flatMap(([, vs]) => vs.map((v) => `value:${D}=${v}`)))];
    draft(c, ptr, { constraint: 'depends-on', detail: { field: c.field, values: c.values, mediaType: c.mediaType ?? false } }, `by-${kebab(c.field)}`, `${D} for each ${c.field}`,
      `For each ${c.field}, the ${D} the document gives for it is accepted: ${pairs.map(([k, vs]) => `${k} → ${vs.join(' or ')}`).join('; ')}.`,
      accepted, covers);
    const m = c.mismatch ?? {};
    const e = reject(m);
    draft(m, `${ptr}/mismatch`, { constraint: 'depends-on', detail: { field: c.field, values: c.values, mediaType: c.mediaType ?? false } }, 'mismatch', `${D} that does not fit ${c.field}`,
      `A ${D} that the document does not give for the request's ${c.field} is rejected with ${outcomesText(e)}.`,
      e, []);
  }

  if (field.numbered) {
    const c = field.numbered;
    const ptr = `${pointer}/numbered`;
    const e = reject(c);
    draft(c, ptr, { constraint: 'max-items', detail: { max: c.maxItems } }, 'count', `${c.maxItems} and ${c.maxItems + 1} ${D} entries`,
      `Up to ${c.maxItems} ${D} entries are accepted; ${c.maxItems + 1} are rejected with ${outcomesText(e)}.`,
      e, [`limit:${D}.max-items=${c.maxItems}`]);
    c.fields.forEach((sub, i) => fieldRules(ctx, sub, model.numbered!.fields[i]!, `${ptr}/fields/${i}`, scope));
  }
}

function formatText(f: ValueFormatDoc): string {
  if (f.value !== undefined) return `"${f.value}"`;
  if (f.mediaType !== undefined) return `media type "${f.mediaType}"${f.match === 'listed' ? ' (its listed parameters; others allowed)' : f.match === 'charset-optional' ? ' (its listed parameters, charset optional; others allowed)' : ''}`;
  if (f.pattern !== undefined) return `a value matching /${f.pattern}/`;
  if (f.named === 'atom-link' && f.template !== undefined) return `a <link rel="self"> whose URL is of the form ${f.template}${boundText(f)}`;
  if (f.named === 'xml-content' && f.echoes !== undefined) return `a <content type="application/xml"> holding what the request's ${f.echoes} held`;
  if (f.template !== undefined) return `a value of the form ${f.template}${boundText(f)}`;
  return `a ${f.named} value`;
}

/** The bindings of a template, for a requirement: `, {path} being the request's {topic path}`. */
function boundText(f: ValueFormatDoc): string {
  const parts = Object.entries(f.bind ?? {}).map(([name, b]) => (b.from === 'placeholder' ? `{${name}} being the request's {${b.name ?? ''}}` : `{${name}} the request's host where it is of this form`));
  return parts.length ? `, ${parts.join(', ')}` : '';
}

function formatCover(f: ValueFormatDoc): string | undefined {
  return f.value ?? f.mediaType ?? f.template;
}

function presenceStimulus(presence: string): { vary?: string[]; appliesTo?: AppliesTo } {
  switch (presence) {
    case 'with-attributes':
      return { vary: ['with-attributes'] };
    case 'without-attributes':
      return { vary: ['without-attributes'] };
    default:
      return {};
  }
}

function responseRules(ctx: Context): void {
  const { spec } = ctx;
  const level = spec.defaults.level ?? 'MUST';
  (spec.responses.headers ?? []).forEach((h, i) => {
    const ptr = `/responses/headers/${i}`;
    const cover = formatCover(h.format);
    emit(ctx, {
      slug: `response-header-${kebab(h.name)}`,
      level,
      source: source(ctx, h.source, h.rule?.source),
      title: `Read ${h.name} of a ${h.status.join('/')} response to a valid request`,
      requirement: `A ${h.status.join(' or ')} response carries ${h.name} with ${formatText(h.format)}.`,
      appliesTo: 'any',
      stimulus: { kind: 'valid' },
      expect: {
        outcome: 'accept',
        status: [...spec.defaults.accept],
        checks: [STATUS_CHECK, builtCheck(ctx, 'response-header', { name: h.name, status: h.status, format: h.format }, ptr)],
      },
      covers: [`response-header:${h.name}`, ...(cover !== undefined ? [`response-value:${h.name}=${cover}`] : [])],
      fields: h.rule,
      pointer: ptr,
      fieldsPointer: `${ptr}/rule`,
    });
  });

  const body = spec.responses.body;
  if (!body) return;
  const bodyArgs = {
    status: body.status,
    format: body.format,
    ...(body.root ? { root: body.root } : {}),
    ...(body.namespace ? { namespace: body.namespace } : {}),
    ...(body.schema ? { schema: body.schema } : {}),
  };
  if (body.schema) userSchema(body.schema, '/responses/body/schema', ctx.problems);
  emit(ctx, {
    slug: 'response-body',
    level,
    source: source(ctx, body.source, body.rule?.source),
    title: 'Read the body of a successful response to a valid request',
    requirement:
      body.format === 'none'
        ? `A ${body.status.join(' or ')} response has no body.`
        : body.format === 'json'
          ? `A ${body.status.join(' or ')} response body is JSON${body.schema ? ' that conforms to the documented schema' : ''}.`
          : `A ${body.status.join(' or ')} response body is well-formed XML whose root element is ${body.root ?? 'as documented'}${body.namespace ? ` in namespace ${body.namespace}` : ''}.`,
    appliesTo: 'any',
    stimulus: { kind: 'valid' },
    expect: { outcome: 'accept', status: [...spec.defaults.accept], checks: [STATUS_CHECK, builtCheck(ctx, 'response-body', bodyArgs, '/responses/body')] },
    covers: ['body:response', ...(body.root ? [`field:${body.root}`] : [])],
    fields: body.rule,
    pointer: '/responses/body',
    fieldsPointer: '/responses/body/rule',
  });
  (body.fields ?? []).forEach((f, i) => {
    const ptr = `/responses/body/fields/${i}`;
    const segments = f.path.split('/').filter((s) => s !== '' && !s.startsWith('@'));
    const last = kebab((f.path.split('/').pop() ?? f.path).replace(/^@/, ''));
    const p = presenceStimulus(f.presence);
    const vary = f.vary ?? p.vary;
    const presenceText: Record<string, string> = {
      always: 'is present',
      optional: 'when present,',
      absent: 'is absent',
      'with-attributes': 'is present when the request has message attributes',
      'without-attributes': 'is absent when the request has no message attributes',
    };
    presenceConditionCheck(ctx, f.when, `${ptr}/when`);
    varyCheck(ctx, f.vary, `${ptr}/vary`);
    const absentLike = f.presence === 'without-attributes' || f.presence === 'absent';
    const when = f.when ? ` when ${conditionText(f.when)}` : '';
    emit(ctx, {
      slug: `response-${last}`,
      level,
      source: source(ctx, f.source, f.rule?.source),
      title: `Read ${f.path} of a successful response${vary ? ` (request ${vary.join(', ')})` : ''}`,
      requirement: absentLike
        ? `${f.path} ${presenceText[f.presence]}${when}.`
        : `${f.path} ${presenceText[f.presence]}${when}${f.presence === 'optional' ? ' is' : ' and is'} ${formatText(f.format)}.`,
      appliesTo: f.when?.entity ?? p.appliesTo ?? 'any',
      stimulus: { kind: 'valid', ...(vary ? { vary } : {}) },
      expect: {
        outcome: 'accept',
        status: [...spec.defaults.accept],
        checks: [STATUS_CHECK, builtCheck(ctx, 'response-field', { path: f.path, format: f.format, presence: f.presence, ...(f.when ? { when: f.when } : {}) }, ptr)],
      },
      covers: segments.map((s) => `field:${s}`),
      fields: f.rule,
      pointer: ptr,
      fieldsPointer: `${ptr}/rule`,
    });
    (f.absent ?? []).forEach((a, j) => {
      const aptr = `${ptr}/absent/${j}`;
      presenceConditionCheck(ctx, a.when, `${aptr}/when`);
      varyCheck(ctx, a.vary, `${aptr}/vary`);
      emit(ctx, {
        slug: `response-${last}-absent`,
        level,
        source: source(ctx, f.source, a.rule?.source),
        title: `Read ${f.path} of a successful response when ${conditionText(a.when)}${a.vary ? ` (request ${a.vary.join(', ')})` : ''}`,
        requirement: `${f.path} is absent when ${conditionText(a.when)}.`,
        appliesTo: a.when.entity ?? 'any',
        stimulus: { kind: 'valid', ...(a.vary ? { vary: a.vary } : {}) },
        expect: {
          outcome: 'accept',
          status: [...spec.defaults.accept],
          checks: [STATUS_CHECK, builtCheck(ctx, 'response-field', { path: f.path, presence: 'absent', when: a.when }, aptr)],
        },
        covers: segments.map((s) => `field:${s}`),
        fields: a.rule,
        pointer: aptr,
        fieldsPointer: `${aptr}/rule`,
      });
    });
  });
}

/** A presence condition in words: `the request goes to a standard-queue`. */
function conditionText(c: PresenceConditionDoc): string {
  if (c.entity !== undefined) return `the request goes to a ${c.entity}`;
  return c.has !== undefined ? `the request carries ${c.has}` : `the request carries no ${c.lacks ?? ''}`;
}

/** A presence condition names a declared entity kind, or a declared parameter or header. */
function presenceConditionCheck(ctx: Context, c: PresenceConditionDoc | undefined, ptr: string): void {
  if (!c) return;
  const t = ctx.spec.transport;
  if (c.entity !== undefined) {
    const kinds = t.entity.kinds.map((k) => (typeof k === 'string' ? k : k.name));
    if (!kinds.includes(c.entity)) ctx.problems.push({ pointer: `${ptr}/entity`, message: `entity kind "${c.entity}" is not in /transport/entity/kinds (${kinds.join(', ')})` });
    return;
  }
  const name = c.has ?? c.lacks ?? '';
  const declared = (ctx.spec.parameters ?? []).some((p) => p.name === name) || (ctx.spec.headers ?? []).some((h) => h.name.toLowerCase() === name.toLowerCase());
  if (!declared) ctx.problems.push({ pointer: `${ptr}/${c.has !== undefined ? 'has' : 'lacks'}`, message: `no declared parameter or header named "${name}"` });
}

/** Vary tokens outside a rule's stimulus (a response field's `vary`), checked as a stimulus's are. */
function varyCheck(ctx: Context, vary: string[] | undefined, ptr: string): void {
  (vary ?? []).forEach((token, j) => {
    const parsed = parseVary(token, varyScope(ctx.spec));
    if (typeof parsed === 'string') ctx.problems.push({ pointer: `${ptr}/${j}`, message: parsed });
  });
}

function stimulus(doc: StimulusDoc): Stimulus {
  if (doc === 'valid') return { kind: 'valid' };
  if (doc === 'none') return { kind: 'none' };
  if ('valid' in doc) return { kind: 'valid', ...(doc.valid.vary ? { vary: doc.valid.vary } : {}) };
  if ('auth' in doc) return { kind: 'auth', variant: doc.auth };
  if ('body' in doc) return { kind: 'body', variant: doc.body };
  if ('url' in doc) return { kind: 'url', variant: doc.url };
  if ('example' in doc) return { kind: 'example', example: doc.example };
  if ('cases' in doc) {
    return {
      kind: 'cases',
      cases: doc.cases.map((c) => ({
        label: c.label,
        expect: c.expect,
        set: Object.entries(c.set ?? {}).map(([name, value]) => ({ name, value })),
        extra: Object.entries(c.extra ?? {}).map(([name, value]) => ({ name, value })),
      })),
    };
  }
  if ('scenario' in doc) return { kind: 'scenario', scenario: scenarioOf(doc.scenario) };
  return { kind: 'sequence', count: doc.sequence.count, ...(doc.sequence.vary ? { vary: doc.sequence.vary } : {}) };
}

/** A `cases` stimulus: each `set` name is a declared parameter (an item with its index), each `extra` name is not; a reject case needs a reject expectation. */
function fixedCasesCheck(ctx: Context, stim: Stimulus, ptr: string, rejects: boolean): void {
  if (stim.kind !== 'cases' || !ctx.operation) return;
  const op = ctx.operation;
  stim.cases.forEach((c, j) => {
    const at = `${ptr}/stimulus/cases/${j}`;
    for (const { name } of c.set) {
      if (!parameterByWireName(op, name)) ctx.problems.push({ pointer: `${at}/set/${escapePointer(name)}`, message: `no declared parameter has the wire name "${name}" (an item of a numbered parameter is Name.N.Sub)`, atKey: true });
    }
    for (const { name } of c.extra) {
      if (parameterByWireName(op, name) || op.parameters.some((p) => p.name === name)) ctx.problems.push({ pointer: `${at}/extra/${escapePointer(name)}`, message: `"${name}" is a declared parameter; set it under "set"`, atKey: true });
    }
    if (c.expect === 'reject' && !rejects) ctx.problems.push({ pointer: `${at}/expect`, message: 'a case expected to be rejected needs the rule to expect a rejection (expect: { reject: … })' });
  });
}

function explicitRules(ctx: Context): void {
  const { spec } = ctx;
  const examples = new Set((spec.examples ?? []).map((e) => e.name));
  (spec.rules ?? []).forEach((r: RuleDoc, i) => {
    const ptr = `/rules/${i}`;
    const stim = stimulus(r.stimulus);
    const vary = stim.kind === 'valid' || stim.kind === 'sequence' ? (stim.vary ?? []) : [];
    const varyPointer = stim.kind === 'sequence' ? `${ptr}/stimulus/sequence/vary` : `${ptr}/stimulus/valid/vary`;
    vary.forEach((token, j) => {
      const parsed = parseVary(token, varyScope(spec));
      if (typeof parsed === 'string') ctx.problems.push({ pointer: `${varyPointer}/${j}`, message: parsed });
    });
    if (stim.kind === 'example' && !examples.has(stim.example)) {
      ctx.problems.push({ pointer: `${ptr}/stimulus/example`, message: `no example named "${stim.example}" in /examples` });
    }
    if (r.untestable === undefined && stim.kind === 'none') {
      ctx.problems.push({ pointer: `${ptr}/stimulus`, message: 'stimulus "none" needs an "untestable" reason' });
    }
    if (r.untestable === undefined && stim.kind !== 'none' && !r.expect && stim.kind !== 'valid') {
      ctx.problems.push({ pointer: ptr, message: 'a testable rule needs "expect" unless its stimulus is "valid"', atKey: false });
    }
    fixedCasesCheck(ctx, stim, ptr, r.expect !== undefined && 'reject' in r.expect);
    if (stim.kind === 'scenario' && ctx.operation) ctx.problems.push(...scenarioProblems(stim.scenario, ctx.operation, `${ptr}/stimulus/scenario`));
    let expect: Expectation;
    if (r.expect) expect = expectation(ctx, r.expect, `${ptr}/expect`);
    else if (stim.kind === 'none') expect = { outcome: 'none' };
    else expect = { outcome: 'accept', status: [...spec.defaults.accept], checks: [STATUS_CHECK] };
    emit(ctx, {
      slug: r.slug,
      level: r.level,
      source: source(ctx, r.source),
      title: r.title,
      requirement: r.requirement,
      appliesTo: r.appliesTo ?? 'any',
      stimulus: stim,
      expect,
      covers: [],
      fields: { ...r, slug: r.slug },
      pointer: ptr,
    });
  });
}

/** What a vary token may name in this spec: its top-level fields by slug, its family's variants, its auth scheme's token styles. */
export function varyScope(spec: SpecDoc): VaryScope {
  const fields = [...(spec.headers ?? []), ...(spec.query ?? []), ...(spec.parameters ?? [])].map((f) => ({ slug: f.slug ?? kebab(f.name), type: f.type ?? 'string' }));
  const kind = spec.transport.encoding.kind;
  return { fields, family: isFamilyName(kind) ? FAMILIES[kind].vary(spec.transport.encoding) : {}, auth: catalogEntry(spec.auth.scheme)?.styles ?? {} };
}

const ITEM_ROLES: ReadonlySet<FieldRole> = new Set(['item-name', 'item-type', 'item-text-value', 'item-binary-value']);
const HEADER_ROLES: ReadonlySet<FieldRole> = new Set(['device-handle', 'format-selector', 'media-type']);

/**
 * Roles: each at most once per spec (item roles once per numbered field), item roles only on
 * sub-fields of a numbered field and the others only on top-level fields, header roles only on
 * headers; an item-type's `selects` names a sibling; a family that needs a role finds it.
 */
function roleCheck(ctx: Context): void {
  const { spec, problems } = ctx;
  const seen = new Map<string, string>();
  const lists: Array<['headers' | 'parameters' | 'query', FieldDoc[] | undefined]> = [
    ['headers', spec.headers],
    ['parameters', spec.parameters],
    ['query', spec.query],
  ];
  const claim = (role: FieldRole, ptr: string, scope: string): void => {
    const key = `${scope}:${role}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ pointer: ptr, message: `role "${role}" is given twice (first at ${first})` });
    else seen.set(key, ptr);
  };
  for (const [list, fields] of lists) {
    (fields ?? []).forEach((f, i) => {
      const ptr = `/${list}/${i}`;
      if (f.role) {
        if (ITEM_ROLES.has(f.role)) problems.push({ pointer: `${ptr}/role`, message: `role "${f.role}" belongs to a sub-field of a numbered field` });
        else if (HEADER_ROLES.has(f.role) && list !== 'headers') problems.push({ pointer: `${ptr}/role`, message: `role "${f.role}" belongs to a header` });
        else claim(f.role, `${ptr}/role`, '');
      }
      const subs = f.numbered?.fields ?? [];
      const subNames = new Set(subs.map((sub) => sub.name));
      subs.forEach((sub, j) => {
        const sp = `${ptr}/numbered/fields/${j}`;
        if (sub.role && !ITEM_ROLES.has(sub.role)) problems.push({ pointer: `${sp}/role`, message: `role "${sub.role}" belongs to a top-level field, not a numbered item` });
        else if (sub.role) claim(sub.role, `${sp}/role`, ptr);
        (sub.enum?.values ?? []).forEach((v, k) => {
          if (typeof v === 'string' || v.selects === undefined) return;
          if (sub.role !== 'item-type') problems.push({ pointer: `${sp}/enum/values/${k}/selects`, message: '"selects" belongs to the enum of an item-type field' });
          else if (!subNames.has(v.selects)) problems.push({ pointer: `${sp}/enum/values/${k}/selects`, message: `no sub-field named "${v.selects}" in ${ptr}/numbered/fields` });
        });
      });
    });
  }
  const responseRoles = new Map<string, number>();
  (spec.responses.body?.fields ?? []).forEach((f, i) => {
    if (!f.role) return;
    const first = responseRoles.get(f.role);
    if (first !== undefined) problems.push({ pointer: `/responses/body/fields/${i}/role`, message: `role "${f.role}" is given twice (first at /responses/body/fields/${first}/role)` });
    else responseRoles.set(f.role, i);
  });
}

const familySchemas = new Map<string, ReturnType<ReturnType<typeof createAjv>['compile']>>();

/**
 * The protocol family: a registered one; its options valid against its schema fragment; the
 * body variants the rules ask for known to it; its error-body format one it allows; then the
 * family's own checks on the compiled operation.
 */
function familyCheck(ctx: Context): void {
  const { spec, problems } = ctx;
  const kind = spec.transport.encoding.kind;
  if (!isFamilyName(kind)) {
    problems.push({ pointer: '/transport/encoding/kind', message: `unknown protocol family "${kind}"; known: ${FAMILY_NAMES.join(', ')}` });
    return;
  }
  const family = FAMILIES[kind];
  let validate = familySchemas.get(kind);
  if (!validate) familySchemas.set(kind, (validate = createAjv().compile(family.schema)));
  if (!validate(spec.transport.encoding)) {
    for (const p of schemaProblems(validate.errors ?? [])) problems.push({ pointer: `/transport/encoding${p.pointer}`, message: p.message, atKey: p.atKey });
    return;
  }
  (spec.rules ?? []).forEach((r, i) => {
    if (typeof r.stimulus !== 'object' || !('body' in r.stimulus)) return;
    const variant = r.stimulus.body;
    if (!Object.hasOwn(family.bodyVariants, variant)) {
      problems.push({ pointer: `/rules/${i}/stimulus/body`, message: `unknown body variant "${variant}" for protocol family ${kind}; known: ${Object.keys(family.bodyVariants).join(', ')}` });
    }
  });
  const errorBody = spec.responses.errorBody;
  if (errorBody && !family.errorFormats.includes(errorBody.format)) {
    problems.push({ pointer: '/responses/errorBody/format', message: `protocol family ${kind} carries error codes as ${family.errorFormats.join(' or ')}, not ${errorBody.format}` });
  }
  const op = ctx.operation;
  if (!op) return;
  if (family.check) problems.push(...family.check(op));
  const bodySchema = family.bodySchema?.(spec.transport.encoding);
  if (bodySchema && family.canonicalBody && !problems.length) {
    const v = userSchema(bodySchema, '/transport/encoding/schema', problems);
    if (v && !v(family.canonicalBody(op))) {
      const why = (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
      problems.push({ pointer: '/transport/encoding/schema', message: `the canonical request body does not conform to this schema: ${why}` });
    }
  }
}

/** A JSON Schema the spec gives (request or response body), compiled leniently (unknown formats and keywords allowed); a schema that does not compile is a problem. */
export function userSchema(schema: Record<string, unknown>, pointer: string, problems: CompileProblem[]): ValidateFunction | undefined {
  try {
    return compileDocumentSchema(schema);
  } catch (err) {
    problems.push({ pointer, message: `not a valid JSON Schema: ${(err as Error).message}` });
    return undefined;
  }
}

/** Cross-references the schema cannot express. */
function crossCheck(ctx: Context): void {
  const { spec, problems } = ctx;
  const t = spec.transport;
  const placeholders = new Set((t.placeholders ?? []).map((p) => p.name));
  const used = new Set([...t.url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => n !== 'base'));
  for (const name of used) {
    if (!placeholders.has(name)) problems.push({ pointer: '/transport/url', message: `placeholder {${name}} is not declared in /transport/placeholders` });
  }
  (t.placeholders ?? []).forEach((p, i) => {
    if (!used.has(p.name)) problems.push({ pointer: `/transport/placeholders/${i}/name`, message: `placeholder "${p.name}" does not occur in the URL template` });
  });
  const paramNames = new Set((spec.parameters ?? []).map((p) => p.name));
  if (t.entity.parameter !== undefined && !paramNames.has(t.entity.parameter)) {
    problems.push({ pointer: '/transport/entity/parameter', message: `no parameter named "${t.entity.parameter}"` });
  }
  if (t.entity.placeholder !== undefined && !placeholders.has(t.entity.placeholder)) {
    problems.push({ pointer: '/transport/entity/placeholder', message: `no placeholder named "${t.entity.placeholder}"` });
  }
  roleCheck(ctx);
  familyCheck(ctx);
  const lists: Array<['headers' | 'parameters' | 'query', FieldDoc[] | undefined]> = [
    ['headers', spec.headers],
    ['parameters', spec.parameters],
    ['query', spec.query],
  ];
  const allFields = new Map<string, FieldDoc>();
  for (const [list, fields] of lists) {
    const seen = new Map<string, number>();
    (fields ?? []).forEach((f, i) => {
      const key = list === 'headers' ? f.name.toLowerCase() : f.name;
      if (seen.has(key)) problems.push({ pointer: `/${list}/${i}/name`, message: `"${f.name}" is declared twice in /${list} (first at /${list}/${seen.get(key)})` });
      seen.set(key, i);
      allFields.set(key, f);
    });
  }
  for (const [list, fields] of lists) {
    (fields ?? []).forEach((f, i) => {
      if (!f.dependsOn) return;
      const other = allFields.get(f.dependsOn.field) ?? allFields.get(f.dependsOn.field.toLowerCase());
      const ptr = `/${list}/${i}/dependsOn`;
      if (!other) {
        problems.push({ pointer: `${ptr}/field`, message: `no header or parameter named "${f.dependsOn.field}"` });
        return;
      }
      const allowed = new Set<string>();
      for (const v of other.enum?.values ?? []) {
        const e = typeof v === 'string' ? { value: v } : v;
        allowed.add(e.value);
        e.ambiguity?.alternatives.forEach((a) => a.value !== undefined && allowed.add(a.value));
      }
      for (const key of Object.keys(f.dependsOn.values)) {
        if (!allowed.has(key)) {
          problems.push({ pointer: `${ptr}/values/${escapePointer(key)}`, message: `"${key}" is not an enumerated value of ${f.dependsOn.field}` });
        }
      }
    });
  }
  const kinds = new Set<AppliesTo>(['any', ...t.entity.kinds.map((k) => (typeof k === 'string' ? k : k.name))]);

  t.entity.kinds.forEach((k, i) => {
    if (typeof k === 'string' || k.pattern === undefined) return;
    try {
      new RegExp(k.pattern, 'u');
    } catch (err) {
      problems.push({ pointer: `/transport/entity/kinds/${i}/pattern`, message: `not a valid regular expression: ${(err as Error).message}` });
    }
  });
  for (const rule of ctx.rules) {
    if (!kinds.has(rule.appliesTo)) {
      problems.push({ pointer: ctx.origins.get(rule.id) ?? '', message: `rule ${rule.id} applies to "${rule.appliesTo}", which /transport/entity/kinds does not list` });
    }
  }
}

/** Every documented status and error code must be exercised (or explained) by some rule. */
function coverageCheck(ctx: Context): void {
  const covered = new Set(ctx.rules.flatMap((r) => r.covers.map((k) => k.toLowerCase())));
  ctx.spec.responses.statuses.forEach((s, i) => {
    if (!covered.has(`status:${s.status}`)) {
      ctx.problems.push({ pointer: `/responses/statuses/${i}/status`, message: `status ${s.status} is documented but no rule expects it or covers "status:${s.status}"` });
    }
    (s.errors ?? []).forEach((e, j) => {
      const key = `error:${s.status} ${e.code}`;
      if (!covered.has(key.toLowerCase())) {
        ctx.problems.push({ pointer: `/responses/statuses/${i}/errors/${j}/code`, message: `error ${s.status} ${e.code} is documented but no rule expects it or covers "${key}"` });
      }
    });
  });
}

export function compileSpec(spec: SpecDoc): CompiledSpec {
  const ctx: Context = { spec, seed: spec.seed, problems: authProblems(spec), rules: [], origins: new Map() };
  // The operation model is built once, here; without a registered scheme and family there is none.
  if (!ctx.problems.length && isFamilyName(spec.transport.encoding.kind)) ctx.operation = operationModel(spec);
  // Each field's rules from its record in the operation model (built alone when the model cannot be).
  const op = ctx.operation;
  (spec.headers ?? []).forEach((h, i) => fieldRules(ctx, h, op?.headers[i] ?? fieldModel(spec, h, 'header'), `/headers/${i}`));
  (spec.query ?? []).forEach((q, i) => fieldRules(ctx, q, op?.query[i] ?? fieldModel(spec, q, 'query'), `/query/${i}`));
  (spec.parameters ?? []).forEach((p, i) => fieldRules(ctx, p, op?.parameters[i] ?? fieldModel(spec, p, 'parameter'), `/parameters/${i}`));
  if (spec.body) fieldRules(ctx, spec.body, op?.body ?? fieldModel(spec, spec.body, 'body'), '/body');
  responseRules(ctx);
  if (op) ctx.problems.push(...companionProblems(op));
  explicitRules(ctx);
  crossCheck(ctx);
  coverageCheck(ctx);
  return { rules: ctx.rules, origins: ctx.origins, problems: ctx.problems, ...(ctx.operation ? { operation: ctx.operation } : {}) };
}
