/**
 * "Values accepted that give wrong verdicts", in the target config: every number of its `run:`
 * section has the range the command line has (one table, src/model/ranges.ts), and a value
 * outside it is a located problem stating the range — exit 2, never a run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { formatProblem, SpecLoadError } from '../../src/config/errors.js';
import { RANGES } from '../../src/model/ranges.js';
import { resolvePlan, UsageError } from '../../src/plan/resolve.js';
import { loadTargetText } from '../../src/target/config.js';
import { loadSpecs } from '../../specs/loader.js';

const ROOT = join(import.meta.dirname, '../..');
const ENV = { YMQ_KEY_ID: 'AKIDEXAMPLE', YMQ_SECRET: 's3cr3t-value' };
const CONFIG = (run: string): string => `specs:
  yandex-message-queue/send-message:
    baseUrl: https://message-queue.api.cloud.yandex.net
    entities:
      standard-queue: https://message-queue.api.cloud.yandex.net/b1g/dj6/q
    credentials:
      scheme: sigv4
      accessKeyId: { env: YMQ_KEY_ID }
      secretAccessKey: { env: YMQ_SECRET }
      region: ru-central1
run:
  ${run}
`;

/** The config's problems, formatted; the `run:` line is line 11. */
function problems(run: string): string[] {
  try {
    loadTargetText(CONFIG(run), 'target.yaml', ENV, ['yandex-message-queue/send-message']);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecLoadError);
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  return [];
}

const runDefaults = (run: string): unknown => loadTargetText(CONFIG(run), 'target.yaml', ENV, ['yandex-message-queue/send-message']).run;

const TARGET_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'src/target/target.schema.json'), 'utf8')) as {
  properties: { run: { properties: Record<string, { type: string; minimum: number; maximum: number }> } };
  $defs: { specTarget: { properties: { timing: { additionalProperties: { minimum: number; maximum: number } } } } };
};

describe('target config run: ranges', () => {
  it('timeoutMs: 1e20 (Node’s timer then fires at once: a healthy target gets exit 3) is refused, stating the range', () => {
    expect(problems('timeoutMs: 1e20')).toEqual(['target.yaml:12:14 /run/timeoutMs: must be a whole number from 1 to 2147483647, got 100000000000000000000']);
  });

  it('timeoutMs: 3000000000, past Node’s timer range, is refused', () => {
    expect(problems('timeoutMs: 3000000000')).toEqual(['target.yaml:12:14 /run/timeoutMs: must be a whole number from 1 to 2147483647, got 3000000000']);
  });

  it('timeoutMs: 0 is refused', () => {
    expect(problems('timeoutMs: 0')).toEqual(['target.yaml:12:14 /run/timeoutMs: must be a whole number from 1 to 2147483647, got 0']);
  });

  it('maxBodyBytes: 0 (a conforming target FAILs) is refused', () => {
    expect(problems('maxBodyBytes: 0')).toEqual(['target.yaml:12:17 /run/maxBodyBytes: must be a whole number from 1 to 268435456, got 0']);
  });

  it('budgetSeconds: 0 silently meaning "none" is refused', () => {
    expect(problems('budgetSeconds: 0')).toEqual(['target.yaml:12:18 /run/budgetSeconds: must be a number from 0.001 to 2147483, got 0']);
  });

  it('budgetSeconds past what a timer can wait is refused', () => {
    expect(problems('budgetSeconds: 2147484')).toEqual(['target.yaml:12:18 /run/budgetSeconds: must be a number from 0.001 to 2147483, got 2147484']);
  });

  it('rate: 0 silently meaning "none" is refused', () => {
    expect(problems('rate: 0')).toEqual(['target.yaml:12:9 /run/rate: must be a number from 1 to 1000000, got 0']);
  });

  it('concurrency: 0 (a run that never ends) is refused', () => {
    expect(problems('concurrency: 0')).toEqual(['target.yaml:12:16 /run/concurrency: must be a whole number from 1 to 1024, got 0']);
  });

  it('a 400-digit seed (run as "seed Infinity", written as "seed": null) is refused, shown as Infinity, never null', () => {
    expect(problems(`seed: ${'9'.repeat(400)}`)).toEqual(['target.yaml:12:9 /run/seed: must be integer, got number Infinity']);
  });

  it('seed: 9007199254740993 (silently changed) is refused', () => {
    expect(problems('seed: 9007199254740993')).toEqual(['target.yaml:12:9 /run/seed: must be a whole number from 0 to 2147483647, got 9007199254740992']);
  });

  it('seed: -1 and runs: 1.5 are refused', () => {
    expect(problems('seed: -1')).toEqual(['target.yaml:12:9 /run/seed: must be a whole number from 0 to 2147483647, got -1']);
    expect(problems('runs: 1.5')).toEqual(['target.yaml:12:9 /run/runs: must be integer, got number 1.5']);
  });

  it('every edge of every range is accepted', () => {
    expect(runDefaults('{ timeoutMs: 2147483647, seed: 2147483647, budgetSeconds: 2147483, concurrency: 1024, rate: 1000000, maxBodyBytes: 268435456, runs: 100000 }')).toEqual({
      timeoutMs: 2147483647, seed: 2147483647, budgetSeconds: 2147483, concurrency: 1024, rate: 1000000, maxBodyBytes: 268435456, runs: 100000,
    });
    expect(runDefaults('{ timeoutMs: 1, seed: 0, budgetSeconds: 0.001, concurrency: 1, rate: 1, maxBodyBytes: 1, runs: 0 }')).toEqual({
      timeoutMs: 1, seed: 0, budgetSeconds: 0.001, concurrency: 1, rate: 1, maxBodyBytes: 1, runs: 0,
    });
  });

  it('the schema’s ranges are the command line’s: each run field has the table’s bounds and integrality', () => {
    const run = TARGET_SCHEMA.properties.run.properties;
    expect(Object.keys(run).sort()).toEqual(['budgetSeconds', 'concurrency', 'maxBodyBytes', 'rate', 'runs', 'seed', 'timeoutMs']);
    for (const [name, field] of Object.entries(run)) {
      const range = RANGES[name as keyof typeof RANGES];
      expect({ min: field.minimum, max: field.maximum, integer: field.type === 'integer' }, name).toEqual({ min: range.min, max: range.max, integer: range.integer });
    }
    const timing = TARGET_SCHEMA.$defs.specTarget.properties.timing.additionalProperties;
    expect([timing.minimum, timing.maximum]).toEqual([RANGES.timingSeconds.min, RANGES.timingSeconds.max]);
  });

  it('a spec’s timing bounds and the report’s seed have the same ranges', () => {
    const spec = readFileSync(join(ROOT, 'specs/spec.schema.json'), 'utf8');
    for (const key of ['default', 'min', 'max']) expect(spec).toContain(`"${key}": { "type": "number", "minimum": ${RANGES.timingSeconds.min}, "maximum": ${RANGES.timingSeconds.max} }`);
    const report = JSON.parse(readFileSync(join(ROOT, 'reporters/report.schema.json'), 'utf8')) as { properties: { seed: { minimum: number; maximum: number } } };
    expect([report.properties.seed.minimum, report.properties.seed.maximum]).toEqual([RANGES.seed.min, RANGES.seed.max]);
  });
});

