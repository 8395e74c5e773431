/**
 * `npm run bench`: the whole performance story of ruleprobe in one run, as markdown tables the
 * README can paste, with the machine they were measured on; also written to reports/bench.md.
 * Never run as a timed test.
 *
 * `--only ratio,scaling,startup,generation` runs some sections only; `--runs 25,100` other
 * --runs of the scaling section; `--out <file>` writes elsewhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fixed, goalCell, goalsTable, goalState, growth, int, markdownTable, mib, seconds } from './format.js';
import { benchGeneration } from './generation.js';
import { AT_LIMIT, goal, goalsOf, YANDEX, type BenchFigures } from './goals.js';
import { machine, machineLine, machineTable } from './machine.js';
import { benchScaling, perExtraCase, SCALING_RUNS } from './scaling.js';
import { ROOT } from './spawn.js';
import { benchStartup } from './startup.js';
import { benchThroughput } from './throughput.js';

const SECTIONS = ['ratio', 'scaling', 'startup', 'generation'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({ options: { only: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } } });
const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`bench: unknown section ${s} (sections: ${SECTIONS.join(', ')})`);
const runsList = values.runs ? values.runs.split(',').map(Number) : SCALING_RUNS;
if (runsList.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`bench: --runs takes whole numbers separated by commas, not ${values.runs}`);
const outFile = values.out ?? join(ROOT, 'reports/bench.md');

const m = machine(ROOT);
const began = performance.now();
const progress = (section: Section) => (s: string) => process.stderr.write(`bench [${((performance.now() - began) / 1000).toFixed(0)} s] ${section}: ${s}\n`);

const doc: string[] = [];
const emit = (text: string): void => {
  doc.push(text);
  console.log(`${text}\n`);
};

emit('# ruleprobe bench');
emit(`Machine: ${machineLine(m)}`);
emit(machineTable(m));

const figures: BenchFigures = {};

/** Runs a section; one that throws is reported and leaves its goals unmeasured. */
async function section(name: Section, run: () => Promise<void>): Promise<void> {
  if (!only.includes(name)) return;
  try {
    await run();
  } catch (err) {
    emit(`(${name} failed: ${err instanceof Error ? err.message : String(err)})`);
  }
}

await section('ratio', async () => {
  const t = await benchThroughput(progress('ratio'));
  figures.throughput = t;
  emit('## Runner vs raw load, same server, same concurrency');
  emit(
    `The embedded reference in a worker thread serves all, one after the other in this run, at concurrency ${t.concurrency}. The runner runs in process, ${t.runner.rounds} seeds of \`--runs ${t.runnerRuns}\`: every rule of the three specs, then the rules that are not scenarios (the scenarios wait what the documents say, a Yandex DelaySeconds and the watch for a message that must not come). autocannon (${t.concurrency} connections, ${fixed(t.sameRequests.seconds, 0)} s each) replays the ${int(t.sameRequests.distinct)} requests the runner sent in its first round (${fixed(t.sameRequests.bodyMiB, 1)} MiB of bodies, the refused ones among them), then one small valid request per spec.`,
  );
  const cannonCell = (c: { perSecond: number; requests: number; non2xx: number; errors: number }): string => `${int(c.perSecond)} (${int(c.requests)} requests; ${int(c.non2xx)} non-2xx, ${int(c.errors)} errors)`;
  emit(
    markdownTable(
      ['figure', 'value', 'goal'],
      [
        ['runner, every rule: cases per second', `${int(t.runner.casesPerSecond)} (${int(t.runner.cases)} cases in ${seconds(t.runner.seconds)})`, ''],
        ['runner, no scenario rules: cases per second', `${int(t.runnerNoWaits.casesPerSecond)} (${int(t.runnerNoWaits.cases)} cases in ${seconds(t.runnerNoWaits.seconds)})`, ''],
        ["autocannon, the runner's requests: requests per second", cannonCell(t.sameRequests), ''],
        ['autocannon, one valid request per spec: requests per second', cannonCell(t.oneValid), ''],
        ['ratio runner (every rule) ÷ autocannon (same requests)', fixed(t.ratio, 2), goalCell(goal.ratio(t.ratio))],
        ['ratio runner (no scenario rules) ÷ autocannon (same requests)', fixed(t.ratioNoWaits, 2), ''],
      ],
      ['left', 'right', 'left'],
    ),
  );
});

