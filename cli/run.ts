/**
 * `ruleprobe run`: the selected rules against a target (or the embedded reference), through the
 * vitest suites; a per-rule table, a summary line, and an exit code.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startVitest } from 'vitest/node';
import { startEmbeddedThread, type Embedded } from '../reference/embedded.js';
import { VerdictCollector } from '../reporters/verdicts.js';
import type { Level, RuleSet } from '../src/model/rule.js';
import type { VerdictRecord } from '../src/runner/verdict.js';
import { loadTargetFile, type ResolvedTarget, type RunDefaults } from '../src/target/config.js';
import type { RunPlan } from '../suites/plan.js';
import { EXIT } from './exit-codes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Options of a run: the target config's run defaults, which the command line overrides, and the selection. */
export interface RunCliOptions extends RunDefaults {
  target?: string;
  spec?: string[];
  rule?: string[];
  level?: Level[];
  specsDir: string;
  /** Start the embedded reference with this mutant (for demonstrations and self-verification). */
  mutant?: string;
  /** Run only slice `index` (1-based) of `count`: every count-th selected rule. */
  shard?: { index: number; count: number };
}

export class UsageError extends Error {}

export interface RunResult {
  records: VerdictRecord[];
  exitCode: number;
  seed: number;
  runs: number;
  targetDescription: string;
  mutant?: string;
  startedAt: string;
  finishedAt: string;
}

/** Every count-th rule of the selection, in selection order: the same slice for the same selection. */
export function shardOf(selection: Map<RuleSet, string[]>, shard: { index: number; count: number }): Map<RuleSet, string[]> {
  const out = new Map<RuleSet, string[]>();
  let i = 0;
  for (const [set, ids] of selection) {
    const kept = ids.filter(() => i++ % shard.count === shard.index - 1);
    if (kept.length) out.set(set, kept);
  }
  return out;
}

/** The rules a run selects, per spec, in spec order. */
export function selectRules(sets: RuleSet[], o: Pick<RunCliOptions, 'spec' | 'rule' | 'level'>): Map<RuleSet, string[]> {
  const out = new Map<RuleSet, string[]>();
  for (const set of sets) {
    if (o.spec && !o.spec.includes(set.specId)) continue;
    const ids = set.rules
      .filter((r) => !o.rule || o.rule.some((p) => r.id.startsWith(p) || r.slug.startsWith(p)))
      .filter((r) => !o.level || o.level.includes(r.level))
      .map((r) => r.id);
    if (ids.length) out.set(set, ids);
  }
  return out;
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
  if (o.spec) {
    const unknown = o.spec.filter((id) => !sets.some((s) => s.specId === id));
    if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${sets.map((s) => s.specId).join(', ')}`);
  }
  let embedded: Embedded | undefined;
  let targets: Record<string, ResolvedTarget>;
  let defaults: RunDefaults = {};
  let description: string;
  if (o.target) {
    const config = loadTargetFile(o.target, process.env, sets);
    targets = config.specs;
    defaults = config.run;
    description = `target config ${o.target}`;
    if (o.spec) {
      const missing = o.spec.filter((id) => !targets[id]);
      if (missing.length) throw new UsageError(`${o.target} has no entry for ${missing.join(', ')}`);
    }
  } else {
    embedded = await startEmbeddedThread(o.mutant ? { mutant: o.mutant } : {});
    targets = embedded.targets;
    description = `embedded reference at ${embedded.ref.url}${o.mutant ? ` (mutant ${o.mutant})` : ''}`;
  }
  try {
    const startedAt = new Date().toISOString();
    let selection = selectRules(
      sets.filter((s) => targets[s.specId]),
      o,
    );
    if (selection.size === 0) throw new UsageError('no rule matches the selection (--spec, --rule, --level)');
    if (o.shard) selection = shardOf(selection, o.shard);
    if (selection.size === 0) {
      // An empty shard runs nothing (vitest given no files would run them all).
      return { records: [], exitCode: EXIT.OK, seed: o.seed ?? defaults.seed ?? 0, runs: o.runs ?? defaults.runs ?? 25, targetDescription: description, startedAt, finishedAt: startedAt };
    }
    const seed = o.seed ?? defaults.seed ?? Math.floor(Math.random() * 2 ** 31);
    const budget = o.budgetSeconds ?? defaults.budgetSeconds;
    const plan: RunPlan = {
      specsDir: o.specsDir,
      seed,
      runs: o.runs ?? defaults.runs ?? 25,
      concurrency: o.concurrency ?? defaults.concurrency ?? 8,
      timeoutMs: o.timeoutMs ?? defaults.timeoutMs ?? 10_000,
      maxBodyBytes: o.maxBodyBytes ?? defaults.maxBodyBytes ?? 1024 * 1024,
      ...((o.rate ?? defaults.rate) ? { rate: (o.rate ?? defaults.rate)! } : {}),
      deadline: budget ? Date.now() + budget * 1000 : Number.MAX_SAFE_INTEGER,
      previewBytes: 2048,
      specs: Object.fromEntries([...selection].map(([set, ruleIds]) => [set.specId, { target: targets[set.specId]!, ruleIds }])),
    };
    observer?.start([...selection.values()].reduce((n, ids) => n + ids.length, 0));
    const collector = new VerdictCollector(observer ? (r) => observer.onRecord(r) : undefined);
    const files = [...selection.keys()].map((s) => join(ROOT, 'suites', `${s.specId}.suite.ts`));
    const vitest = await startVitest(
      'test',
      files,
      {
        config: false,
        root: ROOT,
        dir: join(ROOT, 'suites'),
        include: ['**/*.suite.ts'],
        reporters: [collector],
        provide: { ruleprobe: plan },
        maxConcurrency: plan.concurrency,
        fileParallelism: false,
        testTimeout: 0,
        hookTimeout: 60_000,
        watch: false,
        passWithNoTests: true,
      },
      { logLevel: 'silent' },
      { stdout: process.stderr, stderr: process.stderr },
    );
    await vitest.close();
    // A rule whose test never reported (its suite crashed) is an ERROR, never a silent gap.
    const byId = new Map(collector.records.map((r) => [r.ruleId, r]));
    const harnessError = collector.errors.join('; ') || 'the rule produced no verdict';
    const records: VerdictRecord[] = [];
    for (const [set, ids] of selection) {
      for (const id of ids) {
        const rule = set.rules.find((r) => r.id === id)!;
        records.push(
          byId.get(id) ?? {
            ruleId: id,
            specId: set.specId,
            level: rule.level,
            title: rule.title,
            requirement: rule.requirement,
            source: rule.source,
            verdict: 'ERROR',
            reason: `harness error: ${harnessError}`,
            cases: 0,
            durationMs: 0,
          },
        );
      }
    }
    return {
      records,
      exitCode: exitCodeFor(records),
      seed,
      runs: plan.runs,
      targetDescription: description,
      ...(o.mutant ? { mutant: o.mutant } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
  } finally {
    await embedded?.ref.close();
  }
}
