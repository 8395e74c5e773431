import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { EXIT } from '../../cli/exit-codes.js';

const NOW = new Date('2026-01-02T03:04:05Z');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), now: () => NOW });
  return { code, out, err };
}

describe('ruleprobe sample', () => {
  it('shows the at-limit and over-limit message bodies with their byte counts and expectations', async () => {
    const r = await run('sample', '--spec', 'yandex-message-queue/send-message', '--rule', 'message-body-size', '-n', '0');
    expect(r.code).toBe(EXIT.OK);
    for (const width of [1, 2, 3, 4]) {
      expect(r.out).toContain(`[boundary] expect ACCEPT — MessageBody of 262144 bytes (max) in ${width}-byte characters`);
      expect(r.out).toContain(`[boundary] expect REJECT — MessageBody of 262145 bytes (max + 1) in ${width}-byte characters`);
    }
    expect(r.out).toMatch(/body \(262282 bytes\): Action=SendMessage&Version=2012-11-05&QueueUrl=.*&MessageBody=a+ … \[\d+ more bytes\]/);
    expect(r.out).toContain('POST https://message-queue.example.net/');
    expect(r.out).toContain('X-Amz-Date: 20260102T030405Z');
    expect(r.out).toContain('  10 fixed case(s), 0 random (seed 1)');
  });

  it('never prints a signature or key', async () => {
    const r = await run('sample', '--spec', 'azure-notification-hubs/direct-send', '--rule', 'auth-', '-n', '2');
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/Authorization: SharedAccessSignature sr=.*&sig=\[redacted\]&se=\d+&skn=DefaultFullSharedAccessSignature/);
    expect(r.out).not.toContain('sample-key-not-a-secret');
    for (const line of r.out.split('\n').filter((l) => l.includes('sig='))) expect(line).toMatch(/sig=\[redacted\]|sig=&|sig=$/);
  });

  it('is deterministic for a seed, and the seed changes the random cases', async () => {
    const a = await run('sample', '--spec', 'azure-service-bus/send-message', '--rule', 'request-body-atom-entry', '--seed', '5');
    const b = await run('sample', '--spec', 'azure-service-bus/send-message', '--rule', 'request-body-atom-entry', '--seed', '5');
    const c = await run('sample', '--spec', 'azure-service-bus/send-message', '--rule', 'request-body-atom-entry', '--seed', '6');
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    expect(a.out).toContain('  4 fixed case(s), 3 random (seed 5)');
  });

  it('says why an untestable rule sends nothing', async () => {
    const r = await run('sample', '--spec', 'azure-service-bus/send-message', '--rule', 'conflict-409');
    expect(r.out).toContain('UNTESTABLE: Needs a failure on purpose, and none exists: sending a message creates or updates no resource');
  });

  it('exits 2 for an unknown rule or spec, naming what to look at', async () => {
    const r = await run('sample', '--spec', 'azure-service-bus/send-message', '--rule', 'nope');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('no rule of azure-service-bus/send-message matches "nope"; see: ruleprobe rules --spec azure-service-bus/send-message');
    expect((await run('sample', '--spec', 'nope/nope')).code).toBe(EXIT.USAGE);
    expect((await run('sample', '--spec', 'azure-service-bus/send-message', '-n', 'many')).code).toBe(EXIT.USAGE);
  });

  it('ends quietly, exit 0, when its reader stops reading (| head)', () => {
    const bin = join(import.meta.dirname, '../../bin/ruleprobe.js');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" sample --spec yandex-message-queue/send-message | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });
});
