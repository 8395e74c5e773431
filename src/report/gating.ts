/**
 * Release gating: which records fail the run under a policy, after known failures and a baseline
 * are taken into account. Pure functions over verdict records; the CLI only loads files.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecLoadError, type SpecProblem } from '../config/errors.js';
import { createAjv, parseYaml, schemaProblems } from '../config/yaml.js';
import type { VerdictRecord } from '../runner/verdict.js';
import type { GatedRecord, GatingSummary, Report } from './model.js';

export type FailOn = 'must' | 'should' | 'any';

export interface KnownFailure {
  rule: string;
  reason: string;
  expires?: string;
  link?: string;
}

const SCHEMA = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'known-failures.schema.json'), 'utf8')) as object;
const validate = createAjv().compile<{ 'known-failures': KnownFailure[] }>(SCHEMA);

/** Loads a known-failures file; an entry naming no existing rule is a config error, located. */
export function loadKnownFailures(text: string, file: string, ruleIds: ReadonlySet<string>): KnownFailure[] {
  const { data, locator } = parseYaml(text, file);
  const problems: SpecProblem[] = [];
  if (!validate(data)) {
    for (const p of schemaProblems(validate.errors ?? [])) problems.push({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message });
    throw new SpecLoadError(problems);
  }
  const seen = new Map<string, number>();
  data['known-failures'].forEach((k, i) => {
    const pointer = `/known-failures/${i}/rule`;
    if (!ruleIds.has(k.rule)) problems.push({ file, ...locator.position(pointer), pointer, message: `no rule with id "${k.rule}" (see ruleprobe rules)` });
    if (seen.has(k.rule)) problems.push({ file, ...locator.position(pointer), pointer, message: `"${k.rule}" is listed twice (first at /known-failures/${seen.get(k.rule)})` });
    seen.set(k.rule, i);
  });
  if (problems.length) throw new SpecLoadError(problems);
  return data['known-failures'];
}

/** Whether a record breaks the policy on its own (before known failures and baseline). */
export function breaksPolicy(r: VerdictRecord, failOn: FailOn): boolean {
  if (r.verdict === 'FAIL') return true;
  if (r.verdict === 'WARN') return failOn === 'any' || (failOn === 'should' && r.level === 'SHOULD');
  if (r.verdict === 'ERROR') return failOn === 'any';
  return false;
}

export interface GatingOptions {
  failOn: FailOn;
  knownFailures?: KnownFailure[];
  baseline?: { file: string; report: Report };
  /** Only failures absent from the baseline fail the run. */
  failOnRegression?: boolean;
  /** Today, UTC (YYYY-MM-DD); known failures expire after their date. */
  today: string;
}

export function applyGating(records: VerdictRecord[], o: GatingOptions): { records: GatedRecord[]; gating: GatingSummary } {
  const known = new Map((o.knownFailures ?? []).map((k) => [k.rule, k]));
  const before = o.baseline ? new Set(o.baseline.report.records.filter((r) => breaksPolicy(r, o.failOn)).map((r) => r.ruleId)) : undefined;
  const stale: GatingSummary['stale'] = [];
  const expired: GatingSummary['expired'] = [];
  const gated: GatedRecord[] = records.map((r) => {
    const k = known.get(r.ruleId);
    if (k && r.verdict === 'PASS') stale.push({ ruleId: r.ruleId, reason: k.reason });
    if (!breaksPolicy(r, o.failOn)) return { ...r };
    if (k) {
      const note = { reason: k.reason, ...(k.expires ? { expires: k.expires } : {}), ...(k.link ? { link: k.link } : {}) };
      if (k.expires && k.expires < o.today) {
        expired.push({ ruleId: r.ruleId, expires: k.expires });
        return { ...r, gate: 'failing', knownFailure: note };
      }
      return { ...r, gate: 'expected', knownFailure: note };
    }
    if (o.failOnRegression && before?.has(r.ruleId)) return { ...r, gate: 'still-failing' };
    return { ...r, gate: 'failing' };
  });
  const now = new Set(gated.filter((r) => breaksPolicy(r, o.failOn)).map((r) => r.ruleId));
  const ran = new Set(records.map((r) => r.ruleId));
  const gating: GatingSummary = {
    failOn: o.failOn,
    stale,
    expired,
    failing: gated.filter((r) => r.gate === 'failing').map((r) => r.ruleId),
    ...(o.baseline && before
      ? {
          baseline: {
            file: o.baseline.file,
            newFailures: [...now].filter((id) => !before.has(id)),
            fixed: [...before].filter((id) => ran.has(id) && !now.has(id)),
            stillFailing: [...now].filter((id) => before.has(id)),
          },
        }
      : {}),
  };
  return { records: gated, gating };
}
