import { useEnv } from '../setup/env.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { RANGES } from '../../src/model/ranges.js';

const ROOT = join(import.meta.dirname, '../..');
const SECRETS = { RP_TEST_NH_KEY: 'planted-nh-secret-7f3a', RP_TEST_YMQ_ID: 'AKIDPLANTED', RP_TEST_YMQ_SECRET: 'planted-ymq-secret-91c2' };

/** `ruleprobe …` in this process: the process itself plays no part in these tests. */
async function ruleprobe(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('ruleprobe run', () => {
  useEnv(SECRETS);

  it('against a port where nothing listens: every rule ERROR, exit 3, quickly, no secret printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-'));
    const file = join(dir, 'target.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'test/fixtures/targets/closed-port.yaml'), 'utf8').replaceAll('PORT', String(await closedPort())));
    // Refused connections are decided at once, not at a request deadline: with the longest
    // deadline there is, the run still ends (else the test's hang guard fails it).
    const r = await ruleprobe(['run', '--target', file, '--runs', '2', '--timeout', String(RANGES.timeoutMs.max)]);
    expect(r.code).toBe(EXIT.UNREACHABLE);
    expect(r.out).toMatch(/^0 passed, 0 failed, \d+ skipped \(0 warned, (\d+) errors, \d+ untestable\) — \1 of \1 rules that ran are ERROR \(more than 20%\): the run left them undecided$/m);
    expect(r.out).toContain('target did not answer: connection refused');
    expect(r.out).not.toMatch(/\bPASS\b|\bFAIL\b/);
    for (const secret of Object.values(SECRETS)) expect(r.out + r.err).not.toContain(secret);
  });

  it('a broken target config: exit 2, the file, line and pointer named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-'));
    const file = join(dir, 'target.yaml');
    writeFileSync(file, 'specs:\n  azure-service-bus/send-message:\n    baseUrl: not-a-url\n    entities: { topic: t }\n    credentials: { scheme: wrap, token: { env: NOPE } }\n');
    const r = await ruleprobe(['run', '--target', file]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain(`${file}:3:14 /specs/azure-service-bus~1send-message/baseUrl: "not-a-url" does not match ^https?://[^/?#]+$`);
  });

  it('the embedded reference, one rule: PASS and exit 0; its mutant: FAIL named, exit 1', async () => {
    const pass = await ruleprobe(['run', '--spec', 'yandex-message-queue/send-message', '--rule', 'delay-seconds-range', '--runs', '5', '--seed', '3']);
    expect(pass.code).toBe(EXIT.OK);
    expect(pass.out).toMatch(/yandex-message-queue\/send-message\/delay-seconds-range +MUST +PASS +\d+/);
    expect(pass.out).toMatch(/^1 passed, 0 failed, 0 skipped \(0 warned, 0 errors, 0 untestable\)$/m);
    const fail = await ruleprobe(['run', '--spec', 'yandex-message-queue/send-message', '--rule', 'delay-seconds-range', '--runs', '5', '--seed', '3', '--mutant', 'yandex-message-queue/send-message/delay-seconds-range']);
    expect(fail.code).toBe(EXIT.FAILED);
    expect(fail.out).toMatch(/delay-seconds-range +MUST +FAIL/);
    expect(fail.out).toContain('DelaySeconds = 901 (max + 1)');
    expect(fail.out).toMatch(/^0 passed, 1 failed, 0 skipped/m);
  });

  it('usage errors exit 2', async () => {
    expect((await ruleprobe(['run', '--level', 'SOMETIMES'])).code).toBe(EXIT.USAGE);
    expect((await ruleprobe(['run', '--spec', 'nope/nope'])).code).toBe(EXIT.USAGE);
    expect((await ruleprobe(['run', '--rule', 'no-such-rule-anywhere'])).code).toBe(EXIT.USAGE);
  });

  it('refuses --concurrency 0 (nothing would ever run) with exit 2, not a run that never ends', async () => {
    const r = await ruleprobe(['run', '--concurrency', '0']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('--concurrency takes a whole number from 1 to 1024, got "0"');
  });
});
