/** Reports: built from a run, gated, written by the selected reporters; read back by replay, merge and --baseline. */
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fsReason } from '../src/config/read.js';
import { packagePath } from '../src/model/assets.js';
import { loadReporter, parseReporterSpec } from '../reporters/index.js';
import { profileOf, REPORT_VERSION, type Report, type ReportSpec } from '../src/report/model.js';
import type { RuleSet } from '../src/model/rule.js';
import { withProfile } from '../specs/profile.js';
import { summarize } from '../src/runner/verdict.js';
import type { RunResult } from './run.js';
import { UsageError } from './run.js';

const VERSION = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

function reportSpec(s: RuleSet): ReportSpec {
  return { id: s.specId, title: s.title, seed: s.seed, profile: s.profile ?? 'seed' };
}

export function buildReport(sets: RuleSet[], result: RunResult, shard?: { index: number; count: number }): Report {
  const ids = new Set(result.records.map((r) => r.specId));
  return {
    version: REPORT_VERSION,
    tool: { name: 'ruleprobe', version: VERSION },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    seed: result.seed,
    runs: result.runs,
    target: result.targetDescription,
    ...(result.mutant ? { embeddedMutant: result.mutant } : {}),
    ...(shard ? { shard } : {}),
    specs: sets.filter((s) => ids.has(s.specId)).map(reportSpec),
    records: result.records,
    summary: summarize(result.records),
  };
}

