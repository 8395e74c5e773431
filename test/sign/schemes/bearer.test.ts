import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecLoadError, formatProblem } from '../../../src/config/errors.js';
import type { WireRequest } from '../../../src/model/request.js';
import { curlFor } from '../../../src/report/curl.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import { authModel, redactRequest } from '../../../src/sign/index.js';
import type { SignContext } from '../../../src/sign/scheme.js';
import { BEARER_MALFORMED_FORMS, sign } from '../../../src/sign/schemes/bearer/index.js';
import { wrongTokenFor } from '../../../src/sign/_internals/derive.js';
import { loadTargetText } from '../../../src/target/config.js';
import { headerValues, request, snapshot } from '../helpers.js';
import { echoTarget, loadSpec, runAll, type EchoTarget } from './echo-target.js';

// RFC 6750 §2.1's example token.
const TOKEN = 'mF_9.B5f-4.1JqM';
const WRONG = 'nG_0.C6g-5.2KrN';
const NOW = new Date('2026-01-02T03:04:05Z');

function ctx(extra: Partial<SignContext> = {}): SignContext {
  return { credentials: { scheme: 'bearer', token: TOKEN }, now: NOW, resource: '', header: 'Authorization', ...extra };
}

async function authorization(variant: string, pick = 0): Promise<string[]> {
  return headerValues(await sign(request(), variant, ctx({ pick })), 'Authorization');
}

describe('bearer signer', () => {
  it('valid: Authorization: Bearer <token>, the other headers and the body as they were', async () => {
    const req = request({ headers: [['Content-Type', 'text/plain'], ['authorization', 'stale']] });
    const before = snapshot(req);
    const signed = await sign(req, 'valid', ctx());
    expect(signed.headers).toEqual([['Content-Type', 'text/plain'], ['Authorization', `Bearer ${TOKEN}`]]);
    expect([...signed.body]).toEqual(before.body);
    expect(snapshot(req)).toEqual(before);
  });

  it.each([
    ['missing', []],
    ['empty', ['Bearer ']],
    ['wrong-scheme', [`Basic ${TOKEN}`]],
    ['wrong-key', [`Bearer ${WRONG}`]],
  ] as const)('%s: exactly %j', async (variant, expected) => {
    expect(await authorization(variant)).toEqual(expected);
  });

  it('malformed: each fixed form breaks the framing in one way, and picks wrap around', async () => {
    expect(BEARER_MALFORMED_FORMS).toEqual(['no-space', 'space-inside', 'quoted', 'no-scheme-word']);
    const forms = await Promise.all(BEARER_MALFORMED_FORMS.map((_, pick) => authorization('malformed', pick)));
    expect(forms).toEqual([[`Bearer${TOKEN}`], ['Bearer mF_9.B5f -4.1JqM'], [`Bearer "${TOKEN}"`], [TOKEN]]);
    expect(await authorization('malformed', 4)).toEqual(forms[0]);
  });

  it('the wrong token keeps length and character classes, differs at every letter and digit', () => {
    expect(wrongTokenFor(TOKEN)).toBe(WRONG);
    expect(wrongTokenFor('zZ9aA0')).toBe('aA0bB1');
    expect(wrongTokenFor('-._~')).toBe('x-._~');
  });

  it('writes the header the spec names', async () => {
    const signed = await sign(request({ headers: [] }), 'valid', ctx({ header: 'X-Auth-Token' }));
    expect(signed.headers).toEqual([['X-Auth-Token', `Bearer ${TOKEN}`]]);
    expect(authModel({ scheme: 'bearer', header: 'X-Auth-Token' }).header).toBe('X-Auth-Token');
    expect(authModel({ scheme: 'bearer' }).header).toBe('Authorization');
  });

  it('refuses variants it has not, with the reason, and credentials of another scheme or an empty token', async () => {
    const error = await sign(request(), 'expired', ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedAuthVariant);
    expect((error as UnsupportedAuthVariant).message).toBe('bearer cannot sign the \'expired\' variant: a bearer token is opaque to the harness, which can only send it, spoil its framing or change its characters; it cannot re-date it');
    await expect(sign(request(), 'valid', ctx({ credentials: { scheme: 'sas', keyName: 'k', key: 'v' } }))).rejects.toBeInstanceOf(InvalidCredentials);
    await expect(sign(request(), 'valid', ctx({ credentials: { scheme: 'bearer', token: '' } }))).rejects.toThrow('bearer credentials are unusable: needs a non-empty token');
  });
});