describe('ruleprobe run --target with a run: value out of range', () => {
  it('timeoutMs: 1e20 exits 2 with file, line, pointer and range, before anything is sent', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ruleprobe-ranges-')), 'target.yaml');
    writeFileSync(file, CONFIG('timeoutMs: 1e20'));
    let err = '';
    const code = await main(['run', '--target', file], { out: () => {}, err: (s) => (err += s) });
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain(`${file}:12:14 /run/timeoutMs: must be a whole number from 1 to 2147483647, got 100000000000000000000`);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('resolvePlan: run options given programmatically (the vitest suite)', () => {
  const sets = loadSpecs();
  it.each([
    [{ timeoutMs: 1e20 }, 'timeoutMs must be a whole number of milliseconds from 1 to 2147483647, got 100000000000000000000'],
    [{ timeoutMs: 0 }, 'timeoutMs must be a whole number of milliseconds from 1 to 2147483647, got 0'],
    [{ maxBodyBytes: 0 }, 'maxBodyBytes must be a whole number of bytes from 1 to 268435456, got 0'],
    [{ budgetSeconds: 0 }, 'budgetSeconds must be a number of seconds from 0.001 to 2147483, got 0'],
    [{ rate: 0 }, 'rate must be a number of requests per second from 1 to 1000000, got 0'],
    [{ concurrency: 0 }, 'concurrency must be a whole number from 1 to 1024, got 0'],
    [{ seed: Infinity }, 'seed must be a whole number from 0 to 2147483647, got Infinity'],
    [{ seed: 2 ** 53 + 2 }, 'seed must be a whole number from 0 to 2147483647, got 9007199254740994'],
    [{ runs: 1.5 }, 'runs must be a whole number of cases from 0 to 100000, got 1.5'],
  ])('%o is a usage error before the embedded reference starts', async (o, message) => {
    await expect(resolvePlan(sets, o)).rejects.toThrow(UsageError);
    await expect(resolvePlan(sets, o)).rejects.toThrow(`run options out of range: ${message}`);
  });
});
