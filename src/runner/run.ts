/** Many rules against one target: bounded concurrency across rules, one transport, one budget. */
import type { RuleSet } from '../model/rule.js';
import type { ResolvedTarget } from '../target/config.js';
import { Semaphore } from '../transport/limits.js';
import { Transport, type TransportOptions } from '../transport/http.js';
import { runRule } from './run-rule.js';
import type { VerdictRecord } from './verdict.js';

export interface RunOptions extends TransportOptions {
  seed: number;
  runs: number;
  /** Rules run at once. */
  concurrency: number;
  /** Whole-run time budget in seconds; absent: none. */
  budgetSeconds?: number;
  previewBytes?: number;
  now?: () => Date;
}

export interface RunSelection {
  set: RuleSet;
  target: ResolvedTarget;
  /** Rule ids to run, in order. */
  ruleIds: string[];
}

/** Runs every selected rule; records come back in selection order whatever order they finished in. */
export async function runAll(selections: RunSelection[], o: RunOptions): Promise<VerdictRecord[]> {
  const transport = new Transport(o);
  const sem = new Semaphore(o.concurrency);
  const inflight = new Semaphore(o.connections);
  const deadline = o.budgetSeconds ? Date.now() + o.budgetSeconds * 1000 : Number.POSITIVE_INFINITY;
  try {
    const jobs = selections.flatMap((sel) =>
      sel.ruleIds.map((id) => {
        const rule = sel.set.rules.find((r) => r.id === id)!;
        return sem.run(() =>
          runRule(rule, {
            op: sel.set.operation,
            inflight,
            target: sel.target,
            transport,
            now: o.now ?? (() => new Date()),
            seed: o.seed,
            runs: o.runs,
            deadline,
            previewBytes: o.previewBytes ?? 2048,
          }),
        );
      }),
    );
    return await Promise.all(jobs);
  } finally {
    await transport.close();
  }
}
