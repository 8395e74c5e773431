/** The HTTP client against each hostile mode: every failure a TransportError of the right kind, nothing followed. */
import { afterAll, describe, expect, it } from 'vitest';
import { Transport, TransportError, type TransportErrorKind } from '../../src/transport/http.js';
import { startHostile, type Hostile, type HostileMode } from './server.js';

const started: Hostile[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

async function hostile(mode: HostileMode, options: { redirectTo?: string } = {}): Promise<Hostile> {
  const h = await startHostile(mode, options);
  started.push(h);
  return h;
}

const post = (url: string, headers: Array<[string, string]> = []) => ({
  method: 'POST',
  url: `${url}/`,
  headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['Authorization', 'AWS4-HMAC-SHA256 x'], ...headers] as Array<[string, string]>,
  body: new TextEncoder().encode('Action=SendMessage&MessageBody=hi'),
});

async function outcome(mode: HostileMode, timeoutMs = 5000): Promise<{ error?: TransportError; status?: number; ms: number }> {
  const h = await hostile(mode);
  const t = new Transport({ timeoutMs, maxBodyBytes: 65536, connections: 2 });
  const t0 = performance.now();
  try {
    const res = await t.send(post(h.url));
    return { status: res.status, ms: performance.now() - t0 };
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    return { error: err as TransportError, ms: performance.now() - t0 };
  } finally {
    await t.close();
  }
}

describe('every failure to get an answer is a TransportError of its kind', () => {
  const cases: Array<[HostileMode, TransportErrorKind, RegExp]> = [
    ['reset-on-connect', 'reset', /^connection closed before a complete response/],
    ['reset-after-headers', 'reset', /^connection closed before a complete response/],
    ['length-longer', 'reset', /^connection closed before a complete response/],
    ['garbage', 'protocol', /^not a valid HTTP response/],
    ['http09', 'protocol', /^not a valid HTTP response/],
    ['crlf-injection', 'protocol', /^not a valid HTTP response/],
    // Found by the matrix: undici ends the connection on a 100 Continue; that was reported as a reset.
    ['continue-then-nothing', 'protocol', /^an answer no request was waiting for, or a 100 Continue no request asked for$/],
    // Found by the matrix: a 101 no request asked for was reported as a reset.
    ['unasked-upgrade', 'protocol', /^a protocol upgrade \(101\) no request asked for$/],
    // Found by the matrix: headers over the limit were kind "other" with undici's bare message.
    ['huge-header', 'protocol', /^response headers larger than \d+ bytes$/],
  ];
  for (const [mode, kind, message] of cases) {
    it.concurrent(`${mode}: ${kind}`, async () => {
      const o = await outcome(mode);
      expect([o.error?.kind, o.error?.message]).toEqual([kind, expect.stringMatching(message)]);
    });
  }

  it.concurrent('a timeout names its deadline: "no complete response before the deadline (300 ms)"', async () => {
    for (const mode of ['hang', 'slowloris', 'informational-loop'] as const) {
      const o = await outcome(mode, 300);
      expect([mode, o.error?.kind, o.error?.message]).toEqual([mode, 'timeout', 'no complete response before the deadline (300 ms)']);
      // Generous: the deadline plus slack, never a hang.
      expect(o.ms).toBeLessThan(10_000);
    }
  });

  it.concurrent('a request the client refuses to send is the harness\'s problem, not the target\'s: no TransportError', async () => {
    const h = await hostile('correct-ish');
    const t = new Transport({ timeoutMs: 1000, maxBodyBytes: 1024, connections: 1 });
    const err = await t.send(post(h.url, [['X-Bad', 'a\r\nInjected: 1']])).catch((e: unknown) => e);
    await t.close();
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TransportError);
    expect(h.requests).toBe(0);
  });
});

describe('redirects are never followed', () => {
  for (const mode of ['redirect-self-301', 'redirect-self-302', 'redirect-self-307', 'redirect-self-308'] as const) {
    it.concurrent(`${mode}: the 3xx is the answer, one request sent`, async () => {
      const h = await hostile(mode);
      const t = new Transport({ timeoutMs: 5000, maxBodyBytes: 1024, connections: 1 });
      const res = await t.send(post(h.url));
      await t.close();
      expect([res.status, res.headers['location'], h.requests]).toEqual([Number(mode.slice(-3)), '/', 1]);
    });
  }

  it.concurrent('a 307 elsewhere: the other listener is never contacted', async () => {
    const other = await hostile('correct-ish');
    const h = await hostile('redirect-elsewhere', { redirectTo: other.url });
    const t = new Transport({ timeoutMs: 5000, maxBodyBytes: 1024, connections: 1 });
    const res = await t.send(post(h.url));
    await t.close();
    expect([res.status, res.headers['location'], other.connections]).toEqual([307, `${other.url}/`, 0]);
  });
});

describe('answers that are read, up to the cap', () => {
  it.concurrent('an endless body is cut at --max-body and marked truncated', async () => {
    const h = await hostile('endless-body');
    const t = new Transport({ timeoutMs: 5000, maxBodyBytes: 65536, connections: 1 });
    const res = await t.send(post(h.url));
    await t.close();
    expect([res.status, res.body.length, res.truncated]).toEqual([200, 65536, true]);
  });

  it.concurrent('a gzip bomb is kept compressed: nothing is decompressed', async () => {
    const h = await hostile('gzip-bomb');
    const t = new Transport({ timeoutMs: 5000, maxBodyBytes: 1 << 20, connections: 1 });
    const res = await t.send(post(h.url));
    await t.close();
    expect([res.status, res.headers['content-encoding'], res.body.length < 1 << 20, res.body[0], res.body[1]]).toEqual([200, 'gzip', true, 0x1f, 0x8b]);
  });

  it.concurrent('a Content-Length shorter than the body: the declared bytes are the answer, the rest never becomes the next one', async () => {
    const h = await hostile('length-shorter');
    const t = new Transport({ timeoutMs: 5000, maxBodyBytes: 1024, connections: 1 });
    const first = await t.send(post(h.url));
    const second = await t.send(post(h.url)).catch((e: unknown) => e);
    await t.close();
    expect([first.status, first.body.toString()]).toEqual([200, '<SendMessageResponse>']);
    // The spill-over (a 403 head) must not be read as the second request's answer.
    expect(second instanceof TransportError ? second.kind : (second as { status: number }).status).not.toBe(403);
  });
});
