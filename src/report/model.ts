/**
 * The report: what every reporter renders and every later command (replay, merge, baseline)
 * reads. JSON-serialisable, versioned, and free of secrets (requests are recorded redacted;
 * the replayable case is the abstract request, which carries no signature).
 */
import type { VerdictRecord } from '../runner/verdict.js';
import type { RunSummary } from '../runner/verdict.js';

export const REPORT_VERSION = 1;

/** How a rule's FAIL/WARN is classed once known failures and a baseline are applied. */
export type Gate =
  /** Fails the run under the --fail-on policy. */
  | 'failing'
  /** Listed in the known-failures file with a reason (and not expired). */
  | 'expected'
  /** Failed before too (baseline) with no failure fingerprint the baseline lacked, and only new failures fail the run (--fail-on-regression). */
  | 'still-failing';

export interface GatedRecord extends VerdictRecord {
  /** Set on FAIL/WARN (and ERROR where the policy counts it). */
  gate?: Gate;
  /** The known-failures entry that excused it. */
  knownFailure?: { reason: string; expires?: string; link?: string };
}

export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: 'ruleprobe'; version: string };
  startedAt: string;
  finishedAt: string;
  seed: number;
  runs: number;
  /** `embedded reference at …` or `target config staging.yaml`; never credentials. */
  target: string;
  /** Set when the run ended before every rule finished (a signal, or the budget); its unfinished rules are ERROR. */
  stopped?: { by: 'SIGINT' | 'SIGTERM' | 'budget'; unfinished: number };
  /** The mutant the embedded reference ran with, so `ruleprobe replay` can start it again. */
  embeddedMutant?: string;
  /** Set when this report is one shard of a run (`1/3`). */
  shard?: { index: number; count: number };
  /** Each spec that ran, with the profile it ran under (`seed`: the spec as written; absent in reports before profiles: seed). */
  specs: ReportSpec[];
  records: GatedRecord[];
  summary: RunSummary;
  gating?: GatingSummary;
}

export interface ReportSpec {
  id: string;
  title: string;
  seed: string;
  /** Always written; absent only in reports written before profiles (read as `seed`). */
  profile?: string;
}

/** The profile a report's spec ran under (reports written before profiles ran every spec as written). */
export function profileOf(report: Pick<Report, 'specs'>, specId: string): string {
  return report.specs.find((s) => s.id === specId)?.profile ?? 'seed';
}

export interface GatingSummary {
  failOn: 'must' | 'should' | 'any';
  /** Known-failures entries whose rule now passes. */
  stale: Array<{ ruleId: string; reason: string; fingerprint?: string }>;
  /** Entries past their expiry date: their rules fail the run again. */
  expired: Array<{ ruleId: string; expires: string }>;
  baseline?: {
    file: string;
    newFailures: string[];
    fixed: string[];
    stillFailing: string[];
    /**
     * Under the rules that failed in the baseline and ran again: failures (by fingerprint) the
     * baseline lacked, those gone now, and those in both.
     */
    fingerprints?: { new: FingerprintRef[]; fixed: FingerprintRef[]; stillFailing: FingerprintRef[] };
  };
  /** The rules that decided the exit code. */
  failing: string[];
}

/** One failure of a rule by its fingerprint (with its case, where the report lists it). */
export interface FingerprintRef {
  ruleId: string;
  fingerprint: string;
  caseLabel?: string;
}
