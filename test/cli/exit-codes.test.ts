/**
 * Exit codes that mean one thing: 3 only when the transport failed for every rule that ran, 4
 * when every rule that ran is ERROR for another reason (the harness, the budget), and a run with
 * many ERRORs says so in its summary line and fails under --max-errors or --fail-on any.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { exitCodeFor } from '../../cli/run.js';
import { resolvePlan } from '../../src/plan/resolve.js';
import { errorKindOf, summarize, summaryLine, type ErrorKind, type Verdict, type VerdictRecord } from '../../src/runner/verdict.js';
import { loadSpecs } from '../../specs/loader.js';

const ROOT = join(import.meta.dirname, '../..');
const YMQ = 'yandex-message-queue/send-message';

function record(verdict: Verdict, error?: ErrorKind, reason?: string): VerdictRecord {
  return {
    ruleId: `x/y/r${Math.random()}`,
    specId: 'x/y',
    level: 'MUST',
    title: 't',
    requirement: 'r',
    source: { section: 's', quote: 'q' },
    verdict,
    ...(error ? { error } : {}),
    ...(reason ? { reason } : {}),
    cases: 1,
    durationMs: 1,
  } as VerdictRecord;
}

describe('exitCodeFor', () => {
  it('3 only when the transport failed for every rule that ran', () => {
    expect(exitCodeFor([record('ERROR', 'transport'), record('ERROR', 'transport'), record('UNTESTABLE'), record('SKIP')])).toBe(EXIT.UNREACHABLE);
  });

  it('exit 3 for harness problems too: every rule ERROR for the harness or the budget is 4, not 3', () => {
    expect(exitCodeFor([record('ERROR', 'harness'), record('ERROR', 'harness')])).toBe(EXIT.UNDECIDED);
    expect(exitCodeFor([record('ERROR', 'budget'), record('ERROR', 'budget')])).toBe(EXIT.UNDECIDED);
    expect(exitCodeFor([record('ERROR', 'transport'), record('ERROR', 'harness')])).toBe(EXIT.UNDECIDED);
  });

  it('reads the kind of an ERROR in a report written before kinds from its reason', () => {
    expect(errorKindOf(record('ERROR', undefined, 'target did not answer: connection refused'))).toBe('transport');
    expect(errorKindOf(record('ERROR', undefined, "the run's time budget ran out before this rule finished"))).toBe('budget');
    expect(errorKindOf(record('ERROR', undefined, 'harness error: boom'))).toBe('harness');
    expect(errorKindOf(record('PASS'))).toBeUndefined();
    expect(exitCodeFor([record('ERROR', undefined, 'target did not answer: reset')])).toBe(EXIT.UNREACHABLE);
  });

  it('a half-resetting target (52 ERROR, 1 PASS): exit 0 by default, 1 with --max-errors below 52, and the summary says the run decided little', () => {
    const records = [record('PASS'), ...Array.from({ length: 52 }, () => record('ERROR', 'transport'))];
    expect(exitCodeFor(records)).toBe(EXIT.OK);
    expect(exitCodeFor(records, false, 51)).toBe(EXIT.FAILED);
    expect(exitCodeFor(records, false, 52)).toBe(EXIT.OK);
    expect(summaryLine(summarize(records))).toBe('1 passed, 0 failed, 0 skipped (0 warned, 52 errors, 0 untestable) — 52 of 53 rules that ran are ERROR (more than 20%): the run left them undecided');
  });

  it('the summary line stays as it was at or below 20% ERROR among the rules that ran', () => {
    const records = [record('PASS'), record('PASS'), record('PASS'), record('FAIL'), record('ERROR', 'harness'), record('UNTESTABLE'), record('UNTESTABLE')];
    expect(summaryLine(summarize(records))).toBe('3 passed, 1 failed, 0 skipped (0 warned, 1 errors, 2 untestable)');
  });

  it('FAIL is 1 whatever the ERRORs beside it', () => {
    expect(exitCodeFor([record('FAIL'), record('ERROR', 'transport')])).toBe(EXIT.FAILED);
  });
});

describe('the budget clock', () => {
  it('starts when the engine starts: the plan carries the budget, not a deadline fixed during start-up', async () => {
    const resolved = await resolvePlan(loadSpecs([]), { spec: [YMQ], rule: ['delay-seconds-range'], budgetSeconds: 7 });
    try {
      expect(resolved.plan.budgetMs).toBe(7000);
      expect(resolved.plan).not.toHaveProperty('deadline');
    } finally {
      await resolved.close();
    }
  });
});

/** Every other connection reset at once, the rest held without an answer. */
let server: Server;
const sockets = new Set<Socket>();
let file: string;
const SECRETS = { RP_TEST_NH_KEY: 'k-exit-codes-1', RP_TEST_YMQ_ID: 'AKIDEXIT', RP_TEST_YMQ_SECRET: 'exit-codes-secret-1' };
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  let n = 0;
  server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    if (n++ % 2 === 0) s.resetAndDestroy();
    else s.on('data', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-exit-'));
  file = join(dir, 'target.yaml');
  writeFileSync(file, readFileSync(join(ROOT, 'test/fixtures/targets/closed-port.yaml'), 'utf8').replaceAll('PORT', String((server.address() as AddressInfo).port)));
  for (const [k, v] of Object.entries(SECRETS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, { out: (s) => (out += s), err: () => {} });
  return { code, out };
}

describe('ruleprobe run, ERRORs and the exit code', () => {
  const run = ['run', '--target', () => file, '--spec', YMQ, '--rule', 'delay-seconds-range', 'status-documented', 'server-errors', '--runs', '0', '--timeout', '300', '--concurrency', '1'] as const;
  const argv = (): string[] => run.map((a) => (typeof a === 'function' ? a() : a));

  it('every rule ERROR from resets and timeouts: exit 3; --max-errors does not change it', async () => {
    expect((await cli(...argv())).code).toBe(EXIT.UNREACHABLE);
    expect((await cli(...argv(), '--max-errors', '0')).code).toBe(EXIT.UNREACHABLE);
  });

  it('--fail-on any keeps exit 3 when nothing answered; the records carry error: transport', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-exit-json-'));
    const r = await cli(...argv(), '--fail-on', 'any', '--reporter', `json=${join(dir, 'r.json')}`);
    expect(r.code).toBe(EXIT.UNREACHABLE);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { records: VerdictRecord[] };
    expect(report.records.map((x) => [x.verdict, x.error ?? null])).toEqual([
      ['ERROR', 'transport'],
      ['UNTESTABLE', null],
      ['ERROR', 'transport'],
    ]);
  });
});
