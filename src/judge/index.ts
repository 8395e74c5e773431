/**
 * Judging a client's request by the spec's request rules: given a loaded spec (its rules and
 * operation model) and a request as sent (method, URL, headers, body bytes), says per request
 * rule whether the request meets what the document requires of a client, and whether its
 * credentials have the auth scheme's form. Used on requests of real clients (the SDK captures
 * in test/sdk/) and by `ruleprobe judge`.
 *
 * Request rules are the constraint rules (required, type, range, length, charset, pattern,
 * enumeration, value, dependency, item count, uniqueness — each read through the protocol
 * family's body part) and the valid-request rules that list equivalent spellings of one field
 * (`vary: [direct=bare, direct=true]`). A rule whose document is ambiguous holds under a reading
 * when one of its `ambiguity` alternatives expects such a request to be accepted: an accepted
 * alternative makes the rule met and is named; one recorded with `accepted: false` leaves it
 * violated and is listed in `validUnder` (a profile may select it).
 */
import type { OperationModel } from '../model/operation.js';
import type { Rule, RuleSet } from '../model/rule.js';
import type { WireRequest } from '../model/request.js';
import { inspectCredentials } from '../sign/index.js';
import { judgeCases, judgeConstraint, type Finding } from './constraints.js';
import { entityKind, entityValue, readRequest, valueOf, type ReadRequest } from './read.js';
import type { AuthJudgement, Judgement, RuleJudgement } from './types.js';

export type { AuthJudgement, Judgement, RuleJudgement, RuleVerdict } from './types.js';

export interface JudgeOptions {
  /** The entity kind the request goes to (`fifo-queue`); default: read from the request (see `entityKind`). */
  entity?: string;
  /** The profile the spec was loaded under, recorded in the judgement. */
  profile?: string;
  /**
   * Target options the request's target has (`contentBasedDeduplication: off`): a request does not
   * show them, so a rule that `requires` an option is judged only when the caller gives it, and is
   * not applicable otherwise (or when the option given differs).
   */
  targetOptions?: Record<string, string>;
}

/**
 * A valid-request rule whose vary tokens are two or more spellings of one declared field: in its
 * stimulus (`vary: [direct=bare, direct=true]`), or one per reading of an ambiguity whose
 * alternatives each send their own (`send: either-of`, `vary: [direct=true]`); `readings` names
 * the reading of each spelling then.
 */
function spellings(op: OperationModel, rule: Rule): { slug: string; values: string[]; readings?: string[] } | undefined {
  if (rule.stimulus.kind !== 'valid') return undefined;
  const alternatives = rule.ambiguity?.alternatives ?? [];
  const perReading = !rule.stimulus.vary && alternatives.length >= 2 && alternatives.every((a) => a.vary?.length === 1);
  const tokens = perReading ? alternatives.map((a) => a.vary![0]!) : rule.stimulus.vary;
  if (!tokens || tokens.length < 2) return undefined;
  const slugs = new Set([...op.headers, ...op.query, ...op.parameters].map((f) => f.slug));
  const parsed = tokens.map((t) => {
    const eq = t.indexOf('=');
    return eq < 0 ? undefined : { slug: t.slice(0, eq), value: t.slice(eq + 1) };
  });
  if (parsed.some((p) => p === undefined || !slugs.has(p.slug))) return undefined;
  const first = parsed[0]!.slug;
  if (parsed.some((p) => p!.slug !== first)) return undefined;
  return { slug: first, values: parsed.map((p) => p!.value), ...(perReading ? { readings: alternatives.map((a) => a.id) } : {}) };
}

function judgeSpelling(r: ReadRequest, rule: Rule, s: { slug: string; values: string[]; readings?: string[] }): Finding {
  const field = [...r.op.headers, ...r.op.query, ...r.op.parameters].find((f) => f.slug === s.slug)!;
  const v = valueOf(r, field);
  if (v === undefined) return { verdict: 'not-applicable', detail: `${field.name} is absent` };
  const written = v === null ? 'bare' : typeof v === 'string' ? v : undefined;
  const at = written === undefined ? -1 : s.values.findIndex((x) => x === written || (field.type === 'flag' && x.toLowerCase() === written.toLowerCase()));
  if (at < 0) return { verdict: 'not-applicable', detail: `${field.name} is written ${JSON.stringify(written ?? '(bytes)')}, none of the spellings ${s.values.join(', ')} the rule is about` };
  // A reading that spells the field this way names itself by its `value`; otherwise the spelling is the reading's name
  // (alternatives are not matched by position: a profile may reorder them).
  const reading = s.readings?.[at] ?? rule.ambiguity?.alternatives.find((a) => a.value === s.values[at])?.id ?? `${s.slug}=${s.values[at]}`;
  if (s.readings && rule.ambiguity?.alternatives[at]?.accepted === false) {
    return { verdict: 'violated', detail: `${field.name} is written ${v === null ? 'as a bare flag' : JSON.stringify(written)}, the spelling of the reading "${reading}", which is not accepted by default`, reading };
  }
  return { verdict: 'met', detail: `${field.name} is written ${v === null ? 'as a bare flag' : JSON.stringify(written)}, one of the spellings the rule accepts`, reading };
}

