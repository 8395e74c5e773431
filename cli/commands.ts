/**
 * The work of each `ruleprobe` sub-command, behind the command line `cli/main.ts` parses: loaded
 * only when a sub-command runs. Each returns its exit code.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../src/config/errors.js';
import { fsReason } from '../src/config/read.js';
import type { Embedded } from '../reference/embedded.js';
import type { Level, RuleSet } from '../src/model/rule.js';
import { applyGating, loadKnownFailuresFile, type FailOn } from '../src/report/gating.js';
import { profileOf, type Report } from '../src/report/model.js';
import { sampleCredentials, sampleTarget } from '../src/transport/sample-target.js';
import { loadSpecs as loadSpecFolders } from '../specs/loader.js';
import { profileNames, withProfile } from '../specs/profile.js';
import { parseReporterSpec } from '../reporters/index.js';
import { EXIT } from './exit-codes.js';
import type { Io, StopSignal } from './io.js';
import { judgeFiles, parseTargetOptions, readRequestFile, RequestFileError } from './judge.js';
import { progress } from './progress.js';
import { replay as replayReport } from './replay.js';
import { buildReport, checkReporterPaths, mergeReports, readReport, writeReports } from './report.js';
import { rulesJson, rulesTable } from './rules-table.js';
import { exitCodeFor, run as runSets } from './run.js';
import { sample as sampleRequests } from './sample.js';

function processSignals(stop: (signal: StopSignal) => void): () => void {
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = (): void => {
      // The first signal stops the run; the second, with no listener left, ends the process.
      for (const [sig, l] of listeners) process.removeListener(sig, l);
      stop(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [sig, l] of listeners) process.removeListener(sig, l);
  };
}




function checkReporters(specs: string[]): void {
  for (const r of specs) {
    try {
      parseReporterSpec(r);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  checkReporterPaths(specs);
}

/** The shipped specs and those below each `--specs-dir`, which must be a folder. */
function loadSpecs(dirs: readonly string[]): RuleSet[] {
  for (const dir of dirs) {
    let stat;
    try {
      stat = statSync(dir, { throwIfNoEntry: false });
    } catch (err) {
      throw new UsageError(`--specs-dir ${dir}: ${fsReason(err)}`);
    }
    if (!stat) throw new UsageError(`--specs-dir ${dir}: no such folder`);
    if (!stat.isDirectory()) throw new UsageError(`--specs-dir ${dir}: a file, not a folder; give the folder that holds spec files`);
  }
  return loadSpecFolders(dirs);
}

/** Why a server could not listen on `host:port`, in words. */
function listenReason(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = port ? `${host}:${port}` : host;
  switch (code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use (leave out --port for a free one)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: --host ${host} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `cannot listen on ${where}: --host ${host} is neither an IP address nor a name this machine resolves`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: no permission (ports below 1024 need privileges)`;
    default:
      return `cannot listen on ${where}: ${code ?? (err as Error | undefined)?.message ?? String(err)}`;
  }
}

function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, got "${v}"`);
  return { index, count };
}


/** The sets under `profile`; a selected spec without it is a usage error. */
function underProfile(sets: RuleSet[], profile: string | undefined): RuleSet[] {
  if (profile === undefined) return sets;
  const lacking = sets.filter((s) => !profileNames(s).includes(profile));
  if (lacking.length) throw new UsageError(`--profile ${profile}: ${lacking.map((s) => `spec ${s.specId} has no profile "${profile}" (its profiles: ${profileNames(s).join(', ')})`).join('; ')}; select the specs that have it with --spec`);
  return sets.map((s) => withProfile(s, profile));
}

/**
 * A baseline is comparable only when each spec ran under the same profile in both: under another
 * profile the rules expect other things, so new and fixed failures would mean nothing.
 */
function refuseOtherProfiles(report: Report, baseline: { file: string; report: Report }): void {
  const differ = report.specs
    .filter((s) => baseline.report.specs.some((b) => b.id === s.id))
    .filter((s) => profileOf(baseline.report, s.id) !== profileOf(report, s.id))
    .map((s) => `${s.id} ran under profile ${profileOf(report, s.id)}, the baseline under ${profileOf(baseline.report, s.id)}`);
  if (differ.length) throw new UsageError(`--baseline ${baseline.file} is from another profile: ${differ.join('; ')}; compare runs of one profile`);
}

function findSpec(sets: RuleSet[], id: string): RuleSet {
  const set = sets.find((s) => s.specId === id);
  if (!set) throw new UsageError(`unknown spec id ${id}; known: ${sets.map((s) => s.specId).join(', ')}`);
  return set;
}


export function rules(opts: { spec?: string[]; specsDir: string[]; profile?: string; format: 'table' | 'json' }, io: Io): number {
  let sets = loadSpecs(opts.specsDir);
  if (opts.spec) {
    const known = new Set(sets.map((s) => s.specId));
    const unknown = opts.spec.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    sets = sets.filter((s) => opts.spec!.includes(s.specId));
  }
  sets = underProfile(sets, opts.profile);
  io.out(opts.format === 'json' ? rulesJson(sets) : rulesTable(sets));
  return EXIT.OK;
}

