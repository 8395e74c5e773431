/** The `ruleprobe` command. Every sub-command returns its exit code; nothing calls process.exit. */
import { Command, CommanderError, Option } from 'commander';
import { SpecLoadError } from '../src/config/errors.js';
import { loadSpecs as loadSpecFolders } from '../specs/loader.js';
import { profileNames, UnknownProfileError, withProfile } from '../specs/profile.js';
import { EXIT } from './exit-codes.js';
import { rulesJson, rulesTable } from './rules-table.js';
import { sample } from './sample.js';
import { exitCodeFor, run, UsageError } from './run.js';
import { buildReport, checkReporterPaths, mergeReports, readReport, REPORTERS, writeReports } from './report.js';
import { replay } from './replay.js';
import { judgeFiles, parseTargetOptions, readRequestFile, RequestFileError } from './judge.js';
import { progress } from './progress.js';
import { numberOption } from './options.js';
import { RANGES } from '../src/model/ranges.js';
import { parseReporterSpec } from '../reporters/index.js';
import { applyGating, loadKnownFailuresFile, type FailOn } from '../src/report/gating.js';
import { readFileSync, statSync } from 'node:fs';
import { fsReason } from '../src/config/read.js';
import type { Level } from '../src/model/rule.js';
import { DEV_CREDENTIALS, devReferenceConfig, devTargetConfigYaml, targetsFor } from '../reference/embedded.js';
import { MUTANTS, startReference } from '../reference/server.js';
import { sampleCredentials, sampleTarget } from '../src/transport/sample-target.js';
import type { RuleSet } from '../src/model/rule.js';
import { profileOf, type Report } from '../src/report/model.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The clock signatures are made with; tests fix it. */
  now?: () => Date;
  /**
   * Calls `stop` on the first SIGINT or SIGTERM while a run goes; returns what unsubscribes.
   * Default: the process's signals, each listened to once, so a second signal ends the process.
   */
  onSignal?: (stop: (signal: StopSignal) => void) => () => void;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

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

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };


