import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { EXIT } from '../../cli/exit-codes.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/specs');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('ruleprobe rules', () => {
  it('adds a --specs-dir folder to the shipped specs', async () => {
    const r = await run('rules', '--specs-dir', join(FIXTURES, 'valid'), '--format', 'json');
    const json = JSON.parse(r.out) as { specs: Array<{ id: string }> };
    expect(json.specs.map((s) => s.id)).toEqual(['azure-notification-hubs/direct-send', 'azure-service-bus/send-message', 'yandex-message-queue/send-message', 'json-fixture/create-note', 'example-queue/put-message']);
  });

  it('prints every rule of a spec folder with level, testability, source and totals', async () => {
    const r = await run('rules', '--specs-dir', join(FIXTURES, 'valid'));
    expect(r.code).toBe(EXIT.OK);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ {2}example-queue\/put-message\/body-size +MUST +yes +Parameters › Body$/m);
    expect(r.out).toMatch(/^ {2}example-queue\/put-message\/retry-policy +SHOULD +UNTESTABLE +Retries$/m);
    expect(r.out).toMatch(/^ +↳ untestable: Client-side retry behaviour is not observable from the server's side\.$/m);
    expect(r.out).toContain('example-queue/put-message: 11 rules (10 MUST, 1 SHOULD, 0 MAY), 1 untestable, 0 with ambiguity');
  });

  it('prints JSON rule records with totals', async () => {
    const r = await run('rules', '--specs-dir', join(FIXTURES, 'valid'), '--spec', 'example-queue/put-message', '--format', 'json');
    expect(r.code).toBe(EXIT.OK);
    const json = JSON.parse(r.out) as { specs: Array<{ id: string; totals: { rules: number }; rules: Array<{ id: string }> }> };
    expect(json.specs.map((s) => `${s.id} ${s.totals.rules}`)).toEqual(['example-queue/put-message 11']);
    expect(json.specs[0]!.rules[0]!.id).toBe('example-queue/put-message/content-type-value');
  });

  it('lists the shipped specs with per-spec totals and a grand total', async () => {
    const r = await run('rules');
    expect(r.code).toBe(EXIT.OK);
    for (const id of ['azure-service-bus/send-message', 'yandex-message-queue/send-message', 'azure-notification-hubs/direct-send']) {
      expect(r.out).toMatch(new RegExp(`^  ${id}: \\d+ rules \\(`, 'm'));
    }
    expect(r.out).toMatch(/^total: \d+ rules in 3 specs/m);
  });

  it('selects one spec with --spec', async () => {
    const r = await run('rules', '--spec', 'yandex-message-queue/send-message', '--format', 'json');
    const json = JSON.parse(r.out) as { specs: Array<{ id: string }> };
    expect(json.specs.map((s) => s.id)).toEqual(['yandex-message-queue/send-message']);
  });

  it('exits 2 naming an unknown spec id', async () => {
    const r = await run('rules', '--spec', 'nope/nope');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('unknown spec id nope/nope');
  });

  it('exits 2 with file, line and pointer when a spec is broken', async () => {
    const r = await run('rules', '--specs-dir', join(FIXTURES, 'broken'));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/broken\/wrong-type\.yaml:40:27 \/parameters\/1\/range\/max: must be integer, got string "nine"/);
  });

  it('exits 2 on an unknown option or format', async () => {
    expect((await run('rules', '--format', 'xml')).code).toBe(EXIT.USAGE);
    expect((await run('frobnicate')).code).toBe(EXIT.USAGE);
  });
});
