/**
 * Release gating: which records fail the run under a policy, after known failures and a baseline
 * are taken into account. Pure functions over verdict records; the CLI only loads files.
 */
import { SpecLoadError, type SpecProblem } from '../config/errors.js';
import { schemaFiles } from '../model/assets.js';
import { lazyValidator } from '../config/schemas.js';
import { readYamlFile } from '../config/read.js';
import { parseYaml, schemaProblems } from '../config/yaml.js';
import { failuresOf, fingerprintsOf, type VerdictRecord } from '../runner/verdict.js';
import type { FingerprintRef, GatedRecord, GatingSummary, Report } from './model.js';

export type FailOn = 'must' | 'should' | 'any';

export interface KnownFailure {
  rule: string;
  /** Only this failure of the rule (a fingerprint from a report); absent: every failure of the rule. */
  fingerprint?: string;
  reason: string;
  expires?: string;
  link?: string;
}

type KnownFailuresDoc = { 'known-failures': KnownFailure[] };
/** The known-failures schema, loaded when the first such file is read. */
const validator = lazyValidator<KnownFailuresDoc>(schemaFiles('src/report/known-failures.schema.json'));

const KIND = 'known-failures file';

/** Loads a known-failures file; an entry naming no existing rule is a config error, located. */
export function loadKnownFailures(text: string, file: string, ruleIds: ReadonlySet<string>): KnownFailure[] {
  const { data, locator } = parseYaml(text, file, KIND);
  const problems: SpecProblem[] = [];
  const validate = validator();
  if (!validate(data)) {
    for (const p of schemaProblems(validate.errors ?? [])) problems.push({ file, ...locator.position(p.pointer, p.atKey), pointer: p.pointer, message: p.message });
    throw new SpecLoadError(problems, KIND);
  }
  const seen = new Map<string, number>();
  data['known-failures'].forEach((k, i) => {
    const pointer = `/known-failures/${i}/rule`;
    if (!ruleIds.has(k.rule)) problems.push({ file, ...locator.position(pointer), pointer, message: `no rule with id "${k.rule}" (see ruleprobe rules)` });
    // A rule-wide entry covers every fingerprint of its rule, so it may not sit beside one.
    const key = k.fingerprint ? `${k.rule} ${k.fingerprint}` : k.rule;
    const clash = seen.get(key) ?? (k.fingerprint ? seen.get(k.rule) : [...seen].find(([other]) => other.startsWith(`${k.rule} `))?.[1]);
    if (clash !== undefined) problems.push({ file, ...locator.position(pointer), pointer, message: `"${k.rule}"${k.fingerprint ? ` fingerprint ${k.fingerprint}` : ''} is listed twice (first at /known-failures/${clash})` });
    seen.set(key, i);
  });
  if (problems.length) throw new SpecLoadError(problems, KIND);
  return data['known-failures'];
}

/** Reads and loads a known-failures file; a file that cannot be read is a located problem too. */
export function loadKnownFailuresFile(path: string, ruleIds: ReadonlySet<string>): KnownFailure[] {
  return loadKnownFailures(readYamlFile(path, path, KIND), path, ruleIds);
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

function refsOf(r: VerdictRecord): FingerprintRef[] {
  const listed = failuresOf(r);
  return fingerprintsOf(r).map((fp, i) => ({ ruleId: r.ruleId, fingerprint: fp, ...(listed[i] ? { caseLabel: listed[i].caseLabel } : {}) }));
}

export function applyGating(records: VerdictRecord[], o: GatingOptions): { records: GatedRecord[]; gating: GatingSummary } {
  const ruleWide = new Map((o.knownFailures ?? []).filter((k) => !k.fingerprint).map((k) => [k.rule, k]));
  const byFingerprint = new Map((o.knownFailures ?? []).filter((k) => k.fingerprint).map((k) => [`${k.rule} ${k.fingerprint}`, k]));
  const failedBefore = o.baseline ? o.baseline.report.records.filter((r) => breaksPolicy(r, o.failOn)) : [];
  const before = o.baseline ? new Set(failedBefore.map((r) => r.ruleId)) : undefined;
  const fingerprintsBefore = new Map(failedBefore.map((r) => [r.ruleId, refsOf(r)]));
  const newFingerprints: FingerprintRef[] = [];
  const stillFingerprints: FingerprintRef[] = [];
  const fixedFingerprints: FingerprintRef[] = [];
  const stale: GatingSummary['stale'] = [];
  const expired: GatingSummary['expired'] = [];
  const gated: GatedRecord[] = records.map((r) => {
    const now = breaksPolicy(r, o.failOn) ? refsOf(r) : [];
    // Every known-failures entry naming a fingerprint this run did not see is stale, as is a rule-wide one of a passing rule.
    for (const k of byFingerprint.values()) if (k.rule === r.ruleId && (r.verdict === 'PASS' || now.length > 0) && !now.some((f) => f.fingerprint === k.fingerprint)) stale.push({ ruleId: r.ruleId, reason: k.reason, fingerprint: k.fingerprint! });
    if (before?.has(r.ruleId) && r.verdict !== 'SKIP' && r.verdict !== 'ERROR') {
      const prev = fingerprintsBefore.get(r.ruleId)!;
      for (const f of now) (prev.some((p) => p.fingerprint === f.fingerprint) ? stillFingerprints : newFingerprints).push(f);
      for (const p of prev) if (!now.some((f) => f.fingerprint === p.fingerprint)) fixedFingerprints.push(p);
    }
    const k = ruleWide.get(r.ruleId) ?? (now.length && now.every((f) => byFingerprint.has(`${r.ruleId} ${f.fingerprint}`)) ? byFingerprint.get(`${r.ruleId} ${now[0]!.fingerprint}`) : undefined);
    if (ruleWide.has(r.ruleId) && r.verdict === 'PASS') stale.push({ ruleId: r.ruleId, reason: ruleWide.get(r.ruleId)!.reason });
    if (!breaksPolicy(r, o.failOn)) return { ...r };
    if (k) {
      const note = { reason: k.reason, ...(k.expires ? { expires: k.expires } : {}), ...(k.link ? { link: k.link } : {}) };
      if (k.expires && k.expires < o.today) {
        expired.push({ ruleId: r.ruleId, expires: k.expires });
        return { ...r, gate: 'failing', knownFailure: note };
      }
      return { ...r, gate: 'expected', knownFailure: note };
    }
    // A rule failing before too fails the run again only with a failure the baseline did not have.
    if (o.failOnRegression && before?.has(r.ruleId)) {
      const prev = fingerprintsBefore.get(r.ruleId)!;
      return { ...r, gate: now.every((f) => prev.some((p) => p.fingerprint === f.fingerprint)) ? 'still-failing' : 'failing' };
    }
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
            fingerprints: { new: newFingerprints, fixed: fixedFingerprints, stillFailing: stillFingerprints },
          },
        }
      : {}),
  };
  return { records: gated, gating };
}