/** Commander collector for a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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

const PROFILE_HELP = 'the profile of every selected spec: seed (the spec as written, default) or live (the live service), or a profile of your own spec; overrides the target config\'s profile:';

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

/** A failed file system call on a path (ENOENT, EACCES, EISDIR, ...). */
function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command('ruleprobe')
    .description('Protocol conformance harness: every documented rule of an HTTP API operation becomes a verdict.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('rules')
    .description('List every rule of the selected specs with level, testability, source and ambiguity')
    .option('--spec <id...>', 'only these spec ids (e.g. yandex-message-queue/send-message)')
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .option('--profile <name>', PROFILE_HELP)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((opts: { spec?: string[]; specsDir: string[]; profile?: string; format: 'table' | 'json' }) => {
      let sets = loadSpecs(opts.specsDir);
      if (opts.spec) {
        const known = new Set(sets.map((s) => s.specId));
        const unknown = opts.spec.filter((id) => !known.has(id));
        if (unknown.length) throw new UsageError(`unknown spec id ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
        sets = sets.filter((s) => opts.spec!.includes(s.specId));
      }
      sets = underProfile(sets, opts.profile);
      io.out(opts.format === 'json' ? rulesJson(sets) : rulesTable(sets));
    });

  program
    .command('sample')
    .description('Print the requests the generators would send for a spec or rule, without sending them')
    .requiredOption('--spec <id>', 'spec id')
    .option('--rule <id>', 'rules whose id or slug starts with this (default: every rule of the spec)')
    .addOption(numberOption('-n, --runs <n>', 'random cases per rule, after the fixed ones', RANGES.runs).default(3))
    .addOption(numberOption('--seed <n>', 'seed of the random cases', RANGES.seed).default(1))
    .addOption(numberOption('--preview <bytes>', 'body bytes shown before truncation', RANGES.previewBytes).default(160))
    .option('--profile <name>', PROFILE_HELP)
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .action(async (opts: { spec: string; rule?: string; runs: number; seed: number; preview: number; profile?: string; specsDir: string[] }) => {
      const [set] = underProfile([findSpec(loadSpecs(opts.specsDir), opts.spec)], opts.profile) as [RuleSet];
      const rules = opts.rule ? set.rules.filter((r) => r.id.startsWith(opts.rule!) || r.slug.startsWith(opts.rule!)) : set.rules;
      if (!rules.length) throw new UsageError(`no rule of ${set.specId} matches "${opts.rule}"; see: ruleprobe rules --spec ${set.specId}`);
      const op = set.operation;
      io.out(await sample(set, { rules, runs: opts.runs, seed: opts.seed, preview: opts.preview, now: io.now?.() ?? new Date(), target: sampleTarget(op), credentials: sampleCredentials(op) }));
    });

  program
    .command('run')
    .description('Run the selected rules against a target (default: the embedded reference) and print a verdict per rule')
    .option('--target <file>', 'target config (YAML); without it the embedded reference target is started on loopback')
    .option('--spec <id...>', 'only these spec ids')
    .option('--rule <prefix...>', 'only rules whose id or slug starts with one of these')
    .option('--level <level...>', 'only rules of these levels (MUST, SHOULD, MAY)')
    .addOption(numberOption('--runs <n>', 'random cases per rule after the deterministic ones (default 25)', RANGES.runs))
    .addOption(numberOption('--seed <n>', 'seed of the random cases (default: random, printed)', RANGES.seed))
    .addOption(numberOption('--timeout <ms>', 'per-request deadline (default 10000)', RANGES.timeoutMs))
    .addOption(numberOption('--budget <seconds>', 'time budget of the whole run; rules not finished by then are ERROR', RANGES.budgetSeconds))
    .addOption(numberOption('--concurrency <n>', 'rules in flight at once (default 8)', RANGES.concurrency))
    .addOption(numberOption('--rate <n>', 'at most n requests per second (default: unlimited)', RANGES.rate))
    .addOption(numberOption('--max-body <bytes>', 'response bytes read at most (default 1048576); a check that needs the part cut off is ERROR', RANGES.maxBodyBytes))
    .option('--mutant <name>', 'start the embedded reference with this mutant (see ruleprobe serve --list-mutants)')
    .option('--profile <name>', PROFILE_HELP)
    .option('--reporter <name=path>', `a reporter (${Object.keys(REPORTERS).join(', ')}), to a file with =path, else to stdout; repeat for several (default: console)`, collect, [])
    .addOption(new Option('--fail-on <policy>', 'which verdicts fail the run: must (FAIL), should (+ WARN of SHOULD rules), any (+ every WARN and ERROR)').choices(['must', 'should', 'any']).default('must'))
    .option('--known-failures <file>', 'YAML list of rules (or single failures by fingerprint) expected to fail, each with a reason (and optional expires, link)')
    .option('--baseline <report.json>', 'a previous JSON report: print new failures, fixed rules and still-failing rules, and which failure fingerprints are new, fixed or still there')
    .addOption(numberOption('--max-errors <n>', 'more than n ERROR verdicts fail the run (exit 1); default: ERROR fails the run only with --fail-on any', RANGES.maxErrors))
    .option('--fail-on-regression', 'with --baseline: only failures the baseline did not have fail the run (a rule it failed too, only with a new failure fingerprint)')
    .option('--shard <i/n>', 'run slice i of n of the selected rules (merge the shard reports with ruleprobe merge)')
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .action(async (opts: { target?: string; spec?: string[]; rule?: string[]; level?: string[]; runs?: number; seed?: number; timeout?: number; budget?: number; concurrency?: number; rate?: number; maxBody?: number; mutant?: string; reporter: string[]; failOn: FailOn; maxErrors?: number; knownFailures?: string; baseline?: string; failOnRegression?: boolean; shard?: string; specsDir: string[]; profile?: string }) => {
      const levels = opts.level?.map((l) => l.toUpperCase());
      if (levels?.some((l) => !['MUST', 'SHOULD', 'MAY'].includes(l))) throw new UsageError(`--level takes MUST, SHOULD or MAY, got ${opts.level!.join(' ')}`);
      if (opts.target && opts.mutant) throw new UsageError('--mutant applies to the embedded reference only; leave out --target');
      if (opts.failOnRegression && !opts.baseline) throw new UsageError('--fail-on-regression needs --baseline');
      if (opts.mutant !== undefined && !Object.hasOwn(MUTANTS, opts.mutant)) throw new UsageError(`unknown mutant "${opts.mutant}"; see ruleprobe serve --list-mutants`);
      if (!opts.reporter.length) opts.reporter.push('console');
      checkReporters(opts.reporter);
      const shard = opts.shard ? parseShard(opts.shard) : undefined;
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
      const result = await run(sets, {
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
      writeReports(report, opts.reporter, io.out, process.stdout.isTTY === true && !process.env['NO_COLOR']);
      code = stoppedBy ? EXIT[stoppedBy] : exitCodeFor(report.records, Boolean(gated), opts.maxErrors);
    });

  program
    .command('replay')
    .description('Re-send exactly the failing cases of a JSON report and say whether each still fails')
    .argument('<report>', 'a report written with --reporter json=FILE')
    .option('--rule <id...>', 'only these rules (id, or slug)')
    .option('--target <file>', 'target config (needed unless the report ran against the embedded reference)')
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .action(async (file: string, opts: { rule?: string[]; target?: string; specsDir: string[] }) => {
      code = await replay(readReport(file), loadSpecs(opts.specsDir), { ...(opts.rule ? { rule: opts.rule } : {}), ...(opts.target ? { target: opts.target } : {}) }, io.out);
    });

  program
    .command('merge')
    .description('Join shard reports of one run into one report, as if it had run unsharded')
    .argument('<reports...>', 'JSON reports of the shards')
    .option('--reporter <name=path>', 'a reporter for the merged report; repeat for several (default: json)', collect, [])
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .action((files: string[], opts: { reporter: string[]; specsDir: string[] }) => {
      if (!opts.reporter.length) opts.reporter.push('json');
      checkReporters(opts.reporter);
      const merged = mergeReports(files.map((file) => ({ file, report: readReport(file) })), loadSpecs(opts.specsDir));
      writeReports(merged, opts.reporter, io.out, false);
      code = exitCodeFor(merged.records);
    });

  program
    .command('judge')
    .description("Judge requests a client sent (raw HTTP/1.1 or JSON files) by a spec's request rules")
    .requiredOption('--spec <id>', 'spec id')
    .argument('<file...>', 'request files: a raw HTTP/1.1 request, or JSON { method, url, headers, body | bodyBase64 }')
    .option('--entity <kind>', 'the entity kind the requests go to (default: read from each request)')
    .option('--profile <name>', 'judge by the spec under this profile: seed (default) or live, or a profile of your own spec')
    .option('--scheme <scheme>', 'the URL scheme of a raw request whose target is a path', 'https')
    .option('--option <name=value>', "a target option of the requests' target (repeatable), e.g. contentBasedDeduplication=off; a rule that requires an option not given is not applicable", collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--specs-dir <dir>', 'also load the spec files below this folder (repeatable); shipped specs are always loaded', collect, [])
    .action((files: string[], opts: { spec: string; entity?: string; profile?: string; scheme: string; option: string[]; format: 'text' | 'json'; specsDir: string[] }) => {
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
      code = out.judgements.every((j) => j.valid) ? EXIT.OK : EXIT.FAILED;
    });

  program
    .command('serve')
    .description('Start the reference implementation as a local fake; print its URL and a matching target config')
    .addOption(numberOption('--port <n>', 'port (0: a free one)', RANGES.port).default(0))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--mutant <name>', 'serve a mutant that breaks one rule')
    .addOption(new Option('--profile <name>', 'what every operation serves: seed (the seed documents, default) or live (the live services)').choices(['seed', 'live']))
    .option('--list-mutants', 'list the mutants and exit')
    .action(async (opts: { port: number; host: string; mutant?: string; profile?: 'seed' | 'live'; listMutants?: boolean }) => {
      if (opts.listMutants) {
        io.out(Object.entries(MUTANTS).map(([name, what]) => `${name}\n    ${what}\n`).join(''));
        return;
      }
      if (opts.mutant && !Object.hasOwn(MUTANTS, opts.mutant)) throw new UsageError(`unknown mutant "${opts.mutant}"; see ruleprobe serve --list-mutants`);
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
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    } else if (err instanceof SpecLoadError) {
      io.err(`ruleprobe: ${err.kind} is invalid:\n${err.message}\n`);
      code = EXIT.USAGE;
    } else if (err instanceof UsageError || err instanceof UnknownProfileError) {
      io.err(`ruleprobe: ${err.message}\n`);
      code = EXIT.USAGE;
    } else if (isFileSystemError(err)) {
      // A path given on the command line that cannot be used: bad input, named, no stack trace.
      io.err(`ruleprobe: ${err.path ? `${err.path}: ` : ''}${fsReason(err)}${err.syscall ? ` (${err.syscall})` : ''}\n`);
      code = EXIT.USAGE;
    } else {
      throw err;
    }
  }
  return code;
}
