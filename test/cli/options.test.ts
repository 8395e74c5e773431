/**
 * "Values accepted that give wrong verdicts", on the command line: every numeric option takes a
 * value within its range (src/model/ranges.ts) written as a plain number; anything else exits 2
 * with a message naming the option and the range, before anything starts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { decimalIn, wholeNumberIn } from '../../cli/options.js';
import { RANGES } from '../../src/model/ranges.js';
import { UsageError } from '../../src/plan/resolve.js';

const ROOT = join(import.meta.dirname, '../..');
const YMQ = 'yandex-message-queue/send-message';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), now: () => new Date('2026-01-02T03:04:05Z') });
  return { code, out, err };
}

/** Exit 2 with exactly this message, no stack trace, nothing run. */
async function refused(argv: string[], message: string): Promise<void> {
  const r = await cli(...argv);
  expect(r.code).toBe(EXIT.USAGE);
  expect(r.err).toContain(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
}

describe('ruleprobe run: numeric options out of range', () => {
  it('--timeout 3000000000 (Node’s timer then fires at once: a healthy target gets exit 3) exits 2 stating the range', async () => {
    await refused(['run', '--timeout', '3000000000'], '--timeout takes a whole number of milliseconds from 1 to 2147483647, got "3000000000"');
  });

  it('--timeout 0 exits 2', async () => {
    await refused(['run', '--timeout', '0'], '--timeout takes a whole number of milliseconds from 1 to 2147483647, got "0"');
  });

  it('--max-body 0 (a conforming target FAILs) exits 2', async () => {
    await refused(['run', '--max-body', '0'], '--max-body takes a whole number of bytes from 1 to 268435456, got "0"');
  });

  it('--budget 0 silently meaning "none" exits 2', async () => {
    await refused(['run', '--budget', '0'], '--budget takes a number of seconds from 0.001 to 2147483, got "0"');
    await refused(['run', '--budget', '2147484'], '--budget takes a number of seconds from 0.001 to 2147483, got "2147484"');
  });

  it('--rate 0 silently meaning "none" exits 2', async () => {
    await refused(['run', '--rate', '0'], '--rate takes a number of requests per second from 1 to 1000000, got "0"');
  });

  it('a 400-digit --seed (running as "seed Infinity", writing "seed": null) exits 2, the value shown cut', async () => {
    await refused(['run', '--seed', '9'.repeat(400)], '--seed takes a whole number from 0 to 2147483647, got "99999999999999999999… (400 characters)"');
  });

  it('--seed 9007199254740993 (silently changed) exits 2', async () => {
    await refused(['run', '--seed', '9007199254740993'], '--seed takes a whole number from 0 to 2147483647, got "9007199254740993"');
    await refused(['run', '--seed', '2147483648'], '--seed takes a whole number from 0 to 2147483647, got "2147483648"');
  });

  it('--concurrency 0 (a run that never ends) and past the maximum exit 2', async () => {
    await refused(['run', '--concurrency', '0'], '--concurrency takes a whole number from 1 to 1024, got "0"');
    await refused(['run', '--concurrency', '1025'], '--concurrency takes a whole number from 1 to 1024, got "1025"');
  });

  it('--runs and --max-errors past their ranges exit 2', async () => {
    await refused(['run', '--runs', '100001'], '--runs takes a whole number of cases from 0 to 100000, got "100001"');
    await refused(['run', '--max-errors', '1000001'], '--max-errors takes a whole number of ERROR verdicts from 0 to 1000000, got "1000001"');
  });

  it.each(['1.5', '1e3', '0x10', ' 5', '+5', '', '-1', 'Infinity', 'NaN', '5 ', '1_000'])('a non-integer where an integer is meant (%j) exits 2', async (v) => {
    await refused(['run', '--runs', v], `--runs takes a whole number of cases from 0 to 100000, got "${v}"`);
  });

  it.each(['1e3', '.5', '1.', '0x10', '+2', '', 'Infinity'])('a rate not written as a plain decimal (%j) exits 2', async (v) => {
    await refused(['run', '--rate', v], `--rate takes a number of requests per second from 1 to 1000000, got "${v}"`);
  });
});

describe('ruleprobe sample and serve: numeric options out of range', () => {
  it('sample --seed, --runs and --preview take the same kind of ranges', async () => {
    await refused(['sample', '--spec', YMQ, '--seed', '9007199254740993'], '--seed takes a whole number from 0 to 2147483647, got "9007199254740993"');
    await refused(['sample', '--spec', YMQ, '-n', '1.5'], '--runs takes a whole number of cases from 0 to 100000, got "1.5"');
    await refused(['sample', '--spec', YMQ, '--preview', '-1'], '--preview takes a whole number of bytes from 0 to 16777216, got "-1"');
  });

  it('out-of-range serve --port 99999 (a stack trace) exits 2', async () => {
    await refused(['serve', '--port', '99999'], '--port takes a whole number from 0 to 65535, got "99999"');
    await refused(['serve', '--port', '80.5'], '--port takes a whole number from 0 to 65535, got "80.5"');
  });
});

describe('values at the edges of the ranges are accepted as they are', () => {
  it('sample --seed 2147483647 runs under exactly that seed', async () => {
    const r = await cli('sample', '--spec', YMQ, '--rule', 'delay-seconds-range', '--seed', '2147483647', '-n', '1');
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toContain('random (seed 2147483647)');
  });

  it('run --seed 2147483647 --timeout 2147483647 writes that seed into a report its schema accepts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ruleprobe-options-')), 'r.json');
    const r = await cli('run', '--spec', YMQ, '--rule', 'delay-seconds-range', '--runs', '1', '--seed', '2147483647', '--timeout', '2147483647', '--budget', '30.5', '--rate', '1000.5', '--concurrency', '1024', '--reporter', `json=${file}`);
    expect(r.code).toBe(EXIT.OK);
    const report = JSON.parse(readFileSync(file, 'utf8')) as { seed: number };
    expect(report.seed).toBe(2147483647);
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'reporters/report.schema.json'), 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, seed: 2147483648 })).toBe(false);
  }, 120_000);
});

describe('the parsers', () => {
  it('wholeNumberIn and decimalIn read plain decimal numbers within the range and nothing else', () => {
    const timeout = wholeNumberIn('--timeout', RANGES.timeoutMs);
    expect(timeout('1')).toBe(1);
    expect(timeout('2147483647')).toBe(2147483647);
    expect(() => timeout('2147483648')).toThrow(UsageError);
    const budget = decimalIn('--budget', RANGES.budgetSeconds);
    expect(budget('0.001')).toBe(0.001);
    expect(budget('2147483')).toBe(2147483);
    expect(() => budget('0.0009')).toThrow('--budget takes a number of seconds from 0.001 to 2147483, got "0.0009"');
    expect(() => budget('1e2')).toThrow(UsageError);
  });
});
