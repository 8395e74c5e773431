/**
 * Self-verification: the reference passes every rule; for every rule, the mutant that breaks it
 * makes that rule fail, and makes no other rule fail except those its collateral file lists, each
 * mutant's list with why (test/mutation/collateral/<spec>.yaml). The score is printed.
 *
 * `RULEPROBE_UPDATE_COLLATERAL=1 npx vitest run test/mutation` rewrites the lists from what the
 * mutants do, keeping each `why` that still applies and writing `why: TODO` for a new one — which
 * fails the test until someone writes the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_OPTION_VARIANTS, startEmbedded, type EmbeddedOverrides } from '../../reference/embedded.js';
import { MUTANTS } from '../../reference/server.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { VirtualClock } from '../../src/model/clock.js';
import type { RuleSet } from '../../src/model/rule.js';
import { runPlan } from '../../src/runner/engine.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';

const RUN = { runs: 5, concurrency: 8, timeoutMs: 10_000, maxBodyBytes: 1 << 20 };

let specs: RuleSet[] | undefined;
/** A spec's compiled rules, loaded once per test file. */
export function specSet(specId: string): RuleSet {
  specs ??= loadAllSpecs();
  return specs.find((s) => s.specId === specId)!;
}

/**
 * The timings of the scenario rules in these runs, each margin wide: a delay of 3 s watched for
 * 1.5 s, then expected within 3 s more; FIFO messages expected within 6 s; a message that must not
 * arrive watched for 6 s. They are virtual seconds (see `runEmbedded`), so they cost no real time.
 */
const TIMINGS: Record<string, Record<string, number>> = {
  'yandex-message-queue/send-message': { delay: 3, tolerance: 1.5, settle: 6 },
  // The reference has the telemetry at once: 2 s of asking again is plenty.
  'azure-notification-hubs/direct-send': { telemetry: 2 },
};

/**
 * One run of a spec's rules (default: all) against an embedded reference of its own, on a
 * virtual clock that the run and the reference share: the scenarios' waits and polls take no
 * real time, and time moves on only when every running rule is asleep (src/model/clock.ts), so
 * each step sees exactly the time its scenario waited, however loaded the machine is.
 * `timings: 'spec'` keeps the spec's default timings.
 */
export async function runEmbedded(specId: string, seed: number, overrides: EmbeddedOverrides = {}, options: { ruleIds?: string[]; timings?: 'spec' } = {}): Promise<VerdictRecord[]> {
  const set = specSet(specId);
  const clock = new VirtualClock();
  const embedded = await startEmbedded({ ...overrides, clock });
  try {
    const timings = options.timings === 'spec' ? undefined : TIMINGS[specId];
    const target = { ...embedded.targets[specId]!, ...(timings ? { timings } : {}) };
    return await runPlan({ ...RUN, seed, clock, specs: [{ set, target, ruleIds: options.ruleIds ?? set.rules.map((r) => r.id) }] });
  } finally {
    await embedded.ref.close();
  }
}

/**
 * Every rule against the default reference, then each rule that requires another target option
 * (SKIP there) against a reference started to serve that option (EMBEDDED_OPTION_VARIANTS).
 */
async function runSpec(specId: string, seed: number, mutant?: string): Promise<VerdictRecord[]> {
  const set = specSet(specId);
  const records = await runEmbedded(specId, seed, mutant ? { mutant } : {});
  for (const variant of EMBEDDED_OPTION_VARIANTS[specId] ?? []) {
    const ids = set.rules.filter((r) => r.requires && Object.entries(r.requires).every(([k, v]) => variant.options[k] === v)).map((r) => r.id);
    if (!ids.length) continue;
    const more = await runEmbedded(specId, seed, { ...variant.overrides, ...(mutant ? { mutant } : {}) }, { ruleIds: ids });
    for (const r of more) records[records.findIndex((x) => x.ruleId === r.ruleId)] = r;
  }
  return records;
}

const line = (r: VerdictRecord): string =>
  `${r.ruleId}: ${r.verdict}${r.failure ? ` — ${r.failure.message}; expected ${r.failure.expected}, got ${r.failure.actual} (${r.failure.caseLabel})` : r.reason ? ` — ${r.reason}` : ''}`;

/** Collateral of one mutant: the other rules it makes fail, and why. */
interface Collateral {
  why: string;
  also: string[];
}

const TODO = 'TODO';
const collateralFile = (specId: string): URL => new URL(`./collateral/${specId.split('/')[0]}.yaml`, import.meta.url);