await section('scaling', async () => {
  const rows = await benchScaling(progress('scaling'), runsList);
  figures.scaling = rows;
  emit('## A full default run at growing `--runs`');
  emit('`node bin/ruleprobe.js run --seed 1 --runs N` (all three specs, the embedded reference), each in a child process. Run time is the report\'s own (start to finish, no start-up); wall time includes start-up. Peak RSS: the process\'s own high-water mark at exit (`VmHWM` of /proc/self/status, the reference\'s worker thread included; `process.resourceUsage().maxRSS` where there is no /proc — on Linux it would also count the bench process the command was forked from).');
  const first = rows[0];
  emit(
    markdownTable(
      ['--runs', 'cases', 'run time', 'wall time', 'cases/s', 'µs per case', 'µs per extra case', 'peak RSS', 'RSS ÷ --runs ' + String(first?.runs ?? ''), 'KiB RSS per extra case', 'goal (peak RSS)', 'exit', 'verdicts'],
      rows.map((r, i) => {
        const extra = perExtraCase(rows[i - 1], r);
        return [
          String(r.runs),
          int(r.cases),
          seconds(r.runSeconds),
          seconds(r.wallSeconds),
          int(r.casesPerSecond),
          int(r.microsPerCase),
          int(extra.micros),
          mib(r.peakRssMiB),
          first ? `× ${fixed(r.peakRssMiB / first.peakRssMiB, 2)}` : '',
          fixed(extra.rssKib, 2),
          goalCell(goal.runRss(r.peakRssMiB)),
          String(r.exitCode),
          r.summary,
        ];
      }),
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'left'],
    ),
  );
  emit(`Peak RSS grows × ${fixed(growth(rows.map((r) => r.peakRssMiB)), 2)} from the smallest to the largest (${goalCell(goal.flatRss(growth(rows.map((r) => r.peakRssMiB))))}); the run time per case goes from ${int(first?.microsPerCase ?? NaN)} µs to ${int(rows.at(-1)?.microsPerCase ?? NaN)} µs (a run's fixed cost spread over more cases); "per extra case" is what the cases a row has over the row before cost each, in run time and in peak RSS.`);
});

await section('startup', async () => {
  const rows = await benchStartup(progress('startup'));
  figures.startup = rows;
  emit('## Start-up');
  emit('Each command spawned as a user starts it (`node bin/ruleprobe.js …`), wall time from spawn to exit; best (min) and median of the repetitions; peak RSS as above. `npm start` is `node bin/ruleprobe.js run`: a full default run (random seed, `--runs 25`).');
  emit(
    markdownTable(
      ['command', 'repetitions', 'wall best', 'wall median', 'goal (wall, best)', 'peak RSS best', 'peak RSS median', 'goal (RSS, best)', 'exit'],
      rows.map((r) => {
        const wallGoal = r.args[0] === '--help' ? goal.helpWall(r.bestSeconds, r.repetitions) : r.args[0] === 'run' ? goal.startWall(r.bestSeconds, r.repetitions) : undefined;
        const rssGoal = r.args[0] === '--help' ? goal.helpRss(r.bestRssMiB, r.repetitions) : undefined;
        return [
          `\`${r.name}\``,
          String(r.repetitions),
          seconds(r.bestSeconds),
          seconds(r.medianSeconds),
          wallGoal ? goalCell(wallGoal) : '',
          mib(r.bestRssMiB),
          mib(r.medianRssMiB),
          rssGoal ? `${goalCell(rssGoal)} (${rssGoal.show(rssGoal.figure)})` : '',
          r.failures.length ? `failed: ${r.failures.join(', ')}` : '0',
        ];
      }),
      ['left', 'right', 'right', 'right', 'left', 'right', 'right', 'left', 'right'],
    ),
  );
});

await section('generation', async () => {
  const rows = benchGeneration(progress('generation'));
  figures.generation = rows;
  emit('## Request generation');
  emit('Generate + encode to wire bytes, in process, per spec: small bodies (random valid requests, the canonical request) and at-limit bodies (the boundary cases of every size rule: 256 KiB message bodies, 64 KB notifications). Azure Service Bus has no size rule.');
  emit(
    markdownTable(
      ['spec', 'bodies', 'requests/s', 'mean body bytes', 'goal'],
      rows.map((r) => [r.spec, r.kind, int(r.perSecond), int(r.meanBytes), r.spec === YANDEX && r.kind === AT_LIMIT ? goalCell(goal.yandexAtLimit(r.perSecond)) : '']),
      ['left', 'left', 'right', 'right', 'left'],
    ),
  );
});

const goals = goalsOf(figures);
emit('## Goals');
emit(goalsTable(goals));
const met = goals.filter((g) => goalState(g) === 'met').length;
emit(`${met} of ${goals.length} goals met. Bench took ${seconds((performance.now() - began) / 1000)}; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} (1 / 5 / 15 min).`);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${doc.join('\n\n')}\n`);
process.stderr.write(`bench: written to ${relative(process.cwd(), outFile) || outFile}\n`);