export async function sample(opts: { spec: string; rule?: string; runs: number; seed: number; preview: number; profile?: string; specsDir: string[] }, io: Io): Promise<number> {
  const [set] = underProfile([findSpec(loadSpecs(opts.specsDir), opts.spec)], opts.profile) as [RuleSet];
  const rules = opts.rule ? set.rules.filter((r) => r.id.startsWith(opts.rule!) || r.slug.startsWith(opts.rule!)) : set.rules;
  if (!rules.length) throw new UsageError(`no rule of ${set.specId} matches "${opts.rule}"; see: ruleprobe rules --spec ${set.specId}`);
  const op = set.operation;
  io.out(await sampleRequests(set, { rules, runs: opts.runs, seed: opts.seed, preview: opts.preview, now: io.now?.() ?? new Date(), target: sampleTarget(op), credentials: sampleCredentials(op) }));
  return EXIT.OK;
}

export interface RunOptions {
  target?: string;
  spec?: string[];
  rule?: string[];
  level?: string[];
  runs?: number;
  seed?: number;
  timeout?: number;
  budget?: number;
  concurrency?: number;
  rate?: number;
  maxBody?: number;
  mutant?: string;
  reporter: string[];
  failOn: FailOn;
  maxErrors?: number;
  knownFailures?: string;
  baseline?: string;
  failOnRegression?: boolean;
  shard?: string;
  specsDir: string[];
  profile?: string;
}

export async function run(opts: RunOptions, io: Io): Promise<number> {
  const levels = opts.level?.map((l) => l.toUpperCase());
  if (levels?.some((l) => !['MUST', 'SHOULD', 'MAY'].includes(l))) throw new UsageError(`--level takes MUST, SHOULD or MAY, got ${opts.level!.join(' ')}`);
  if (opts.target && opts.mutant) throw new UsageError('--mutant applies to the embedded reference only; leave out --target');
  if (opts.failOnRegression && !opts.baseline) throw new UsageError('--fail-on-regression needs --baseline');
  if (opts.mutant !== undefined) {
    const { MUTANTS } = await import('../reference/server.js');
    if (!Object.hasOwn(MUTANTS, opts.mutant)) throw new UsageError(`unknown mutant "${opts.mutant}"; see ruleprobe serve --list-mutants`);
  }
  if (!opts.reporter.length) opts.reporter.push('console');
  checkReporters(opts.reporter);
  const shard = opts.shard ? parseShard(opts.shard) : undefined;
  // Against the embedded reference, its worker starts while the specs load (on the other core);
  // the run uses it when it serves the profiles the specs turn out to need.
  const early = opts.target ? undefined : startReferenceEarly(opts);
  try {
    return await runWith(opts, io, levels, shard, early);
  } finally {
    await early?.then((e) => e.ref.close(), () => undefined);
  }
}

function startReferenceEarly(opts: RunOptions): Promise<Embedded> {
  const started = import('../reference/embedded.js').then((m) => m.startEmbeddedThread({ ...(opts.mutant ? { mutant: opts.mutant } : {}), profile: opts.profile === 'live' ? 'live' : 'seed' }));
  // A reference that could not start is started again by the run, which reports why.
  started.catch(() => undefined);
  return started;
}

async function runWith(opts: RunOptions, io: Io, levels: string[] | undefined, shard: ReturnType<typeof parseShard> | undefined, early: Promise<Embedded> | undefined): Promise<number> {
  const sets = loadSpecs(opts.specsDir);
  // A known failure may name a rule that only a profile has (live Service Bus's entity-gone).
  const ruleIds = new Set(sets.flatMap((s) => (opts.knownFailures ? profileNames(s) : ['seed']).flatMap((p) => withProfile(s, p).rules.map((r) => r.id))));
  const known = opts.knownFailures ? loadKnownFailuresFile(opts.knownFailures, ruleIds) : undefined;
  const baseline = opts.baseline ? { file: opts.baseline, report: readReport(opts.baseline) } : undefined;
  const bar = progress(io.err, process.stderr.isTTY === true);
  // A signal stops the run, not the process: the records so far are reported, then exit 130/143.
  const interrupt = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const unsubscribe = (io.onSignal ?? processSignals)((signal) => {
    stoppedBy = signal;
    interrupt.abort();
  });
  const result = await runSets(sets, {
    signal: interrupt.signal,
    ...(shard ? { shard } : {}),
    ...(opts.target ? { target: opts.target } : {}),
    ...(opts.spec ? { spec: opts.spec } : {}),
    ...(opts.rule ? { rule: opts.rule } : {}),
    ...(levels ? { level: levels as Level[] } : {}),
    ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
    ...(opts.budget !== undefined ? { budgetSeconds: opts.budget } : {}),
    ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
    ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    ...(opts.maxBody !== undefined ? { maxBodyBytes: opts.maxBody } : {}),
    ...(opts.mutant ? { mutant: opts.mutant } : {}),
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(early ? { embedded: early } : {}),
  }, bar).finally(unsubscribe);
  bar.done();
  const report = buildReport(result.sets, result, shard);
  if (stoppedBy || result.unfinished) report.stopped = { by: stoppedBy ?? 'budget', unfinished: result.unfinished };
  if (baseline) refuseOtherProfiles(report, baseline);
  const gated = known || baseline || opts.failOn !== 'must';
  if (gated) {
    const g = applyGating(report.records, {
      failOn: opts.failOn,
      ...(known ? { knownFailures: known } : {}),
      ...(baseline ? { baseline } : {}),
      ...(opts.failOnRegression ? { failOnRegression: true } : {}),
      today: (io.now?.() ?? new Date()).toISOString().slice(0, 10),
    });
    report.records = g.records;
    report.gating = g.gating;
  }
  await writeReports(report, opts.reporter, io.out, process.stdout.isTTY === true && !process.env['NO_COLOR']);
  return stoppedBy ? EXIT[stoppedBy] : exitCodeFor(report.records, Boolean(gated), opts.maxErrors);
}

