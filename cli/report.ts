/** Reports: built from a run, gated, written by the selected reporters; read back by replay, merge and --baseline. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { REPORTERS, parseReporterSpec } from '../reporters/index.js';
import { profileOf, REPORT_VERSION, type Report, type ReportSpec } from '../src/report/model.js';
import type { RuleSet } from '../src/model/rule.js';
import { withProfile } from '../specs/profile.js';
import { summarize } from '../src/runner/verdict.js';
import type { RunResult } from './run.js';
import { UsageError } from './run.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

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
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not a readable JSON report (${(err as Error).message})`);
  }
  const r = data as Partial<Report>;
  if (r.version !== REPORT_VERSION || !Array.isArray(r.records) || r.tool?.name !== 'ruleprobe') {
    throw new UsageError(`${file}: not a ruleprobe report of version ${REPORT_VERSION}`);
  }
  return r as Report;
}

/** Renders every `NAME[=PATH]` reporter; those without a path go to `out`. */
export function writeReports(report: Report, specs: string[], out: (s: string) => void, color: boolean): void {
  const parsed = specs.map(parseReporterSpec);
  // The replay lines of every reporter name the JSON report this run writes, if it writes one.
  const reportPath = parsed.find((p) => p.name === 'json' && p.path)?.path;
  for (const { name, path } of parsed) {
    const writer = REPORTERS[name]!;
    const text = writer.render(report, { color: color && !path, ...(reportPath ? { reportPath } : {}) });
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } else out(text);
  }
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

export { REPORTERS };
