import { describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../../src/config/errors.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import { authModel, redactRequest } from '../../../src/sign/index.js';
import type { SignContext } from '../../../src/sign/scheme.js';
import { sign } from '../../../src/sign/schemes/api-key/index.js';
import { loadTargetText } from '../../../src/target/config.js';
import { headerValues, request, snapshot } from '../helpers.js';
import { loadSpec, redactedRun } from './echo-target.js';

const KEY = 'PLANTED-api-key-0123456789';
const WRONG = 'QMBOUFE-bqj-lfz-1234567890';
const NOW = new Date('2026-01-02T03:04:05Z');

function ctx(extra: Partial<SignContext> = {}): SignContext {
  return { credentials: { scheme: 'api-key', key: KEY }, now: NOW, resource: '', header: 'X-Api-Key', ...extra };
}

describe('api-key signer', () => {
  it('valid: the key as the whole value of the header the spec names; nothing else changes', async () => {
    const req = request({ headers: [['Content-Type', 'text/plain'], ['x-api-key', 'stale']] });
    const before = snapshot(req);
    const signed = await sign(req, 'valid', ctx());
    expect(signed.headers).toEqual([['Content-Type', 'text/plain'], ['X-Api-Key', KEY]]);
    expect(snapshot(req)).toEqual(before);
    expect(headerValues(signed, 'Authorization')).toEqual([]);
  });

  it.each([
    ['missing', []],
    ['empty', ['']],
    ['wrong-key', [WRONG]],
  ] as const)('%s: exactly %j', async (variant, expected) => {
    expect(headerValues(await sign(request(), variant, ctx()), 'X-Api-Key')).toEqual(expected);
  });

  it('takes the header name from the spec', async () => {
    expect(authModel({ scheme: 'api-key', header: 'Ocp-Apim-Subscription-Key' }).header).toBe('Ocp-Apim-Subscription-Key');
    const signed = await sign(request({ headers: [] }), 'valid', ctx({ header: 'Ocp-Apim-Subscription-Key' }));
    expect(signed.headers).toEqual([['Ocp-Apim-Subscription-Key', KEY]]);
    await expect(sign(request(), 'valid', ctx({ header: '' }))).rejects.toThrow("api-key credentials are unusable: no header to send the key in (the spec's auth.header)");
  });

  it('refuses the variants an opaque key has not, and credentials of another scheme', async () => {
    for (const variant of ['malformed', 'wrong-scheme', 'expired']) {
      await expect(sign(request(), variant, ctx()), variant).rejects.toBeInstanceOf(UnsupportedAuthVariant);
    }
    await expect(sign(request(), 'malformed', ctx())).rejects.toThrow("api-key cannot sign the 'malformed' variant: an API key is one opaque value in its header, with no framing to break; a value that is not the key is the wrong-key variant");
    await expect(sign(request(), 'valid', ctx({ credentials: { scheme: 'bearer', token: KEY } }))).rejects.toBeInstanceOf(InvalidCredentials);
  });
});

describe('api-key redaction', () => {
  const auth = authModel({ scheme: 'api-key', header: 'X-Api-Key' });

  it('redacts the named header whole, keeps an empty one empty, and leaves other headers', async () => {
    for (const [variant, shown] of [['valid', '[redacted]'], ['wrong-key', '[redacted]'], ['empty', '']] as const) {
      const wire = await sign(request(), variant, ctx());
      const r = redactRequest(auth, { scheme: 'api-key', key: KEY }, wire);
      expect(r.headers).toEqual([['Content-Type', 'application/json;charset=utf-8'], ['ServiceBusNotification-Format', 'gcm'], ['X-Api-Key', shown]]);
    }
  });

  it('cuts the configured key wherever else it occurs in the request (a URL, another header)', () => {
    const r = redactRequest(auth, { scheme: 'api-key', key: KEY }, { url: `https://h/?key=${KEY}`, headers: [['X-Debug', `k=${KEY}`]] });
    expect(r).toEqual({ url: 'https://h/?key=[redacted]', headers: [['X-Debug', 'k=[redacted]']], secrets: [KEY] });
  });
});

describe('api-key in specs and target configs', () => {
  it('a spec names the header; the key comes from the environment, a missing variable named with its place', () => {
    const set = loadSpec('  scheme: api-key\n  header: X-Api-Key', ['missing', 'empty', 'wrong-key']);
    expect(set.operation.auth).toEqual({ scheme: 'api-key', header: 'X-Api-Key', options: { header: 'X-Api-Key' }, variants: { valid: 1, missing: 1, empty: 1, 'wrong-key': 1 }, styles: {} });
    const text = 'specs:\n  example-queue/put-message:\n    baseUrl: http://127.0.0.1:1\n    entities: { standard-queue: http://127.0.0.1:1/q }\n    credentials:\n      scheme: api-key\n      key: { env: EXAMPLE_API_KEY }\n';
    expect(loadTargetText(text, 't.yaml', { EXAMPLE_API_KEY: KEY }, [set]).specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'api-key', key: KEY });
    try {
      loadTargetText(text, 't.yaml', {}, [set]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SpecLoadError);
      expect((err as SpecLoadError).problems.map(formatProblem)).toEqual(['t.yaml:7:19 /specs/example-queue~1put-message/credentials/key/env: environment variable EXAMPLE_API_KEY is not set']);
    }
  });
});

describe('api-key against a target that echoes every header back', () => {
  it('the key reaches the target, but no verdict record, response echo or curl line', async () => {
    const run = await redactedRun('  scheme: api-key\n  header: X-Api-Key', ['missing', 'empty', 'wrong-key'], { scheme: 'api-key', key: KEY }, ['x-api-key']);
    expect(run.received.some((h) => h['x-api-key'] === KEY)).toBe(true);
    expect(run.failed.map((r) => r.ruleId.split('/').pop()).filter((id) => id!.startsWith('auth-')).sort()).toEqual(['auth-empty', 'auth-missing', 'auth-wrong-key']);
    for (const secret of [KEY, WRONG]) {
      expect(run.json).not.toContain(secret);
      expect(run.curl).not.toContain(secret);
    }
    const valid = run.failed.find((r) => r.ruleId.endsWith('/body-required'))!.failure!;
    expect(valid.request.headers).toContainEqual(['X-Api-Key', '[redacted]']);
    expect(valid.response!.headers['x-echo']).toBe('[redacted]');
    expect(valid.response!.body).toContain('x-api-key: [redacted]\n');
    expect(run.curl).toContain('-H "X-Api-Key: $RULEPROBE_X_API_KEY"');
  });
});