function readCollateral(specId: string): Record<string, Collateral> {
  try {
    return (parse(readFileSync(collateralFile(specId), 'utf8')) as Record<string, Collateral> | null) ?? {};
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
}

export function mutationSuite(specId: string): void {
  const set = specSet(specId);
  const testable = set.rules.filter((r) => r.testable).map((r) => r.id);
  const mutants = Object.keys(MUTANTS).filter((m) => m.startsWith(`${specId}/`));

  describe(`${specId}: the pristine reference`, () => {
    for (const seed of [1, 2, 3]) {
      it(`seed ${seed}: every testable rule passes, every other is UNTESTABLE with its reason`, async () => {
        const records = await runSpec(specId, seed);
        expect(records.filter((r) => r.verdict !== 'PASS' && r.verdict !== 'UNTESTABLE').map(line)).toEqual([]);
        expect(records.filter((r) => r.verdict === 'UNTESTABLE').map((r) => r.ruleId).sort()).toEqual(set.rules.filter((r) => !r.testable).map((r) => r.id).sort());
      });
    }
  });

  describe(`${specId}: mutants`, () => {
    const killed: string[] = [];
    const collateral: Record<string, string[]> = {};
    const listed = readCollateral(specId);
    const update = process.env.RULEPROBE_UPDATE_COLLATERAL === '1';

    it('there is a mutant for every testable rule, and none for a rule that does not exist', () => {
      expect(testable.filter((id) => !mutants.includes(id))).toEqual([]);
      expect(mutants.filter((m) => !testable.includes(m))).toEqual([]);
    });

    // Concurrently: each run has its own reference and clock.
    for (const mutant of mutants) {
      it.concurrent(`${mutant.slice(specId.length + 1)} — ${MUTANTS[mutant]}`, async () => {
        const records = await runSpec(specId, 1, mutant);
        const own = records.find((r) => r.ruleId === mutant)!;
        expect([own.verdict, own.failure ? 'named' : 'no failure record'], line(own)).toEqual([own.level === 'MUST' ? 'FAIL' : 'WARN', 'named']);
        killed.push(mutant);
        const slug = mutant.slice(specId.length + 1);
        const also = records.filter((r) => r.ruleId !== mutant && (r.verdict === 'FAIL' || r.verdict === 'WARN')).map((r) => r.ruleId.slice(specId.length + 1));
        collateral[mutant] = also.map((s) => `${specId}/${s}`);
        if (update) return;
        const entry = listed[slug];
        // Every rule the mutant also fails is listed under it, and nothing else: a new collateral
        // failure (or one that went away) is a change someone has to explain.
        const unlisted = records.filter((r) => r.ruleId !== mutant && (r.verdict === 'FAIL' || r.verdict === 'WARN') && !(entry?.also ?? []).includes(r.ruleId.slice(specId.length + 1)));
        expect(also.sort(), `${slug}: collateral failures differ from test/mutation/collateral (RULEPROBE_UPDATE_COLLATERAL=1 rewrites it)${unlisted.map((r) => `\n  ${line(r)}`).join('')}`).toEqual([...(entry?.also ?? [])].sort());
        if (also.length) expect(entry?.why, `${slug}: say why it also fails ${also.join(', ')}`).toMatch(/^(?!TODO$)\S/);
      });
    }

    it('the collateral file lists only mutants that exist', () => {
      expect(Object.keys(listed).filter((slug) => !mutants.includes(`${specId}/${slug}`))).toEqual([]);
    });

    afterAll(() => {
      if (update && killed.length === mutants.length) {
        const out: Record<string, Collateral> = {};
        for (const m of mutants) {
          const slug = m.slice(specId.length + 1);
          const also = (collateral[m] ?? []).map((id) => id.slice(specId.length + 1)).sort();
          if (!also.length) continue;
          const old = listed[slug];
          out[slug] = { why: old && old.why !== TODO && also.every((a) => old.also.includes(a)) ? old.why : TODO, also };
        }
        writeFileSync(collateralFile(specId), `# Rules a mutant of the reference makes fail besides its own, and why (see test/mutation/harness.ts).\n${stringify(out, { lineWidth: 100 })}`);
      }
      const others = Object.entries(collateral).filter(([, ids]) => ids.length);
      console.log(
        `\nmutation score ${specId}: ${killed.length}/${mutants.length} mutants killed by their own rule` +
          `; ${others.length} also fail other rules` +
          others
            .map(([m, ids]) => `\n  ${m.slice(specId.length + 1)} → also ${ids.length > 6 ? `${ids.length} other rules (it breaks the canonical request)` : ids.map((i) => i.slice(specId.length + 1)).join(', ')}`)
            .join(''),
      );
    });
  });
}
