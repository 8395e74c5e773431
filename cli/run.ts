/**
 * `ruleprobe run`: the selected rules against a target (or the embedded reference), through the
 * one engine; a per-rule table, a summary line, and an exit code.
 */
import type { RuleSet } from '../src/model/rule.js';
import { resolvePlan, type PlanOptions } from '../src/plan/resolve.js';
import { runPlan } from '../src/runner/engine.js';
import type { VerdictRecord } from '../src/runner/verdict.js';
import { EXIT } from './exit-codes.js';

export { selectRules, shardOf, UsageError } from '../src/plan/resolve.js';

/** Options of a run: the target config's run defaults, which the command line overrides, and the selection. */
export type RunCliOptions = PlanOptions;

export interface RunResult {
  records: VerdictRecord[];
  /** The specs as the run used them, each under its profile. */
  sets: RuleSet[];
  exitCode: number;
  seed: number;
  runs: number;
  targetDescription: string;
  mutant?: string;
  startedAt: string;
  finishedAt: string;
}

/** 3 when the target never answered; else 1 when a record fails the run (gated, or FAIL when ungated); else 0. */
export function exitCodeFor(records: Array<VerdictRecord & { gate?: string }>, gated = false): number {
  const decided = records.filter((r) => r.verdict !== 'SKIP' && r.verdict !== 'UNTESTABLE');
  if (decided.length > 0 && decided.every((r) => r.verdict === 'ERROR')) return EXIT.UNREACHABLE;
  if (gated ? records.some((r) => r.gate === 'failing') : records.some((r) => r.verdict === 'FAIL')) return EXIT.FAILED;
  return EXIT.OK;
}

/** What a run tells its caller while it goes: how many rules it selected, then each verdict. */
export interface RunObserver {
  start(ruleCount: number): void;
  onRecord(r: VerdictRecord): void;
}

export async function run(sets: RuleSet[], o: RunCliOptions, observer?: RunObserver): Promise<RunResult> {
  const resolved = await resolvePlan(sets, o);
  try {
    const { plan } = resolved;
    const startedAt = new Date().toISOString();
    observer?.start(plan.specs.reduce((n, s) => n + s.ruleIds.length, 0));
    const records = await runPlan(plan, observer ? (r) => observer.onRecord(r) : undefined);
    return {
      records,
      sets: resolved.sets,
      exitCode: exitCodeFor(records),
      seed: plan.seed,
      runs: plan.runs,
      targetDescription: resolved.targetDescription,
      ...(resolved.mutant ? { mutant: resolved.mutant } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
  } finally {
    await resolved.close();
  }
}
