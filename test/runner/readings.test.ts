/**
 * Readings that send different requests, end to end against the reference: either-of cases
 * (the MPNS spelling, the direct flag) and cases the readings disagree on (64 Kb as 65,536 or
 * 64,000 bytes), the readings the record names, and cases skipped for want of a device handle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../../reference/embedded.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { Exchange } from '../../src/model/exchange.js';
import type { RequestCase } from '../../src/model/request.js';
import type { Rule } from '../../src/model/rule.js';
import { runPlan } from '../../src/runner/engine.js';
import { evaluate, evaluateEither } from '../../src/runner/evaluate.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';

const SPEC = 'azure-notification-hubs/direct-send';
const set = loadAllSpecs().find((s) => s.specId === SPEC)!;
const rule = (slug: string): Rule => set.rules.find((r) => r.id === `${SPEC}/${slug}`)!;
const RUN = { runs: 5, concurrency: 8, timeoutMs: 10_000, maxBodyBytes: 1 << 20 };

let embedded: Embedded;
beforeAll(async () => {
  embedded = await startEmbedded();
});
afterAll(async () => {
  await embedded.ref.close();
});

async function run(seed: number, deviceHandles?: Record<string, string>): Promise<VerdictRecord[]> {
  const target = embedded.targets[SPEC]!;
  return runPlan({ ...RUN, seed, specs: [{ set, target: { ...target, ...(deviceHandles ? { deviceHandles } : {}) }, ruleIds: set.rules.map((r) => r.id) }] });
}

const verdicts = (records: VerdictRecord[]): Record<string, string> => Object.fromEntries(records.map((r) => [r.ruleId.slice(SPEC.length + 1), r.verdict]));
const readingsOf = (records: VerdictRecord[], slug: string) => records.find((r) => r.ruleId === `${SPEC}/${slug}`)!.readings;

describe('a service that knows one MPNS spelling', () => {
  it('changes no verdict but names the other reading: the spelling is one rule of its own, the others fall back to it', async () => {
    for (const seed of [1, 2, 3]) {
      embedded.config.notificationHubs.mpnsSpellings = undefined;
      const pristine = await run(seed);
      embedded.config.notificationHubs.mpnsSpellings = ['windowsphone'];
      const later = await run(seed);
      embedded.config.notificationHubs.mpnsSpellings = undefined;
      expect(verdicts(later), `seed ${seed}`).toEqual(verdicts(pristine));
      expect(Object.values(verdicts(pristine)).filter((v) => v !== 'PASS' && v !== 'UNTESTABLE')).toEqual([]);
      expect(readingsOf(pristine, 'format-windows-phone')).toEqual([{ id: 'seed', cases: 1 }]);
      expect(readingsOf(later, 'format-windows-phone')).toEqual([{ id: 'later-revision', cases: 1 }]);
      // Rules whose MPNS case was accepted only in the later spelling name that reading; the pristine run names none.
      expect(readingsOf(later, 'content-type-by-format')).toEqual([{ id: 'later-revision', cases: 1 }]);
      expect(readingsOf(pristine, 'content-type-by-format')).toBeUndefined();
    }
  });

  it('knowing neither spelling fails the spelling rule, its one reading after the other', async () => {
    embedded.config.notificationHubs.mpnsSpellings = [];
    try {
      const records = await run(1);
      const own = records.find((r) => r.ruleId === `${SPEC}/format-windows-phone`)!;
      expect([own.verdict, own.cases, own.failure?.expected, own.failure?.actual]).toEqual(['FAIL', 2, 'status 201', 'status 400']);
      expect(own.failure?.message).toBe('a request the document allows was answered 400 (in every reading: seed, later-revision)');
    } finally {
      embedded.config.notificationHubs.mpnsSpellings = undefined;
    }
  });
});

describe('the direct flag, either of ?direct and ?direct=true', () => {
  it('passes bare against the reference, naming the bare reading for every case', async () => {
    const records = await run(1);
    const own = records.find((r) => r.ruleId === `${SPEC}/direct-flag`)!;
    expect([own.verdict, own.readings]).toEqual(['PASS', [{ id: 'bare', cases: own.cases }]]);
  });
});

describe('64 Kb read as 65,536 or 64,000 bytes', () => {
  it('the reference takes the binary reading for every size the readings disagree on, on every platform', async () => {
    const records = await run(1);
    const own = records.find((r) => r.ruleId === `${SPEC}/body-size`)!;
    expect([own.verdict, own.cases, own.readings]).toEqual(['PASS', 42, [{ id: 'binary-kb', cases: 21 }]]);
  });

  const bodySize = rule('body-size');
  const at64001: RequestCase = { ruleId: bodySize.id, label: 'body of 64001 bytes', origin: 'boundary', expect: 'either', readings: { accept: ['binary-kb'], reject: ['decimal-kb'] }, request: { entity: 'hub', path: 'operation', query: [], headers: [], body: { kind: 'none' }, auth: 'valid' } };
  const answered = (status: number): Exchange => ({
    case: at64001,
    request: at64001.request,
    wire: { method: 'POST', url: 'http://h/x', headers: [], body: new Uint8Array() },
    response: { status, headers: {}, body: Buffer.alloc(0), truncated: false },
  });
  const ctx = { op: set.operation, rule: bodySize };

  it('either outcome passes, and names the reading it fits; an undocumented status fails', () => {
    expect(evaluate(bodySize, ctx, answered(201))).toEqual({ ok: true, check: '', message: '', expected: '', actual: '', readings: ['binary-kb'] });
    expect(evaluate(bodySize, ctx, answered(413))).toEqual({ ok: true, check: '', message: '', expected: '', actual: '', readings: ['decimal-kb'] });
    expect(evaluate(bodySize, ctx, answered(403))).toMatchObject({ ok: true, readings: ['decimal-kb'] });
    expect(evaluate(bodySize, ctx, answered(500))).toEqual({
      ok: false,
      check: 'status',
      message: 'the readings allow either outcome, but neither was given: a request the document forbids was rejected in an undocumented way',
      expected: 'status 201, or 413 or 403 or 400',
      actual: 'status 500',
    });
  });
});

describe('evaluateEither', () => {
  const spelling = rule('format-windows-phone');
  const base = { entity: 'hub', path: 'operation' as const, query: [], body: { kind: 'none' as const }, auth: 'valid' };
  const c: RequestCase = {
    ruleId: spelling.id,
    label: 'ServiceBusNotification-Format = "windows phone" or "windowsphone"',
    origin: 'boundary',
    expect: 'accept',
    reading: 'seed',
    request: { ...base, headers: [{ name: 'ServiceBusNotification-Format', value: 'windows phone' }] },
    eitherOf: [{ reading: 'later-revision', request: { ...base, headers: [{ name: 'ServiceBusNotification-Format', value: 'windowsphone' }] } }],
  };
  const sender = (statusFor: (format: string) => number) => {
    const sent: string[] = [];
    const send = async (x: RequestCase): Promise<Exchange> => {
      const format = String(x.request.headers[0]!.value);
      sent.push(format);
      return { case: x, request: x.request, wire: { method: 'POST', url: 'http://h/x', headers: [], body: new Uint8Array() }, response: { status: statusFor(format), headers: {}, body: Buffer.alloc(0), truncated: false } };
    };
    return { sent, send };
  };
  const ctx = { op: set.operation, rule: spelling };

  it('sends the other reading only when the first is refused, and names the reading taken', async () => {
    const first = sender(() => 201);
    expect((await evaluateEither(spelling, ctx, c, first.send)).result).toMatchObject({ ok: true, readings: ['seed'] });
    expect(first.sent).toEqual(['windows phone']);
    const later = sender((f) => (f === 'windowsphone' ? 201 : 400));
    const r = await evaluateEither(spelling, ctx, c, later.send);
    expect([r.result.ok, r.result.readings, r.ex.case.reading, later.sent]).toEqual([true, ['later-revision'], 'later-revision', ['windows phone', 'windowsphone']]);
  });

  it('fails as the first reading when every reading is refused', async () => {
    const none = sender(() => 400);
    const r = await evaluateEither(spelling, ctx, c, none.send);
    expect([r.result.ok, r.result.actual, r.result.message, r.ex.case.reading, none.sent]).toEqual([
      false,
      'status 400',
      'a request the document allows was answered 400 (in every reading: seed, later-revision)',
      'seed',
      ['windows phone', 'windowsphone'],
    ]);
  });
});

describe('a platform without a configured device handle', () => {
  it('skips its cases with the reason, never sends a made-up handle, and SKIPs a rule that has no other case', async () => {
    const records = await run(1, { apple: 'a'.repeat(64) });
    const byId = (slug: string) => records.find((r) => r.ruleId === `${SPEC}/${slug}`)!;
    expect([byId('format-gcm').verdict, byId('format-gcm').cases, byId('format-gcm').reason]).toEqual(['SKIP', 0, '1 case not sent: no device handle for "gcm" in the target config (deviceHandles.gcm)']);
    expect([byId('format-windows-phone').verdict, byId('format-windows-phone').reason]).toEqual(['SKIP', '1 case not sent: no device handle for "windows phone" in the target config (deviceHandles."windows phone")']);
    expect([byId('format-apple').verdict, byId('format-apple').cases]).toEqual(['PASS', 1]);
    // body-bad-format: the apple case and the control (the canonical request is windows, whose handle is missing) — only apple is sent.
    const bad = byId('body-bad-format');
    expect([bad.verdict, bad.cases]).toEqual(['PASS', 1]);
    expect(bad.reason).toBe(
      [
        '2 cases not sent: no device handle for "windows" in the target config (deviceHandles.windows)',
        '1 case not sent: no device handle for "gcm" in the target config (deviceHandles.gcm)',
        '1 case not sent: no device handle for "windows phone" in the target config (deviceHandles."windows phone")',
        '1 case not sent: no device handle for "adm" in the target config (deviceHandles.adm)',
        '1 case not sent: no device handle for "nokiax" in the target config (deviceHandles.nokiax)',
        '1 case not sent: no device handle for "baidu" in the target config (deviceHandles.baidu)',
      ].join('; '),
    );
    expect(records.filter((r) => r.verdict === 'FAIL' || r.verdict === 'WARN' || r.verdict === 'ERROR').map((r) => r.ruleId)).toEqual([]);
  });
});
