/**
 * What a run is to do, made concrete: the selected rules of the loaded specs, the target each
 * spec goes to (a target config, or the embedded reference started for the run), and the run
 * options (command line over the target config's `run:` defaults over built-in defaults).
 * `ruleprobe run` and the vitest suite both build their plan here, so they run the same rules the
 * same way.
 */
import { startEmbeddedThread, type Embedded } from '../../reference/embedded.js';
import { MUTANTS } from '../../reference/server.js';
import type { Level, RuleSet } from '../model/rule.js';
import type { Plan } from '../runner/engine.js';
import { loadTargetFile, type ResolvedTarget, type RunDefaults } from '../target/config.js';

export class UsageError extends Error {}

export interface Selection {
  spec?: string[];
  /** Rule id or slug prefixes. */
  rule?: string[];
  level?: Level[];
  /** Run only slice `index` (1-based) of `count`: every count-th selected rule. */
  shard?: { index: number; count: number };
}

export interface PlanOptions extends RunDefaults, Selection {
  /** Target config file; absent: the embedded reference. */
  target?: string;
  /** Start the embedded reference with this mutant. */
  mutant?: string;
  env?: Record<string, string | undefined>;
}

export interface ResolvedPlan {
  plan: Plan;
  /** The selected rule ids per spec, in spec order (empty for an empty shard). */
  selection: Map<RuleSet, string[]>;
  targetDescription: string;
  mutant?: string;
  /** Stops the embedded reference, if one was started. */
  close(): Promise<void>;
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
export function selectRules(sets: RuleSet[], o: Pick<Selection, 'spec' | 'rule' | 'level'>): Map<RuleSet, string[]> {
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

/** Resolves targets, selection and options; the caller runs `plan` and then calls `close`. */
export async function resolvePlan(sets: RuleSet[], o: PlanOptions): Promise<ResolvedPlan> {
  if (o.spec) {
    const unknown = o.spec.filter((id) => !sets.some((s) => s.specId === id));
    if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${sets.map((s) => s.specId).join(', ')}`);
  }
  let embedded: Embedded | undefined;
  let targets: Record<string, ResolvedTarget>;
  let defaults: RunDefaults = {};
  let description: string;
  if (o.target) {
    const config = loadTargetFile(o.target, o.env ?? process.env, sets.map((s) => s.specId));
    targets = config.specs;
    defaults = config.run;
    description = `target config ${o.target}`;
    if (o.spec) {
      const missing = o.spec.filter((id) => !targets[id]);
      if (missing.length) throw new UsageError(`${o.target} has no entry for ${missing.join(', ')}`);
    }
  } else {
    if (o.mutant && !Object.hasOwn(MUTANTS, o.mutant)) throw new UsageError(`unknown mutant "${o.mutant}"; see ruleprobe serve --list-mutants`);
    embedded = await startEmbeddedThread(o.mutant ? { mutant: o.mutant } : {});
    targets = embedded.targets;
    description = `embedded reference at ${embedded.ref.url}${o.mutant ? ` (mutant ${o.mutant})` : ''}`;
  }
  const close = async (): Promise<void> => {
    await embedded?.ref.close();
  };
  try {
    const reachable = sets.filter((s) => targets[s.specId]);
    let selection = selectRules(reachable, o);
    if (selection.size === 0) {
      const unserved = sets.filter((s) => !targets[s.specId] && (!o.spec || o.spec.includes(s.specId))).map((s) => s.specId);
      throw new UsageError(
        unserved.length && selectRules(sets, o).size > 0
          ? `no target for ${unserved.join(', ')}: ${o.target ? `${o.target} has no entry for it` : 'the embedded reference serves only the shipped specs; give --target'}`
          : 'no rule matches the selection (--spec, --rule, --level)',
      );
    }
    if (o.shard) selection = shardOf(selection, o.shard);
    const seed = o.seed ?? defaults.seed ?? Math.floor(Math.random() * 2 ** 31);
    const budget = o.budgetSeconds ?? defaults.budgetSeconds;
    const rate = o.rate ?? defaults.rate;
    const plan: Plan = {
      specs: [...selection].map(([set, ruleIds]) => ({ set, target: targets[set.specId]!, ruleIds })),
      seed,
      runs: o.runs ?? defaults.runs ?? 25,
      concurrency: o.concurrency ?? defaults.concurrency ?? 8,
      timeoutMs: o.timeoutMs ?? defaults.timeoutMs ?? 10_000,
      maxBodyBytes: o.maxBodyBytes ?? defaults.maxBodyBytes ?? 1024 * 1024,
      ...(rate ? { rate } : {}),
      ...(budget ? { deadline: Date.now() + budget * 1000 } : {}),
      previewBytes: 2048,
    };
    return { plan, selection, targetDescription: description, ...(o.mutant ? { mutant: o.mutant } : {}), close };
  } catch (err) {
    await close();
    throw err;
  }
}
