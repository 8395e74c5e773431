/**
 * `ruleprobe run`: the selected rules against a target (or the embedded reference), through the
 * one engine; a per-rule table, a summary line, and an exit code.
 */
import type { RuleSet } from '../src/model/rule.js';
import { resolvePlan, type PlanOptions } from '../src/plan/resolve.js';
import { runPlan } from '../src/runner/engine.js';
import { errorKindOf, type VerdictRecord } from '../src/runner/verdict.js';
import { EXIT } from './exit-codes.js';

export { selectRules, shardOf, UsageError } from '../src/plan/resolve.js';

/** Options of a run: the target config's run defaults, which the command line overrides, and the selection. */
export type RunCliOptions = PlanOptions & {
  /** Stops the run early (SIGINT, SIGTERM): unfinished rules are ERROR "interrupted". */
  signal?: AbortSignal;
};

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
  /** Rules the run could not finish because its budget ran out (or it was stopped: the caller knows by which signal). */
  unfinished: number;
}

/**
 * The exit code of a run's records:
 * - 3 when every rule that ran (all but SKIP and UNTESTABLE) is ERROR because the target did not answer;
 * - 4 when every rule that ran is ERROR, not all for the target (a harness problem, the budget);
 * - else 1 when a record fails the run (gated, or FAIL when ungated) or more than `maxErrors` are ERROR;
 * - else 0.
 */
export function exitCodeFor(records: Array<VerdictRecord & { gate?: string }>, gated = false, maxErrors?: number): number {
  const ran = records.filter((r) => r.verdict !== 'SKIP' && r.verdict !== 'UNTESTABLE');
  if (ran.length > 0 && ran.every((r) => r.verdict === 'ERROR')) {
    return ran.every((r) => errorKindOf(r) === 'transport') ? EXIT.UNREACHABLE : EXIT.UNDECIDED;
  }
  if (gated ? records.some((r) => r.gate === 'failing') : records.some((r) => r.verdict === 'FAIL')) return EXIT.FAILED;
  if (maxErrors !== undefined && records.filter((r) => r.verdict === 'ERROR').length > maxErrors) return EXIT.FAILED;
  return EXIT.OK;
}

/** What a run tells its caller while it goes: how many rules it selected, then each verdict. */
export interface RunObserver {
  start(ruleCount: number): void;
  onRecord(r: VerdictRecord): void;
}

export async function run(sets: RuleSet[], o: RunCliOptions, observer?: RunObserver): Promise<RunResult> {
  const { signal, ...planOptions } = o;
  const resolved = await resolvePlan(sets, planOptions);
  try {
    const plan = { ...resolved.plan, ...(signal ? { signal } : {}) };
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
      unfinished: records.filter((r) => r.error === 'budget' || r.error === 'interrupted').length,
    };
  } finally {
    await resolved.close();
  }
}
