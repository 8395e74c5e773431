/**
 * Every failing case of a rule: after a failure the rule still sends its deterministic cases, and
 * its record lists each distinct failure in case order (at most ten, the rest counted and
 * fingerprinted), each with its own reproduction. The target is the embedded reference behind a
 * loopback proxy that breaks chosen cases of one rule.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../../reference/embedded.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { genContextFor } from '../../src/runner/context.js';
import { ruleCases } from '../../generators/ruleCases.js';
import { runPlan } from '../../src/runner/engine.js';
import { FailureList } from '../../src/runner/run-rule.js';
import { actualClass, fingerprintOf, MAX_FAILURES, type Failure, type VerdictRecord } from '../../src/runner/verdict.js';
import { curlFor } from '../../src/report/curl.js';

const SPEC = 'yandex-message-queue/send-message';
const set = loadAllSpecs().find((s) => s.specId === SPEC)!;

/** What the proxy answers instead of the reference, for a request body (latin1), or undefined to pass it on. */
type Breaker = (body: string) => { status: number; body: string } | 'hang up' | undefined;

let embedded: Embedded;
let proxy: Server;
let proxyUrl: string;
let breaker: Breaker = () => undefined;

const errorBody = (code: string): string =>
  `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>rejected at ${new Date().toISOString()} (${randomUUID()})</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const ref = new URL(embedded.ref.url);
  const out = httpRequest({ host: ref.hostname, port: ref.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  out.end(body);
}

beforeAll(async () => {
  embedded = await startEmbedded();
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const broken = breaker(body.toString('latin1'));
      if (!broken) return forward(req, body, res);
      if (broken === 'hang up') return void res.socket?.destroy();
      res.writeHead(broken.status, { 'content-type': 'text/xml' });
      res.end(broken.body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await embedded.ref.close();
});

async function runOne(slug: string, runs = 5): Promise<VerdictRecord> {
  const t = embedded.targets[SPEC]!;
  const target = { ...t, target: { ...t.target, baseUrl: proxyUrl } };
  const [record] = await runPlan({ specs: [{ set, target, ruleIds: [`${SPEC}/${slug}`] }], seed: 1, runs, concurrency: 4, timeoutMs: 10_000, maxBodyBytes: 1 << 20 });
  return record!;
}

const fixedLabels = (slug: string): string[] => {
  const rule = set.rules.find((r) => r.id === `${SPEC}/${slug}`)!;
  const gen = genContextFor(rule, set.operation, embedded.targets[SPEC]!, '1');
  if (typeof gen === 'string') throw new Error(gen);
  return ruleCases(rule, set.operation, gen).fixed.map((c) => c.label);
};

describe('every failing case of a rule', () => {
  it('a rule with two distinct deviations lists both, in case order, each with its own reproduction', async () => {
    breaker = (body) => {
      if (/&DelaySeconds=-1(&|$)/.test(body)) return { status: 200, body: '<SendMessageResponse/>' };
      if (/&DelaySeconds=901(&|$)/.test(body)) return { status: 400, body: errorBody('InvalidAction') };
      return undefined;
    };
    const r = await runOne('delay-seconds-range');
    expect(r.verdict).toBe('FAIL');
    expect(r.failures!.map((f) => [f.caseLabel, f.check, f.expected, f.actual])).toEqual([
      ['DelaySeconds = -1 (min − 1)', 'status', '400 InvalidParameterValue', 'status 200'],
      ['DelaySeconds = 901 (max + 1)', 'error-code', '400 InvalidParameterValue', 'status 400 InvalidAction'],
    ]);
    expect(r.failure).toEqual(r.failures![0]);
    expect(r.moreFailures).toBeUndefined();
    // Every deterministic case was sent, although the first one failed.
    expect(r.cases).toBeGreaterThanOrEqual(fixedLabels('delay-seconds-range').length);
    const [low, high] = r.failures!;
    expect([low!.response!.status, high!.response!.status]).toEqual([200, 400]);
    expect([low!.request.body, high!.request.body].map((b) => /DelaySeconds=(-?\d+)/.exec(b)?.[1])).toEqual(['-1', '901']);
    expect(curlFor(high!.request)).toContain('DelaySeconds=901');
    expect([low!.fingerprint, high!.fingerprint]).toEqual([fingerprintOf(r.ruleId, low!), fingerprintOf(r.ruleId, high!)]);
    expect(low!.fingerprint).not.toBe(high!.fingerprint);
  });

  it('a rule whose every case fails lists the first ten in case order and counts the rest', async () => {
    breaker = () => ({ status: 500, body: errorBody('InternalFailure') });
    const labels = fixedLabels('message-body-charset');
    expect(labels.length).toBeGreaterThan(MAX_FAILURES);
    const r = await runOne('message-body-charset', 0);
    expect(r.cases).toBe(labels.length);
    expect(r.failures!.map((f) => f.caseLabel)).toEqual(labels.slice(0, MAX_FAILURES));
    expect([r.moreFailures, r.moreFingerprints!.length]).toEqual([labels.length - MAX_FAILURES, labels.length - MAX_FAILURES]);
    expect(new Set([...r.failures!.map((f) => f.fingerprint), ...r.moreFingerprints!]).size).toBe(labels.length);
  });

  it('a failure found before the target stopped answering stands: FAIL with it, and the reason not every case was sent', async () => {
    breaker = (body) => (/&DelaySeconds=-1(&|$)/.test(body) ? { status: 200, body: '<SendMessageResponse/>' } : /&DelaySeconds=901(&|$)/.test(body) ? 'hang up' : undefined);
    const r = await runOne('delay-seconds-range', 0);
    expect([r.verdict, r.failures!.map((f) => f.caseLabel)]).toEqual(['FAIL', ['DelaySeconds = -1 (min − 1)']]);
    expect(r.reason).toMatch(/^not every case was sent: the target did not answer: /);
    // Without a failure first, the same hang-up is an ERROR.
    breaker = (body) => (/&DelaySeconds=901(&|$)/.test(body) ? 'hang up' : undefined);
    const e = await runOne('delay-seconds-range', 0);
    expect([e.verdict, e.failures, e.reason]).toEqual(['ERROR', undefined, expect.stringMatching(/^target did not answer: /)]);
  });

  it('a random failure is shrunk and listed after the deterministic ones, with its seed and path', async () => {
    // Out-of-range values of four digits or more are accepted: only random cases draw those. The
    // boundary case 901 (sent before any random case) gets a wrong code; a random 901 does not.
    let boundary901 = true;
    breaker = (body) => {
      if (/DelaySeconds=-?\d{4,}(&|$)/.test(body)) return { status: 200, body: '<SendMessageResponse/>' };
      if (!/&DelaySeconds=901(&|$)/.test(body) || !boundary901) return undefined;
      boundary901 = false;
      return { status: 400, body: errorBody('InvalidAction') };
    };
    const r = await runOne('delay-seconds-range', 10);
    expect(r.failures!.map((f) => [f.origin, f.check, f.actual])).toEqual([
      ['boundary', 'error-code', 'status 400 InvalidAction'],
      ['random', 'status', 'status 200'],
    ]);
    const random = r.failures![1]!;
    expect([random.seed, typeof random.path]).toEqual([1, 'string']);
    // Shrunk to the smallest value the proxy still accepts.
    expect(random.caseLabel).toMatch(/^DelaySeconds = "-?1000"$/);
  });
});

describe('fingerprints', () => {
  it('are the same across two runs whose error bodies carry different request ids and text, and differ for another error code', async () => {
    const once = async (code: string): Promise<string> => {
      breaker = (body) => (/&DelaySeconds=901(&|$)/.test(body) ? { status: 400, body: errorBody(code) } : undefined);
      const r = await runOne('delay-seconds-range', 0);
      expect(r.failures!.map((f) => f.caseLabel)).toEqual(['DelaySeconds = 901 (max + 1)']);
      return r.failures![0]!.fingerprint!;
    };
    const first = await once('InvalidAction');
    const second = await once('InvalidAction');
    const other = await once('MissingParameter');
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it('the actual class keeps status and error code and drops volatile parts', () => {
    expect(actualClass('status 400 InvalidParameterValue (request 9f1c2d3e-aaaa-4bbb-8ccc-0123456789ab)')).toBe('status 400 InvalidParameterValue');
    expect(actualClass('status 200')).toBe('status 200');
    expect(actualClass('MessageId 9f1c2d3e-aaaa-4bbb-8ccc-0123456789ab at 2026-12-01T22:34:39.123Z, digest 5d41402abc4b2a76b9719d911017c592')).toBe('MessageId <uuid> at <time>, digest <hex>');
    expect(actualClass('no Location header')).toBe('no Location header');
  });

  it('a random case is fingerprinted without its seed-dependent label', () => {
    const base = { check: 'status', expected: 'status 200', actual: 'status 500', origin: 'random' as const };
    expect(fingerprintOf('a/b/c', { ...base, caseLabel: 'DelaySeconds = 17' })).toBe(fingerprintOf('a/b/c', { ...base, caseLabel: 'DelaySeconds = 402' }));
    expect(fingerprintOf('a/b/c', { ...base, caseLabel: 'x', origin: 'boundary' })).not.toBe(fingerprintOf('a/b/c', { ...base, caseLabel: 'y', origin: 'boundary' }));
  });
});

describe('FailureList', () => {
  const f = (i: number): Failure => ({ caseLabel: `case ${i}` }) as Failure;

  it('15 failures arriving in any order: the first ten in case order are kept, five counted', () => {
    const list = new FailureList();
    const order = [14, 3, 9, 0, 12, 7, 1, 13, 5, 11, 2, 10, 6, 8, 4];
    for (const i of order) list.add(i, `fp${i}`, () => f(i));
    const { failures, more } = list.result();
    expect(failures.map((x) => x.caseLabel)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `case ${i}`));
    expect(more).toEqual(['fp10', 'fp11', 'fp12', 'fp13', 'fp14']);
  });

  it('a repeated fingerprint keeps its earliest case, and builds nothing it does not keep', () => {
    const list = new FailureList();
    let built = 0;
    const add = (at: number, fp: string): void => list.add(at, fp, () => (built++, f(at)));
    add(5, 'a');
    add(2, 'a');
    add(7, 'a');
    add(3, 'b');
    expect(list.result().failures.map((x) => x.caseLabel)).toEqual(['case 2', 'case 3']);
    expect(built).toBe(3);
  });
});
