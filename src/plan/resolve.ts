/**
 * What a run is to do, made concrete: the selected rules of the loaded specs, the target each
 * spec goes to (a target config, or the embedded reference started for the run), and the run
 * options (command line over the target config's `run:` defaults over built-in defaults).
 * `ruleprobe run` and the vitest suite both build their plan here, so they run the same rules the
 * same way.
 */
import type { Embedded } from '../../reference/embedded.js';
import { profileNames, SEED_PROFILE, UnknownProfileError, withProfile } from '../../specs/profile.js';
import { rangeProblem, RANGES } from '../model/ranges.js';
import type { Level, RuleSet } from '../model/rule.js';
import type { Plan } from '../runner/engine.js';
import { loadTargetFile, type ResolvedTarget, type RunDefaults } from '../target/config.js';

export { UsageError } from '../config/errors.js';
import { UsageError } from '../config/errors.js';

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
  /**
   * The profile of every selected spec (`seed`, `live`, or a profile of the user's own); it
   * overrides the target config's per-spec `profile:`. Absent: the target config's, else `seed`.
   */
  profile?: string;
  /** Start the embedded reference with this mutant. */
  mutant?: string;
  env?: Record<string, string | undefined>;
  /**
   * An embedded reference its caller started ahead, while the specs loaded (the CLI does): used
   * when it serves the profiles and mutant this run needs, else another is started. The caller
   * closes it.
   */
  embedded?: Promise<Embedded>;
}

export interface ResolvedPlan {
  plan: Plan;
  /** The loaded specs, each under the profile this run uses for it (the plan's sets are among them). */
  sets: RuleSet[];
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

/** A usage error unless every one of `sets` has the profile. */
function checkProfile(sets: RuleSet[], profile: string): void {
  const lacking = sets.filter((s) => !profileNames(s).includes(profile));
  if (lacking.length) {
    throw new UsageError(`--profile ${profile}: ${lacking.map((s) => `spec ${s.specId} has no profile "${profile}" (its profiles: ${profileNames(s).join(', ')})`).join('; ')}; select the specs that have it with --spec`);
  }
}

/** The spec under `profile` where it has it (specs the run does not select may lack it). */
function underProfile(set: RuleSet, profile: string): RuleSet {
  try {
    return withProfile(set, profile);
  } catch (err) {
    if (err instanceof UnknownProfileError) return set;
    throw err;
  }
}

const RUN_OPTIONS = ['runs', 'seed', 'timeoutMs', 'budgetSeconds', 'concurrency', 'rate', 'maxBodyBytes'] as const satisfies ReadonlyArray<keyof RunDefaults & keyof typeof RANGES>;

/**
 * The run options a caller gives (the command line and the target config are checked where they
 * are read; the vitest suite's options come here as they are), each within its range.
 */
function checkRunOptions(o: RunDefaults): void {
  const problems = RUN_OPTIONS.flatMap((k) => {
    const problem = o[k] === undefined ? undefined : rangeProblem(RANGES[k], o[k]);
    return problem ? [`${k} ${problem}`] : [];
  });
  if (problems.length) throw new UsageError(`run options out of range: ${problems.join('; ')}`);
}

/** Resolves targets, selection and options; the caller runs `plan` and then calls `close`. */
export async function resolvePlan(loaded: RuleSet[], o: PlanOptions): Promise<ResolvedPlan> {
  checkRunOptions(o);
  let sets = loaded;
  if (o.spec) {
    const unknown = o.spec.filter((id) => !sets.some((s) => s.specId === id));
    if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${sets.map((s) => s.specId).join(', ')}`);
  }
  if (o.profile !== undefined) checkProfile(sets.filter((s) => !o.spec || o.spec.includes(s.specId)), o.profile);
  let embedded: Embedded | undefined;
  let ownsEmbedded = false;
  let targets: Record<string, ResolvedTarget>;
  let defaults: RunDefaults = {};
  let description: string;
  if (o.target) {
    const config = loadTargetFile(o.target, o.env ?? process.env, sets, {
      ...(o.profile !== undefined ? { profile: o.profile } : {}),
      profiled: (spec, name) => {
        const set = sets.find((s) => s.specId === spec.specId)!;
        if (!profileNames(set).includes(name)) return `spec ${set.specId} has no profile "${name}"; its profiles: ${profileNames(set).join(', ')}`;
        return withProfile(set, name);
      },
    });
    sets = sets.map((s) => (o.profile !== undefined && !config.profiles[s.specId] ? underProfile(s, o.profile) : withProfile(s, config.profiles[s.specId] ?? SEED_PROFILE)));
    targets = config.specs;
    defaults = config.run;
    description = `target config ${o.target}`;
    if (o.spec) {
      const missing = o.spec.filter((id) => !targets[id]);
      if (missing.length) throw new UsageError(`${o.target} has no entry for ${missing.join(', ')}`);
    }
  } else {
    // The reference is loaded only for a run against it.
    const [{ MUTANTS }, { referenceProfiles, startEmbeddedThread }] = await Promise.all([import('../../reference/server.js'), import('../../reference/embedded.js')]);
    if (o.mutant && !Object.hasOwn(MUTANTS, o.mutant)) throw new UsageError(`unknown mutant "${o.mutant}"; see ruleprobe serve --list-mutants`);
    if (o.profile !== undefined) sets = sets.map((s) => underProfile(s, o.profile!));
    const bySpec = Object.fromEntries(sets.map((s) => [s.specId, s.profile ?? SEED_PROFILE]));
    const profiles = referenceProfiles(bySpec);
    const early = await o.embedded?.catch(() => undefined);
    const fits = (e: Embedded): boolean => e.config.mutant === o.mutant && e.config.serviceBus.profile === profiles.serviceBus && e.config.yandex.profile === profiles.yandex && e.config.notificationHubs.profile === profiles.notificationHubs;
    if (early && fits(early)) embedded = early;
    else ownsEmbedded = Boolean((embedded = await startEmbeddedThread({ ...(o.mutant ? { mutant: o.mutant } : {}), profile: profiles })));
    targets = embedded.targets;
    description = `embedded reference at ${embedded.ref.url}${o.mutant ? ` (mutant ${o.mutant})` : ''}`;
  }
  const close = async (): Promise<void> => {
    if (ownsEmbedded) await embedded?.ref.close();
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
    const seed = o.seed ?? defaults.seed ?? Math.floor(Math.random() * (RANGES.seed.max + 1));
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
      // The budget counts from when the engine starts: start-up (the embedded reference) is not charged to it.
      ...(budget ? { budgetMs: budget * 1000 } : {}),
      previewBytes: 2048,
    };
    return { plan, sets, selection, targetDescription: description, ...(o.mutant ? { mutant: o.mutant } : {}), close };
  } catch (err) {
    await close();
    throw err;
  }
}