/** A violation that an ambiguity reading expecting acceptance excuses: met under an accepted one, listed under the others. */
function withReadings(rule: Rule, f: Finding): RuleJudgement {
  const base: RuleJudgement = { ruleId: rule.id, level: rule.level, verdict: f.verdict, detail: f.detail, ...(f.reading !== undefined ? { reading: f.reading } : {}) };
  if (f.verdict !== 'violated') return base;
  const lenient = (rule.ambiguity?.alternatives ?? []).filter((a) => a.expect?.outcome === 'accept');
  const accepted = lenient.find((a) => a.accepted);
  if (accepted) return { ...base, verdict: 'met', detail: `${f.detail}, which the reading "${accepted.id}" accepts: ${accepted.description}`, reading: accepted.id };
  const recorded = [...new Set([...(f.validUnder ?? []), ...lenient.map((a) => a.id)])];
  return recorded.length ? { ...base, validUnder: recorded } : base;
}

/** Why a rule that needs target options does not apply to a request judged under `given`; undefined when it does. */
function unmetOption(rule: Rule, given: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(rule.requires ?? {})) {
    const have = given[name];
    if (have === undefined) return `the rule is for a target with ${name}: ${value}, which a request does not show (none given)`;
    if (have !== value) return `the rule is for a target with ${name}: ${value}, the request is judged under ${name}: ${have}`;
  }
  return undefined;
}

function judgeAuth(set: RuleSet, r: ReadRequest): AuthJudgement {
  const scheme = set.operation.auth.scheme;
  const found = inspectCredentials(set.operation.auth, r.wire, entityValue(r) ?? '');
  if (!found) return { scheme, verdict: 'not-judged', detail: `the ${scheme} plug-in does not read its header` };
  return { scheme, verdict: found.ok ? 'met' : 'violated', detail: found.detail };
}

/** The judgement of one client request by every request rule of `set`. */
export function judgeRequest(set: RuleSet, wire: WireRequest, options: JudgeOptions = {}): Judgement {
  const op = set.operation;
  const r = readRequest(op, wire);
  const entity = options.entity ?? entityKind(r) ?? op.entity.kinds[0]!;
  const rules: RuleJudgement[] = [];
  for (const rule of set.rules) {
    let f: Finding;
    const spelled = spellings(op, rule);
    if (rule.stimulus.kind === 'constraint') f = judgeConstraint(r, rule, op);
    else if (spelled) f = judgeSpelling(r, rule, spelled);
    else if (rule.stimulus.kind === 'cases') f = judgeCases(r, rule.stimulus.cases);
    else continue;
    if (rule.appliesTo !== 'any' && rule.appliesTo !== entity) f = { verdict: 'not-applicable', detail: `the rule is for ${rule.appliesTo}, the request goes to ${entity}` };
    else {
      const unmet = unmetOption(rule, options.targetOptions ?? {});
      if (unmet) f = { verdict: 'not-applicable', detail: unmet };
    }
    rules.push(withReadings(rule, f));
  }
  const auth = judgeAuth(set, r);
  return {
    specId: set.specId,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.targetOptions && Object.keys(options.targetOptions).length ? { targetOptions: options.targetOptions } : {}),
    entity,
    rules,
    auth,
    valid: rules.every((x) => x.verdict !== 'violated') && auth.verdict !== 'violated',
  };
}

/** The judgement as lines for people: the violations first, then what held under a reading. */
export function formatJudgement(j: Judgement): string[] {
  const options = Object.entries(j.targetOptions ?? {}).map(([k, v]) => `${k}: ${v}`);
  const lines = [`${j.specId}${j.profile ? ` (profile ${j.profile})` : ''}, ${j.entity}${options.length ? ` (${options.join(', ')})` : ''}: ${j.valid ? 'valid' : 'NOT valid'}`];
  for (const x of j.rules.filter((y) => y.verdict === 'violated')) {
    lines.push(`  VIOLATED ${x.level} ${x.ruleId}: ${x.detail}${x.validUnder ? ` (valid under the reading(s) ${x.validUnder.join(', ')}, not accepted by default)` : ''}`);
  }
  for (const x of j.rules.filter((y) => y.verdict === 'met' && y.reading !== undefined)) lines.push(`  met under "${x.reading}" ${x.ruleId}: ${x.detail}`);
  lines.push(`  auth (${j.auth.scheme}) ${j.auth.verdict}: ${j.auth.detail}`);
  const count = (v: string): number => j.rules.filter((y) => y.verdict === v).length;
  lines.push(`  ${count('met')} met, ${count('violated')} violated, ${count('not-applicable')} not applicable`);
  return lines;
}