describe('bearer redaction', () => {
  const auth = authModel({ scheme: 'bearer' });
  const redacted = async (variant: string, pick = 0): Promise<string[]> => {
    const wire: WireRequest = await sign(request(), variant, ctx({ pick }));
    const shown = redactRequest(auth, { scheme: 'bearer', token: TOKEN }, wire);
    return shown.headers.filter(([n]) => n === 'Authorization').map(([, v]) => v);
  };

  it('keeps the scheme word, never the token, in every variant and form', async () => {
    expect(await redacted('valid')).toEqual(['Bearer [redacted]']);
    expect(await redacted('empty')).toEqual(['Bearer ']);
    expect(await redacted('wrong-scheme')).toEqual(['Basic [redacted]']);
    expect(await redacted('wrong-key')).toEqual(['Bearer [redacted]']);
    expect(await Promise.all(BEARER_MALFORMED_FORMS.map((_, pick) => redacted('malformed', pick)))).toEqual([['[redacted]'], ['Bearer [redacted]'], ['Bearer "[redacted]"'], ['[redacted]']]);
  });

  it('reports the cut parts as secrets, so an echo of the wrong token is cut too', async () => {
    const wire = await sign(request(), 'wrong-key', ctx());
    expect(redactRequest(auth, { scheme: 'bearer', token: TOKEN }, wire).secrets.sort()).toEqual([TOKEN, WRONG].sort());
  });

  it('the curl line reads the header from $RULEPROBE_AUTHORIZATION', async () => {
    const wire = await sign(request({ headers: [] }), 'valid', ctx());
    const shown = redactRequest(auth, { scheme: 'bearer', token: TOKEN }, wire);
    const line = curlFor({ method: wire.method, url: shown.url, headers: shown.headers, body: 'x', bodyBytes: 1, bodyTruncated: false });
    expect(line).toContain('-H "Authorization: $RULEPROBE_AUTHORIZATION"');
    expect(line).not.toContain(TOKEN);
  });
});

describe('bearer credentials in a target config', () => {
  const SET = loadSpec('  scheme: bearer', ['missing']);
  const config = (credentials: string) =>
    `specs:\n  example-queue/put-message:\n    baseUrl: http://127.0.0.1:1\n    entities: { standard-queue: http://127.0.0.1:1/q }\n    credentials: ${credentials}\n`;
  const problems = (text: string, env: Record<string, string>): string[] => {
    try {
      loadTargetText(text, 'target.yaml', env, [SET]);
    } catch (err) {
      expect(err).toBeInstanceOf(SpecLoadError);
      return (err as SpecLoadError).problems.map(formatProblem);
    }
    throw new Error('loaded');
  };

  it('reads the token from the environment', () => {
    const c = loadTargetText(config('{ scheme: bearer, token: { env: API_TOKEN } }'), 'target.yaml', { API_TOKEN: TOKEN }, [SET]);
    expect(c.specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'bearer', token: TOKEN });
  });

  it('names the variable that is not set, and where', () => {
    expect(problems(config('{ scheme: bearer, token: { env: API_TOKEN } }'), {})).toEqual([
      'target.yaml:5:50 /specs/example-queue~1put-message/credentials/token/env: environment variable API_TOKEN is not set',
    ]);
  });

  it('refuses an inline token and an unknown key', () => {
    expect(problems(config('{ scheme: bearer, token: abc, user: me }'), {})).toEqual([
      'target.yaml:5:43 /specs/example-queue~1put-message/credentials/token: must name an environment variable (a string was given; it is not shown): secrets are read from the environment: write { env: NAME } and export NAME',
      'target.yaml:5:48 /specs/example-queue~1put-message/credentials/user: unknown key "user"',
    ]);
  });
});

describe('bearer against a target that echoes every header back', () => {
  let target: EchoTarget;
  beforeAll(async () => {
    target = await echoTarget(['authorization']);
  });
  afterAll(() => target.close());

  it('the token reaches the target, but no verdict record, response echo or curl line', async () => {
    const set = loadSpec('  scheme: bearer', ['missing', 'empty', 'wrong-scheme', 'malformed', 'wrong-key']);
    const records = await runAll(set, target, { scheme: 'bearer', token: TOKEN });
    // The target accepts everything, so every rejection rule fails and records its exchange.
    const failed = records.filter((r) => r.failure);
    expect(failed.map((r) => r.ruleId.replace('example-queue/put-message/', '')).sort()).toEqual(
      ['auth-empty', 'auth-malformed', 'auth-missing', 'auth-wrong-key', 'auth-wrong-scheme', 'body-charset', 'body-required', 'body-size', 'content-type-value', 'priority-range', 'priority-type', 'response-body', 'response-message-id'].sort(),
    );
    expect(target.received.some((h) => h['authorization'] === `Bearer ${TOKEN}`)).toBe(true);
    const json = JSON.stringify(records);
    for (const secret of [TOKEN, WRONG, 'mF_9.B5f', '-4.1JqM']) expect(json).not.toContain(secret);
    const valid = failed.find((r) => r.ruleId.endsWith('/body-required'))!.failure!;
    expect(valid.request.headers).toContainEqual(['Authorization', 'Bearer [redacted]']);
    expect(valid.response!.headers['x-echo']).toBe('Bearer [redacted]');
    expect(valid.response!.body).toContain('authorization: Bearer [redacted]\n');
    for (const r of failed) expect(curlFor(r.failure!.request)).not.toMatch(/mF_9|nG_0/);
  });
});
