/**
 * JUnit XML for CI test panels: one <testsuite> per spec, one <testcase> per rule.
 * FAIL is a <failure>, ERROR an <error>, SKIP and UNTESTABLE <skipped>. A WARN is a passing
 * test case whose <system-out> carries the warning (JUnit consumers paint every <failure> red),
 * unless the --fail-on policy made it fail the run, when it is a <failure type="WARN">. A failure
 * the gate excused (a known failure, or one the baseline already had) is <skipped>, as pytest
 * writes an expected failure, so the panel agrees with the exit code.
 */
import type { GatedRecord, Report } from '../src/report/model.js';
import { failuresOf, type ReceivedResponse } from '../src/runner/verdict.js';
import { clean, failureLines, groupBySpec } from './console.js';
import type { ReportWriter } from './types.js';

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF, lone surrogates)
 * become visible escapes; no character reference could carry them either.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xmlSafe(s: string): string {
  return s.replace(NOT_XML, (c) => {
    const n = c.codePointAt(0)!;
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

export function escapeText(s: string): string {
  return xmlSafe(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Attribute values also keep their line breaks and tabs, which a parser would otherwise fold to spaces. */
export function escapeAttr(s: string): string {
  return escapeText(s).replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A recorded body for people: UTF-8 when the bytes are UTF-8, else latin1 as recorded. */
function bodyText(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return latin1;
  }
}

function responseLines(res: ReceivedResponse): string[] {
  const out = [`  Response: ${res.status}, ${res.bodyBytes} bytes${res.bodyTruncated ? ` (${Buffer.byteLength(res.body, 'latin1')} shown)` : ''}`];
  for (const [k, v] of Object.entries(res.headers)) out.push(`    ${k}: ${v}`);
  if (res.body) out.push('', ...bodyText(res.body).split('\n').map((l) => `    ${l}`));
  return out.map(clean);
}

/** The failure layout, plus the response the target gave, for the CI log. */
function details(r: GatedRecord, report: Report): string {
  return failureLines(r, report, undefined, undefined, (f) => (f.response ? responseLines(f.response) : [])).join('\n');
}

function summaryMessage(r: GatedRecord): string {
  const failures = failuresOf(r);
  const others = failures.length - 1 + (r.moreFailures ?? 0);
  if (r.failure) return `${r.failure.message}: expected ${r.failure.expected}, got ${r.failure.actual} (${r.level})${others > 0 ? `, and ${others} more distinct failure${others === 1 ? '' : 's'}` : ''}`;
  return r.reason ?? r.verdict;
}

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcome(r: GatedRecord): Outcome {
  if (r.gate === 'expected' || r.gate === 'still-failing') return 'skipped';
  switch (r.verdict) {
    case 'PASS':
      return 'pass';
    case 'FAIL':
      return 'failure';
    case 'WARN':
      return r.gate === 'failing' ? 'failure' : 'pass';
    case 'ERROR':
      return 'error';
    case 'SKIP':
    case 'UNTESTABLE':
      return 'skipped';
  }
}

function testcase(r: GatedRecord, report: Report): string {
  const open = `    <testcase classname="${escapeAttr(r.specId)}" name="${escapeAttr(r.ruleId)}" time="${seconds(r.durationMs)}"`;
  const o = outcome(r);
  const body: string[] = [];
  if (o === 'failure') {
    body.push(`<failure message="${escapeAttr(summaryMessage(r))}" type="${r.verdict}">${escapeText(details(r, report))}</failure>`);
  } else if (o === 'error') {
    body.push(`<error message="${escapeAttr(summaryMessage(r))}" type="ERROR">${escapeText(details(r, report))}</error>`);
  } else if (o === 'skipped') {
    if (r.gate === 'expected' || r.gate === 'still-failing') {
      const why = r.gate === 'expected' ? `expected failure: ${r.knownFailure?.reason ?? 'known failure'}` : 'still failing, as in the baseline';
      body.push(`<skipped message="${escapeAttr(`${r.verdict} ${why}`)}" type="${r.gate}"/>`);
      body.push(`<system-out>${escapeText(details(r, report))}</system-out>`);
    } else {
      body.push(`<skipped message="${escapeAttr(r.reason ?? r.verdict)}" type="${r.verdict}"/>`);
    }
  } else if (r.verdict === 'WARN') {
    body.push(`<system-out>${escapeText(details(r, report))}</system-out>`);
  }
  if (!body.length) return `${open}/>`;
  return `${open}>\n${body.map((b) => `      ${b}`).join('\n')}\n    </testcase>`;
}

function render(report: Report): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites = groupBySpec(report).map((g) => {
    const counts = { failures: 0, errors: 0, skipped: 0 };
    for (const r of g.records) {
      const o = outcome(r);
      if (o === 'failure') counts.failures++;
      else if (o === 'error') counts.errors++;
      else if (o === 'skipped') counts.skipped++;
    }
    const time = g.records.reduce((t, r) => t + r.durationMs, 0);
    return { g, counts, time };
  });
  const total = (k: 'failures' | 'errors' | 'skipped'): number => suites.reduce((n, s) => n + s.counts[k], 0);
  const wall = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  out.push(
    `<testsuites name="ruleprobe" tests="${report.records.length}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${seconds(Number.isFinite(wall) ? wall : 0)}" timestamp="${escapeAttr(report.startedAt)}">`,
  );
  for (const { g, counts, time } of suites) {
    out.push(
      `  <testsuite name="${escapeAttr(g.id)}" tests="${g.records.length}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(time)}" timestamp="${escapeAttr(report.startedAt)}">`,
      '    <properties>',
      ...[
        ['title', g.title ?? g.id],
        ['profile', g.profile],
        ['seed', String(report.seed)],
        ['runs', String(report.runs)],
        ['target', report.target],
        ['ruleprobe', report.tool.version],
        ...(report.shard ? [['shard', `${report.shard.index}/${report.shard.count}`]] : []),
      ].map(([k, v]) => `      <property name="${escapeAttr(k!)}" value="${escapeAttr(v!)}"/>`),
      '    </properties>',
    );
    for (const r of g.records) out.push(testcase(r, report));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export const junit: ReportWriter = { name: 'junit', extension: 'xml', render };
