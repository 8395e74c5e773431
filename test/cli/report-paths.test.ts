/**
 * Reporter files: every NAME=PATH is checked before the run starts, and a file that still cannot
 * be written at the end does not cost the run its other reports.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { checkReporterPaths, readReport, ReportWriteError, unwritableReason, writeReports } from '../../cli/report.js';

const ROOT = join(import.meta.dirname, '../..');
const report = (): ReturnType<typeof readReport> => readReport(join(ROOT, 'test/fixtures/reports/mixed.json'));
const isRoot = process.getuid?.() === 0;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('reporter paths checked before the run', () => {
  it('--reporter json=<a directory>: exit 2 naming the path, before anything runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    const r = await cli(['run', '--reporter', `json=${dir}`, '--spec', 'yandex-message-queue/send-message']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toBe(`ruleprobe: --reporter json=${dir}: it is a folder; name a file in it\n`);
    expect(r.out).toBe('');
  });

  it('--reporter with a missing parent that cannot be created (a file on the way): exit 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    writeFileSync(join(dir, 'file'), 'x');
    const r = await cli(['run', '--reporter', `junit=${dir}/file/deeper/junit.xml`]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toBe(`ruleprobe: --reporter junit=${dir}/file/deeper/junit.xml: cannot create its folder: ${dir}/file is a file, not a folder\n`);
  });

  it('missing folders that can be created are fine, and nothing is created by the check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    expect(unwritableReason(join(dir, 'a/b/c/report.json'))).toBeUndefined();
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(() => checkReporterPaths(['console', `json=${dir}/a/report.json`, `html=${dir}/a/report.html`])).not.toThrow();
  });

  it.skipIf(isRoot)('--reporter to a path without permission: exit 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    try {
      const r = await cli(['run', '--reporter', `json=${dir}/ro/report.json`]);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.err).toBe(`ruleprobe: --reporter json=${dir}/ro/report.json: cannot create it in ${dir}/ro: no permission\n`);
    } finally {
      chmodSync(join(dir, 'ro'), 0o755);
    }
  });
});

describe('a report file that cannot be written at the end', () => {
  it('--reporter json=<unwritable at the end>: every other reporter is written, the failed one is named and saved elsewhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    // Writable when checked, a folder by the time the run ends.
    const jsonPath = join(dir, 'report.json');
    checkReporterPaths([`json=${jsonPath}`, `junit=${dir}/junit.xml`]);
    mkdirSync(jsonPath);
    let out = '';
    let error: unknown;
    try {
      await writeReports(report(), [`json=${jsonPath}`, `junit=${dir}/junit.xml`, 'markdown'], (s) => (out += s), false);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ReportWriteError);
    const failures = (error as ReportWriteError).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ name: 'json', path: jsonPath, reason: 'a folder, not a file' });
    expect((error as Error).message).toBe(`could not write the json report to ${jsonPath}: a folder, not a file; it was written to ${failures[0]!.savedTo} instead`);
    // The run's results are not lost: the saved copy is the report, the others were written.
    expect(JSON.parse(readFileSync(failures[0]!.savedTo!, 'utf8'))).toMatchObject({ version: 1, seed: 7 });
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(out).toContain('#');
    rmSync(failures[0]!.savedTo!, { force: true });
  });

  it('the CLI exits 2 for it, saying which report could not be written, after writing the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-rp-'));
    const jsonPath = join(dir, 'merged.json');
    let out = '';
    let err = '';
    // The json file becomes a folder while the markdown report (written first) goes to stdout.
    const code = await main(['merge', join(ROOT, 'test/fixtures/reports/mixed.json'), '--reporter', 'markdown', '--reporter', `json=${jsonPath}`, '--reporter', `junit=${dir}/junit.xml`], {
      out: (s) => {
        out += s;
        mkdirSync(jsonPath, { recursive: true });
      },
      err: (s) => (err += s),
    });
    expect(code).toBe(EXIT.USAGE);
    expect(out).toContain('#');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(err).toMatch(new RegExp(`^ruleprobe: could not write the json report to ${jsonPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a folder, not a file; it was written to (\\S+) instead\n$`));
    const saved = /written to (\S+) instead/.exec(err)![1]!;
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ version: 1 });
    rmSync(saved, { force: true });
  });
});
