import { describe, expect, it } from 'vitest';
import { code, escapeMarkdown, markdown, MAX_ROWS } from '../../reporters/markdown.js';
import { summaryLine } from '../../src/runner/verdict.js';
import { gated, hostile, mixed, record } from './_fixtures.js';

const render = (r = mixed()): string => markdown.render(r, { color: false });

/** The cells of a GFM table row, split at unescaped pipes as GitHub does. */
const cells = (line: string): string[] =>
  line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());

describe('markdown reporter', () => {
  it('renders the mixed report (snapshot)', async () => {
    await expect(render()).toMatchFileSnapshot('./__snapshots__/markdown.md');
    await expect(render(gated())).toMatchFileSnapshot('./__snapshots__/markdown-gated.md');
  });

  it('carries the summary line as its own line, and counts per spec that add up', () => {
    const report = mixed();
    const out = render(report);
    expect(out.split('\n')).toContain(summaryLine(report.summary));
    const rows = out.split('\n').filter((l) => /^\| `[^/`]+\/[^/`]+` \|/.test(l) || l.startsWith('| **All**'));
    expect(rows.map(cells)).toEqual([
      ['`yandex-message-queue/send-message`', '`seed`', '5', '1', '1', '0', '1', '1', '1'],
      ['`azure-notification-hubs/direct-send`', '`live`', '4', '1', '1', '1', '0', '0', '1'],
      ['**All**', '', '9', '2', '2', '1', '1', '1', '2'],
    ]);
  });

  it('lists each FAIL, WARN and ERROR with level, verdict and expected vs actual', () => {
    const out = render();
    const rows = out.split('\n').filter((l) => /^\| `[a-z-]+\/[a-z-]+\/[a-z-]+` \|/.test(l)).map(cells);
    expect(rows).toEqual([
      ['`yandex-message-queue/send-message/action-value`', 'MUST', '**ERROR**', '—', '—', 'target did not answer: connection refused (connect ECONNREFUSED 127.0.0.1:40000)'],
      ['`yandex-message-queue/send-message/delay-seconds-range`', 'MUST', '**FAIL**', 'DelaySeconds = 901 (max + 1) `b4dcf132f2b4`', '400 InvalidParameterValue', 'status 200'],
      ['`azure-notification-hubs/direct-send/auth-expired`', 'MUST', '**FAIL**', 'signed: expired `559befc364dc`', '401', 'status 201'],
      ['`azure-notification-hubs/direct-send/direct-flag`', 'SHOULD', '**WARN**', 'valid, direct=true `27a76d1a6562`', 'status 201', 'status 400'],
    ]);
  });

  it('gives each distinct failure of a rule its own row, and says how many more were not listed', () => {
    const out = render(gated());
    const rows = out.split('\n').filter((l) => l.startsWith('| `yandex-message-queue/send-message/delay-seconds-range`')).map(cells);
    const [first, second] = record(gated(), 'delay-seconds-range').failures!;
    expect(rows.map((r) => r.slice(3, 6))).toEqual([
      [`DelaySeconds = 901 (max + 1) \`${first!.fingerprint}\``, '400 InvalidParameterValue', 'status 200'],
      [`DelaySeconds = -1 (min − 1) \`${second!.fingerprint}\``, '400 InvalidParameterValue', 'status 400 InvalidAction'],
      ['… 3 more distinct failures not listed (the JSON report has their fingerprints)', '', ''],
    ]);
    expect(out).toContain('- Failures under rules failing in the baseline: 1 new, 1 fixed, 1 still failing');
    expect(out).toContain('  - New: `azure-notification-hubs/direct-send/direct-flag` `fedcba987654` (direct = "TRUE")');
  });

  it('adds a gate column and gating notes when the report is gated', () => {
    const out = render(gated());
    expect(out).toContain('### Gating (`--fail-on must`)');
    expect(out).toContain('- Expected failure: `azure-notification-hubs/direct-send/auth-expired` — the staging hub accepts expired tokens until its clock fix ships (expires 2026-06-30, https://tracker.invalid/RP-12)');
    expect(out).toContain('- Stale known failure: `yandex-message-queue/send-message/md5-of-message-body` passes now; remove its entry (MD5 of supplementary-plane bodies was wrong)');
    expect(out).toContain('- Expired known failure: `yandex-message-queue/send-message/delay-seconds-range` (expired 2025-12-31) fails the run again');
    expect(out).toContain('- Baseline `baseline.json`: 1 new, 1 fixed, 1 still failing');
    expect(out).toContain('  - Fixed: `azure-notification-hubs/direct-send/format-windows-phone`');
    expect(out).toContain('- Failing the run: `yandex-message-queue/send-message/delay-seconds-range`');
    const row = out.split('\n').find((l) => l.startsWith('| `yandex-message-queue/send-message/delay-seconds-range`'))!;
    expect(cells(row).at(-1)).toBe('fails the run');
    expect(render()).not.toContain('Gating');
  });

  it('escapes pipes, backticks and markup in cells, so a row stays one row of six cells', () => {
    const out = render(hostile());
    const row = out.split('\n').find((l) => l.startsWith('| `yandex-message-queue/send-message/delay-seconds-range`'))!;
    expect(cells(row)).toHaveLength(6);
    expect(cells(row)[5]).toBe('status 200, body "ok\\\\x00\\\\x1b\\[31m"');
    expect(escapeMarkdown('a | b `c` <d> *e* [f](g) \\ h\ni')).toBe('a \\| b \\`c\\` \\<d\\> \\*e\\* \\[f\\](g) \\\\ h<br>i');
    expect(code('x ` y | z')).toBe('`` x ` y \\| z ``');
    expect(code('plain')).toBe('`plain`');
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  });

  it(`stops the table at ${MAX_ROWS} rows and says how many more there are`, () => {
    const report = mixed();
    const fail = report.records.find((r) => r.verdict === 'FAIL')!;
    expect(fail.ruleId).toBe('azure-notification-hubs/direct-send/auth-expired');
    report.records = Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({ ...fail, ruleId: `${fail.specId}/rule-${i}` }));
    const out = render(report);
    expect(out.split('\n').filter((l) => l.startsWith('| `azure-notification-hubs/direct-send/rule-'))).toHaveLength(MAX_ROWS);
    expect(out).toContain('… and 5 more rows; the JSON report has every one.');
  });
});
