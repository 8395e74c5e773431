/**
 * GitHub-flavoured Markdown for CI step summaries and PR comments: the summary line, counts per
 * spec, one row per failure of each FAIL/WARN (expected vs actual) and per ERROR, and the gating notes. Short on purpose:
 * a PR comment holds 65,536 characters, so long cells are cut and the table stops at
 * MAX_ROWS rows; the JSON report has everything.
 */
import type { GatedRecord, Report } from '../src/report/model.js';
import { failuresOf, summaryLine, VERDICTS } from '../src/runner/verdict.js';
import { clean, fingerprint, groupBySpec, moreText, needsAttention, runLine } from './console.js';
import { replayLine, type RenderOptions, type ReportWriter } from './types.js';

export const MAX_ROWS = 100;
const MAX_CELL = 200;

/**
 * Text for a table cell or a line: Markdown punctuation backslash-escaped (so `*`, `_`, `<tag>`
 * and `[x](y)` show as typed and `|` does not end the cell), line breaks as `<br>`.
 */
export function escapeMarkdown(s: string, max = Infinity): string {
  const t = clean(s);
  const cut = t.length > max ? `${t.slice(0, max - 1)}…` : t;
  return cut.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/\r?\n/g, '<br>');
}

/** A code span that survives backticks in the text and `|` inside a table. */
export function code(s: string): string {
  const t = clean(s).replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || t.startsWith(' ') || t.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${t.replaceAll('|', '\\|')}${pad}${fence}`;
}

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function gateCell(r: GatedRecord): string {
  switch (r.gate) {
    case 'failing':
      return 'fails the run';
    case 'expected':
      return `expected: ${escapeMarkdown(r.knownFailure?.reason ?? 'known failure', MAX_CELL)}`;
    case 'still-failing':
      return 'still failing (baseline)';
    case undefined:
      return '';
  }
}

function countsTable(report: Report): string[] {
  const out = [row(['Spec', 'Profile', 'Rules', ...VERDICTS]), row([':---', ':---', ...Array<string>(VERDICTS.length + 1).fill('---:')])];
  for (const g of groupBySpec(report)) {
    const n = VERDICTS.map((v) => String(g.records.filter((r) => r.verdict === v).length));
    out.push(row([code(g.id), code(g.profile), String(g.records.length), ...n]));
  }
  out.push(row(['**All**', '', String(report.summary.total), ...VERDICTS.map((v) => String(report.summary.counts[v]))]));
  return out;
}

/** One row per distinct failure (a rule with several has a row for each, its case named), or one for a record without. */
function attentionTable(report: Report, reportPath?: string): string[] {
  const records = groupBySpec(report).flatMap((g) => g.records.filter(needsAttention));
  if (!records.length) return [];
  const gated = !!report.gating;
  const rows: string[][] = [];
  for (const r of records) {
    const failures = failuresOf(r);
    const cells = (expected: string, actual: string, kase: string): string[] => [code(r.ruleId), r.level, `**${r.verdict}**`, kase, expected, actual, ...(gated ? [gateCell(r)] : [])];
    if (!failures.length) rows.push(cells('—', escapeMarkdown(r.reason ?? '', MAX_CELL), '—'));
    for (const f of failures) rows.push(cells(escapeMarkdown(f.expected, MAX_CELL), escapeMarkdown(f.actual, MAX_CELL), `${escapeMarkdown(f.caseLabel, MAX_CELL)} ${code(fingerprint(r.ruleId, f))}`));
    const more = moreText(r);
    if (more) rows.push(cells('', '', `… ${escapeMarkdown(more)}`));
  }
  const out = ['### FAIL, WARN and ERROR', ''];
  out.push(row(['Rule', 'Level', 'Verdict', 'Case (fingerprint)', 'Expected', 'Actual', ...(gated ? ['Gate'] : [])]));
  out.push(row(Array<string>(gated ? 7 : 6).fill(':---')));
  for (const cells of rows.slice(0, MAX_ROWS)) out.push(row(cells));
  if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more rows; the JSON report has every one.`);
  out.push('', `Each failure's requirement, fix and curl line are in the console and JUnit output; send every failing case of a rule again with ${code(replayLine('<rule id>', reportPath))}.`);
  return out;
}

function gatingNotes(report: Report): string[] {
  const g = report.gating;
  if (!g) return [];
  const out = [`### Gating (${code(`--fail-on ${g.failOn}`)})`, ''];
  for (const r of report.records.filter((x) => x.gate === 'expected')) {
    const k = r.knownFailure;
    const extra = [k?.expires ? `expires ${escapeMarkdown(k.expires)}` : '', k?.link ? escapeMarkdown(k.link) : ''].filter(Boolean).join(', ');
    out.push(`- Expected failure: ${code(r.ruleId)} — ${escapeMarkdown(k?.reason ?? 'no reason recorded')}${extra ? ` (${extra})` : ''}`);
  }
  for (const s of g.stale) out.push(s.fingerprint ? `- Stale known failure: ${code(s.ruleId)} no longer fails with ${code(s.fingerprint)}; remove its entry (${escapeMarkdown(s.reason)})` : `- Stale known failure: ${code(s.ruleId)} passes now; remove its entry (${escapeMarkdown(s.reason)})`);
  for (const e of g.expired) out.push(`- Expired known failure: ${code(e.ruleId)} (expired ${escapeMarkdown(e.expires)}) fails the run again`);
  const b = g.baseline;
  if (b) {
    out.push(`- Baseline ${code(b.file)}: ${b.newFailures.length} new, ${b.fixed.length} fixed, ${b.stillFailing.length} still failing`);
    for (const id of b.newFailures) out.push(`  - New: ${code(id)}`);
    for (const id of b.fixed) out.push(`  - Fixed: ${code(id)}`);
    for (const id of b.stillFailing) out.push(`  - Still failing: ${code(id)}`);
    const fp = b.fingerprints;
    if (fp) {
      out.push(`- Failures under rules failing in the baseline: ${fp.new.length} new, ${fp.fixed.length} fixed, ${fp.stillFailing.length} still failing`);
      const ref = (f: { ruleId: string; fingerprint: string; caseLabel?: string }): string => `${code(f.ruleId)} ${code(f.fingerprint)}${f.caseLabel ? ` (${escapeMarkdown(f.caseLabel, MAX_CELL)})` : ''}`;
      for (const f of fp.new) out.push(`  - New: ${ref(f)}`);
      for (const f of fp.fixed) out.push(`  - Fixed: ${ref(f)}`);
      for (const f of fp.stillFailing) out.push(`  - Still failing: ${ref(f)}`);
    }
  }
  out.push(g.failing.length ? `- Failing the run: ${g.failing.map(code).join(', ')}` : '- Nothing fails the run.');
  return out;
}

function render(report: Report, options: RenderOptions = { color: false }): string {
  const sections = [
    ['## ruleprobe', '', summaryLine(report.summary), '', escapeMarkdown(runLine(report))],
    countsTable(report),
    attentionTable(report, options.reportPath),
    gatingNotes(report),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

export const markdown: ReportWriter = { name: 'markdown', extension: 'md', render };