export async function replay(file: string, opts: { rule?: string[]; target?: string; specsDir: string[] }, io: Io): Promise<number> {
  return replayReport(readReport(file), loadSpecs(opts.specsDir), { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.target ? { target: opts.target } : {}) }, io.out);
}

export async function merge(files: string[], opts: { reporter: string[]; specsDir: string[] }, io: Io): Promise<number> {
  if (!opts.reporter.length) opts.reporter.push('json');
  checkReporters(opts.reporter);
  const merged = mergeReports(files.map((file) => ({ file, report: readReport(file) })), loadSpecs(opts.specsDir));
  await writeReports(merged, opts.reporter, io.out, false);
  return exitCodeFor(merged.records);
}

export function judge(files: string[], opts: { spec: string; entity?: string; profile?: string; scheme: string; option: string[]; format: 'text' | 'json'; specsDir: string[] }, io: Io): number {
  const [set] = underProfile([findSpec(loadSpecs(opts.specsDir), opts.spec)], opts.profile) as [RuleSet];
  if (opts.entity !== undefined && !set.operation.entity.kinds.includes(opts.entity)) {
    throw new UsageError(`unknown entity kind "${opts.entity}" for ${set.specId}; known: ${set.operation.entity.kinds.join(', ')}`);
  }
  let targetOptions: Record<string, string>;
  try {
    targetOptions = parseTargetOptions(set, opts.option);
  } catch (err) {
    if (err instanceof RequestFileError) throw new UsageError(err.message);
    throw err;
  }
  const requests = files.map((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      return { file, request: readRequestFile(bytes, file, opts.scheme) };
    } catch (err) {
      if (err instanceof RequestFileError) throw new UsageError(err.message);
      throw err;
    }
  });
  const out = judgeFiles(set, requests, { format: opts.format, targetOptions, ...(opts.entity !== undefined ? { entity: opts.entity } : {}), ...(opts.profile !== undefined ? { profile: opts.profile } : {}) });
  io.out(out.text);
  return out.judgements.every((j) => j.valid) ? EXIT.OK : EXIT.FAILED;
}

export async function serve(opts: { port: number; host: string; mutant?: string; profile?: 'seed' | 'live'; listMutants?: boolean }, io: Io): Promise<number> {
  const { MUTANTS, startReference } = await import('../reference/server.js');
  if (opts.listMutants) {
    io.out(Object.entries(MUTANTS).map(([name, what]) => `${name}\n    ${what}\n`).join(''));
    return EXIT.OK;
  }
  if (opts.mutant && !Object.hasOwn(MUTANTS, opts.mutant)) throw new UsageError(`unknown mutant "${opts.mutant}"; see ruleprobe serve --list-mutants`);
  const { DEV_CREDENTIALS, devReferenceConfig, devTargetConfigYaml, targetsFor } = await import('../reference/embedded.js');
  const profile = opts.profile ?? 'seed';
  const cfg = devReferenceConfig({ ...(opts.mutant ? { mutant: opts.mutant } : {}), profile });
  let ref: Awaited<ReturnType<typeof startReference>>;
  try {
    ref = await startReference(cfg, opts.port, opts.host);
  } catch (err) {
    throw new UsageError(listenReason(err, opts.host, opts.port));
  }
  targetsFor(ref.url, cfg);
  io.out(
    `ruleprobe reference listening at ${ref.url}${opts.mutant ? ` (mutant ${opts.mutant})` : ''}, profile ${profile}\n\n` +
      `Development credentials (published, not secret):\n${Object.entries(DEV_CREDENTIALS).map(([k, v]) => `  export ${k}='${v}'`).join('\n')}\n\n` +
      `Target config (save as target.yaml, then: ruleprobe run --target target.yaml):\n\n${devTargetConfigYaml(ref.url, profile)}\nCtrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await ref.close();
  return EXIT.OK;
}
