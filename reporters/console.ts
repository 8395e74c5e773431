/**
 * The terminal report: one table per spec (rule id, level, verdict, cases, time), then every FAIL,
 * WARN and ERROR in the one failure layout, the gating notes, and the summary line last, where CI
 * readers look for it. This file owns the failure layout; the other writers reuse it, so a
 * failure reads the same in a terminal, a JUnit file and a PR comment.
 */
import { profileOf, type GatedRecord, type Report } from '../src/report/model.js';
import { curlFor, shellQuote } from '../src/report/curl.js';
import type { RuleSource } from '../src/model/rule.js';
import { failuresOf, fingerprintOf, summaryLine, type Failure, type Verdict } from '../src/runner/verdict.js';
import { replayLine, stoppedNote, type RenderOptions, type ReportWriter } from './types.js';

export interface Paint {
  verdict(v: Verdict, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const VERDICT_COLOUR: Record<Verdict, number> = { PASS: 32, FAIL: 31, WARN: 33, ERROR: 35, SKIP: 90, UNTESTABLE: 90 };

const sgr = (code: number, text: string): string => `\x1b[${code}m${text}\x1b[0m`;
export const PLAIN: Paint = { verdict: (_v, t) => t, bold: (t) => t, dim: (t) => t };
const ANSI: Paint = { verdict: (v, t) => sgr(VERDICT_COLOUR[v], t), bold: (t) => sgr(1, t), dim: (t) => sgr(2, t) };

/**
 * Report text made safe for a terminal or a text file: control characters (an ESC in a response
 * body could move the cursor or recolour the screen) become visible `\xHH`; newlines and tabs stay.
 */
export function clean(s: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Where the document says it: `seed › section › item ("quote") [ref]`. */
export function sourceLine(s: RuleSource): string {
  const path = [s.seed, s.section, s.item].filter((x): x is string => !!x).join(' › ');
  return `${path}${s.quote ? ` ("${s.quote}")` : ''}${s.ref ? ` [${s.ref}]` : ''}`;
}

/** The records in spec order (the report's `specs`, then any spec it does not list), each spec's in run order. */
export function groupBySpec(report: Report): Array<{ id: string; title?: string; profile: string; records: GatedRecord[] }> {
  const groups = new Map<string, { id: string; title?: string; profile: string; records: GatedRecord[] }>();
  for (const s of report.specs) groups.set(s.id, { id: s.id, title: s.title, profile: profileOf(report, s.id), records: [] });
  for (const r of report.records) {
    let g = groups.get(r.specId);
    if (!g) groups.set(r.specId, (g = { id: r.specId, profile: profileOf(report, r.specId), records: [] }));
    g.records.push(r);
  }
  // A spec with no selected rule has nothing to show.
  return [...groups.values()].filter((g) => g.records.length > 0);
}

/** FAIL, WARN and ERROR: the records that get the failure layout. */
export const needsAttention = (r: GatedRecord): boolean => r.verdict === 'FAIL' || r.verdict === 'WARN' || r.verdict === 'ERROR';

/** `ruleprobe run` flags that point a rerun at the same target, read from the report's target line. */
function targetArgs(report: Report): string {
  const config = /^target config (.+)$/.exec(report.target);
  // The config path is quoted for the shell: a name with $( ) or backticks is pasted as a name.
  if (config) return ` --target ${shellQuote(config[1]!)}`;
  const mutant = /\(mutant (\S+)\)$/.exec(report.target);
  return mutant ? ` --mutant ${mutant[1]}` : '';
}

/** `--profile NAME` when the rule's spec ran under a profile other than seed. */
function profileArg(report: Report, specId: string): string {
  const p = profileOf(report, specId);
  return p === 'seed' ? '' : ` --profile ${p}`;
}

function gateText(r: GatedRecord, report: Report): string | undefined {
  if (!report.gating || !r.gate) return undefined;
  switch (r.gate) {
    case 'failing':
      return `fails the run (--fail-on ${report.gating.failOn})`;
    case 'expected': {
      const k = r.knownFailure;
      const extra = [k?.expires ? `expires ${k.expires}` : '', k?.link ?? ''].filter(Boolean).join(', ');
      return `expected failure, does not fail the run${k ? `: ${k.reason}` : ''}${extra ? ` (${extra})` : ''}`;
    }
    case 'still-failing':
      return `still failing, as in the baseline${report.gating.baseline ? ` ${report.gating.baseline.file}` : ''}; only new failures fail the run`;
  }
}

/** `Label: value`, later lines of a multi-line value indented under the first. */
function field(label: string, value: string, indent = '  '): string {
  const head = `${indent}${label} `;
  return head + clean(value).split('\n').join(`\n${' '.repeat(head.length)}`);
}

/** A failure's fingerprint: recorded, or computed for a report written before fingerprints. */
export const fingerprint = (ruleId: string, f: Failure): string => f.fingerprint ?? fingerprintOf(ruleId, f);

/** `N more failures not listed`, when the rule had more distinct failures than its record keeps. */
export function moreText(r: GatedRecord): string | undefined {
  return r.moreFailures ? `${r.moreFailures} more distinct failure${r.moreFailures === 1 ? '' : 's'} not listed (the JSON report has their fingerprints)` : undefined;
}

/**
 * The failure layout, one line each: rule id and title; requirement and where the document says
 * it; then for each distinct failure expected vs actual, the case (with seed and shrink path when
 * random), its fingerprint, one sentence on what to fix and its curl line; and how to send every
 * one of them again. `after` adds lines under each failure (JUnit adds the response).
 */
export function failureLines(r: GatedRecord, report: Report, paint: Paint = PLAIN, reportPath?: string, after?: (f: Failure) => string[]): string[] {
  const out = [`${paint.verdict(r.verdict, r.verdict)} ${paint.bold(clean(r.ruleId))} — ${clean(r.title)}`];
  out.push(field('Requirement:', r.requirement), field('Source:', sourceLine(r.source)));
  if (r.ambiguity) out.push(field('Ambiguity:', `${r.ambiguity.note}${r.ambiguity.ref ? ` [${r.ambiguity.ref}]` : ''}`));
  const gate = gateText(r, report);
  if (gate) out.push(field('Gate:', gate));
  if (r.reason) out.push(field(r.verdict === 'ERROR' ? 'Error:' : 'Reason:', r.reason));
  const failures = failuresOf(r);
  const many = failures.length > 1;
  const more = moreText(r);
  if (many || more) out.push(field('Failures:', `${failures.length} distinct failure${many ? 's' : ''} listed${more ? `; ${more}` : ''}`));
  failures.forEach((f, i) => {
    // One failure keeps the layout it always had; several are numbered and indented under their number.
    const ind = many ? '    ' : '  ';
    if (many) out.push(`  Failure ${i + 1} of ${failures.length}:`);
    out.push(field('Check:', `${f.check} — ${f.message}`, ind), field('Expected:', f.expected, ind), field('Actual:  ', f.actual, ind));
    const random = f.seed !== undefined ? `, seed ${f.seed}${f.path !== undefined ? `, path "${f.path}"` : ''}` : '';
    out.push(field('Case:', `${f.caseLabel} (${f.origin}${random})`, ind), field('Fingerprint:', fingerprint(r.ruleId, f), ind), field('Fix:', f.fix, ind));
    out.push(`${ind}Reproduce with:`, `${ind}  ${clean(curlFor(f.request))}`);
    if (!many) out.push(`    ${replayLine(r.ruleId, reportPath)}`);
    if (after) out.push(...after(f));
  });
  if (many) out.push('  Replay every failing case:', `    ${replayLine(r.ruleId, reportPath)}`);
  if (!failures.length) {
    // ERROR without an exchange: the harness could not decide, so nothing in the target to fix yet.
    out.push(field('Fix:', 'Nothing in the target yet: ERROR means the harness could not decide; clear the cause above and run the rule again.'));
    out.push('  Reproduce with:', `    ruleprobe run --rule ${r.ruleId} --seed ${report.seed} --runs ${report.runs}${profileArg(report, r.specId)}${targetArgs(report)}`);
  }
  return out;
}

/** Known failures, stale and expired entries, the baseline comparison and what decided the exit code. */
export function gatingLines(report: Report): string[] {
  const g = report.gating;
  if (!g) return [];
  const out = [`Gating (--fail-on ${g.failOn}):`];
  const expected = report.records.filter((r) => r.gate === 'expected');
  if (expected.length) {
    out.push('  Expected failures (known-failures file; they do not fail the run):');
    for (const r of expected) {
      const k = r.knownFailure;
      const extra = [k?.expires ? `expires ${k.expires}` : '', k?.link ?? ''].filter(Boolean).join(', ');
      out.push(`    ${r.verdict} ${r.ruleId} — ${k?.reason ?? 'no reason recorded'}${extra ? ` (${extra})` : ''}`);
    }
  }
  if (g.stale.length) {
    out.push('  Stale known failures (these rules pass now, or the named failure is gone; remove their entries):');
    for (const s of g.stale) out.push(`    ${s.ruleId}${s.fingerprint ? ` (fingerprint ${s.fingerprint})` : ''} — ${s.reason}`);
  }
  if (g.expired.length) {
    out.push('  Expired known failures (their rules fail the run again):');
    for (const e of g.expired) out.push(`    ${e.ruleId} — expired ${e.expires}`);
  }
  const b = g.baseline;
  if (b) {
    out.push(`  Baseline ${b.file}: ${b.newFailures.length} new, ${b.fixed.length} fixed, ${b.stillFailing.length} still failing`);
    for (const id of b.newFailures) out.push(`    new:           ${id}`);
    for (const id of b.fixed) out.push(`    fixed:         ${id}`);
    for (const id of b.stillFailing) out.push(`    still failing: ${id}`);
    const fp = b.fingerprints;
    if (fp) {
      out.push(`  Failures under rules failing in the baseline: ${fp.new.length} new, ${fp.fixed.length} fixed, ${fp.stillFailing.length} still failing`);
      const ref = (f: { ruleId: string; fingerprint: string; caseLabel?: string }): string => `${f.ruleId} ${f.fingerprint}${f.caseLabel ? ` (${f.caseLabel})` : ''}`;
      for (const f of fp.new) out.push(`    new:           ${ref(f)}`);
      for (const f of fp.fixed) out.push(`    fixed:         ${ref(f)}`);
      for (const f of fp.stillFailing) out.push(`    still failing: ${ref(f)}`);
    }
  }
  out.push(g.failing.length ? `  Failing the run: ${g.failing.join(', ')}` : '  Nothing fails the run.');
  return out.map(clean);
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** `2.0s`, from the report's start and finish. */
export function runDuration(report: Report): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)}s` : '?';
}

/** The line above the summary: target, seed, runs, shard, wall time, and why the run ended early. */
export function runLine(report: Report): string {
  const shard = report.shard ? `, shard ${report.shard.index}/${report.shard.count}` : '';
  const stopped = stoppedNote(report);
  return clean(`${report.target}, seed ${report.seed}, ${report.runs} runs${shard}, ${runDuration(report)}${stopped ? ` — ${stopped}` : ''}`);
}

function render(report: Report, options: RenderOptions): string {
  const paint = options.color ? ANSI : PLAIN;
  const groups = groupBySpec(report);
  const w = Math.max(7, ...report.records.map((r) => clean(r.ruleId).length));
  const out: string[] = [];
  for (const g of groups) {
    out.push(paint.bold(clean(`${g.title ? `${g.id} (${g.title})` : g.id}, profile ${g.profile}`)));
    out.push(paint.dim(`  ${pad('RULE ID', w)}  LEVEL   VERDICT     CASES    TIME`));
    for (const r of g.records) {
      const row = `  ${pad(clean(r.ruleId), w)}  ${pad(r.level, 6)}  ${paint.verdict(r.verdict, pad(r.verdict, 10))}  ${String(r.cases).padStart(5)}  ${String(r.durationMs).padStart(5)}ms`;
      out.push(row);
      if (r.readings?.length) out.push(paint.dim(`  ${pad('', w)}  ↳ reading taken: ${r.readings.map((x) => `${clean(x.id)} (${x.cases} case${x.cases === 1 ? '' : 's'})`).join(', ')}`));
    }
    out.push('');
  }
  for (const g of groups) {
    for (const r of g.records.filter(needsAttention)) out.push(...failureLines(r, report, paint, options.reportPath), '');
  }
  const gating = gatingLines(report);
  if (gating.length) out.push(...gating, '');
  out.push(runLine(report), summaryLine(report.summary));
  return `${out.join('\n')}\n`;
}

export const console: ReportWriter = { name: 'console', extension: 'txt', render };
