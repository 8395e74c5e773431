/**
 * A typo in a check's arguments stops every command at load with exit code 2, naming file,
 * line, column and pointer — before any request is sent, never as a harness ERROR per case.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { SpecLoadError } from '../../specs/errors.js';
import { loadAllSpecs } from '../../specs/loader.js';

const ROOT = join(import.meta.dirname, '../..');
const BROKEN = join(import.meta.dirname, '../fixtures/specs/broken/check-arg-enum.yaml');
const MESSAGE =
  '/rules/1/expect/checks/0/args/presence: check "response-field": must be one of "always", "optional", "with-attributes", "without-attributes", "absent", got "absnet"';

/** A specs folder holding only the fixture with `presence: absnet`. */
const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-check-args-'));
copyFileSync(BROKEN, join(dir, 'send.yaml'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('a misspelt check argument', () => {
  it('fails loadAllSpecs with one located problem', () => {
    let problems: unknown;
    try {
      loadAllSpecs(dir, dir);
    } catch (err) {
      expect(err).toBeInstanceOf(SpecLoadError);
      problems = (err as SpecLoadError).problems;
    }
    expect(problems).toEqual([
      {
        file: 'send.yaml',
        line: 81,
        column: 89,
        pointer: '/rules/1/expect/checks/0/args/presence',
        message: MESSAGE.slice(MESSAGE.indexOf(': ') + 2),
      },
    ]);
  });

  const shown = relative(process.cwd(), join(dir, 'send.yaml'));
  const expected = `ruleprobe: spec file is invalid:\n${shown}:81:89 ${MESSAGE}\n`;

  it('makes `ruleprobe rules --specs-dir` exit 2 with file, line, column and pointer', async () => {
    expect(await cli('rules', '--specs-dir', dir)).toEqual({ code: EXIT.USAGE, out: '', err: expected });
  });

  it('makes `sample` and `run` exit 2 the same way, before anything is generated or sent', async () => {
    expect(await cli('sample', '--spec', 'example-queue/put-message', '--specs-dir', dir)).toEqual({ code: EXIT.USAGE, out: '', err: expected });
    expect(await cli('run', '--specs-dir', dir, '--reporter', 'json')).toEqual({ code: EXIT.USAGE, out: '', err: expected });
  });

  it('makes the installed command exit 2', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/ruleprobe.js'), 'rules', '--specs-dir', dir], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(EXIT.USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ruleprobe: spec file is invalid:\nsend.yaml:81:89 ${MESSAGE}\n`);
  });
});