/** Reads a report written by the json reporter; anything else is a usage error naming the file. */
export function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: not a readable JSON report (cannot read: ${fsReason(err)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not a readable JSON report (${(err as Error).message})`);
  }
  const r = data as Partial<Report>;
  if (r.version !== REPORT_VERSION || !Array.isArray(r.records) || r.tool?.name !== 'ruleprobe') {
    throw new UsageError(`${file}: not a ruleprobe report of version ${REPORT_VERSION}`);
  }
  return r as Report;
}

/** A reporter's file that could not be written; the others were written. */
export class ReportWriteError extends UsageError {
  constructor(
    readonly failures: Array<{ name: string; path: string; reason: string; savedTo?: string }>,
  ) {
    super(
      failures
        .map((f) => `could not write the ${f.name} report to ${f.path}: ${f.reason}${f.savedTo ? `; it was written to ${f.savedTo} instead` : ''}`)
        .join('\n'),
    );
  }
}

/** The stat of `path`, or undefined when it or a folder above it is missing or a file. */
function statOrMissing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Why `path` cannot be written as a report file, or undefined when it can (nothing is created). */
export function unwritableReason(path: string): string | undefined {
  const abs = resolve(path);
  let stat;
  try {
    stat = statOrMissing(abs);
  } catch (err) {
    return `cannot write it: ${fsReason(err)}`;
  }
  if (stat) {
    if (stat.isDirectory()) return 'it is a folder; name a file in it';
    try {
      accessSync(abs, constants.W_OK);
    } catch (err) {
      return `cannot write it: ${fsReason(err)}`;
    }
    return undefined;
  }
  // The nearest existing folder above: the missing ones are created below it.
  let dir = dirname(abs);
  for (;;) {
    let s;
    try {
      s = statOrMissing(dir);
    } catch (err) {
      return `cannot create its folder: ${fsReason(err)}`;
    }
    if (s) {
      if (!s.isDirectory()) return `cannot create its folder: ${dir} is a file, not a folder`;
      try {
        accessSync(dir, constants.W_OK | constants.X_OK);
      } catch (err) {
        return `cannot create it in ${dir}: ${fsReason(err)}`;
      }
      return undefined;
    }
    const up = dirname(dir);
    if (up === dir) return 'cannot create its folder';
    dir = up;
  }
}

/**
 * Checks, before a run starts, that every `NAME=PATH` reporter's file can be written (a folder, a
 * parent that cannot be created, no permission), and that no two reporters write one file.
 */
export function checkReporterPaths(specs: string[]): void {
  const problems: string[] = [];
  const byPath = new Map<string, string>();
  for (const spec of specs) {
    const { name, path } = parseReporterSpec(spec);
    if (!path) continue;
    const prev = byPath.get(resolve(path));
    if (prev) problems.push(`--reporter ${name}=${path}: the ${prev} reporter writes that file too; give each its own file`);
    byPath.set(resolve(path), name);
    const why = unwritableReason(path);
    if (why) problems.push(`--reporter ${name}=${path}: ${why}`);
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
}

/** Creates the missing folders above `path` one at a time (no recursive mkdir: it can spin on some file systems). */
function makeParents(path: string): void {
  const missing: string[] = [];
  let dir = dirname(resolve(path));
  while (!statOrMissing(dir)) {
    missing.unshift(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Renders every `NAME[=PATH]` reporter; those without a path go to `out`. A file that cannot be
 * written does not stop the others: each is written, and then a `ReportWriteError` names the
 * files that could not be (each of those is saved in the temporary folder instead, where possible,
 * so the run's results are not lost).
 */
export async function writeReports(report: Report, specs: string[], out: (s: string) => void, color: boolean): Promise<void> {
  const parsed = specs.map(parseReporterSpec);
  // The replay lines of every reporter name the JSON report this run writes, if it writes one.
  const reportPath = parsed.find((p) => p.name === 'json' && p.path)?.path;
  const failures: ReportWriteError['failures'] = [];
  for (const { name, path } of parsed) {
    const writer = await loadReporter(name);
    const text = writer.render(report, { color: color && !path, ...(reportPath ? { reportPath } : {}) });
    if (!path) {
      out(text);
      continue;
    }
    try {
      makeParents(path);
      writeFileSync(path, text);
    } catch (err) {
      const failure: ReportWriteError['failures'][number] = { name, path, reason: fsReason(err) };
      try {
        const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-report-'));
        const saved = join(dir, basename(path));
        writeFileSync(saved, text);
        failure.savedTo = saved;
      } catch {
        // Nowhere to save it: the message says it was not written.
      }
      failures.push(failure);
    }
  }
  if (failures.length) throw new ReportWriteError(failures);
}

/** Shard reports → one report, as if unsharded: records in spec and rule order, one summary. */
export function mergeReports(reports: Array<{ file: string; report: Report }>, sets: RuleSet[]): Report {
  const [first] = reports;
  if (!first) throw new UsageError('merge needs at least one report');
  // Each shard of an embedded run starts its own reference on its own port; the port is incidental.
  const targetOf = (r: Report): string => r.target.replace(/^(embedded reference) at http:\/\/[^ ]+/, '$1');
  for (const { file, report } of reports) {
    if (report.seed !== first.report.seed || report.runs !== first.report.runs || targetOf(report) !== targetOf(first.report) || report.embeddedMutant !== first.report.embeddedMutant) {
      throw new UsageError(`${file}: seed, runs or target differ from ${first.file}; shards of one run share them`);
    }
  }
  // Shards of one run ran each spec under one profile.
  const profiles = new Map<string, { profile: string; file: string }>();
  for (const { file, report } of reports) {
    for (const s of report.specs) {
      const p = profileOf(report, s.id);
      const prev = profiles.get(s.id);
      if (prev && prev.profile !== p) throw new UsageError(`${file}: spec ${s.id} ran under profile ${p}, but under ${prev.profile} in ${prev.file}; shards of one run share their profiles`);
      profiles.set(s.id, { profile: p, file });
    }
  }
  // Rule order of each spec under the profile its shards ran with (a profile adds and removes rules).
  const profiled = sets.map((s) => (profiles.has(s.specId) ? withProfile(s, profiles.get(s.specId)!.profile) : s));
  const order = new Map(profiled.flatMap((s) => s.rules.map((r) => r.id)).map((id, i) => [id, i]));
  const seen = new Map<string, string>();
  const records = reports.flatMap(({ file, report }) =>
    report.records.map((r) => {
      const prev = seen.get(r.ruleId);
      if (prev) throw new UsageError(`${file}: rule ${r.ruleId} is also in ${prev}; shards must not overlap`);
      seen.set(r.ruleId, file);
      return r;
    }),
  );
  records.sort((a, b) => (order.get(a.ruleId) ?? Infinity) - (order.get(b.ruleId) ?? Infinity));
  const specIds = new Set(records.map((r) => r.specId));
  const { shard: _shard, gating: _gating, stopped: _stopped, ...rest } = first.report;
  // A shard that was stopped early leaves its unfinished rules ERROR in the merged report too.
  const stopped = reports.map((r) => r.report.stopped).filter((s) => s !== undefined);
  return {
    ...rest,
    ...(stopped.length ? { stopped: { by: stopped[0]!.by, unfinished: stopped.reduce((n, s) => n + s.unfinished, 0) } } : {}),
    startedAt: reports.map((r) => r.report.startedAt).sort()[0]!,
    finishedAt: reports.map((r) => r.report.finishedAt).sort().at(-1)!,
    specs: sets.filter((s) => specIds.has(s.specId)).map((s) => ({ ...reportSpec(s), profile: profiles.get(s.specId)?.profile ?? 'seed' })),
    records: records.map(({ gate: _gate, knownFailure: _known, ...r }) => r),
    summary: summarize(records),
  };
}

