import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthVariant } from '../../../src/model/request.js';
import type { WrapCredentials } from '../../../src/sign/schemes/wrap/index.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import type { SignContext } from '../../../src/sign/scheme.js';
import { WRAP_MALFORMED_FORMS, sign } from '../../../src/sign/schemes/wrap/index.js';
import { otherNamespace } from '../../../src/sign/schemes/wrap/index.js';
import { header, headerValues, request } from '../helpers.js';
import { SpecLoadError, formatProblem } from '../../../src/config/errors.js';
import { AUTH_CATALOG, wrongVariants } from '../../../src/sign/catalog.js';
import { loadTargetText } from '../../../src/target/config.js';
import { loadSpec, receivedValues, redactedRun, targetText } from './echo-target.js';

// The SB-ACS example's issuer password and expiry (ExpiresOn 1404435127 = now + 1 hour).
const ISSUER = 'https://contoso-sb.accesscontrol.windows.net/';
const ISSUER_KEY = 'r8LuxCKD6DWY8auQcFql4M7euH2UuhcLcV1TaJTqNNE=';
const AUDIENCE = 'http://contoso.servicebus.windows.net/';
const NOW = new Date((1404435127 - 3600) * 1000);
const CREDENTIALS: WrapCredentials = { scheme: 'wrap', issuer: ISSUER, issuerKey: ISSUER_KEY };

/** The SB-ACS example token after one URL-decode, with this namespace: claims in that order, HMAC last. */
const UNSIGNED =
  'net.windows.servicebus.action=Listen%2cManage%2cSend' +
  '&http%3a%2f%2fschemas.microsoft.com%2faccesscontrolservice%2f2010%2f07%2fclaims%2fidentityprovider=https%3a%2f%2fcontoso-sb.accesscontrol.windows.net%2f' +
  '&Audience=http%3a%2f%2fcontoso.servicebus.windows.net%2f' +
  '&ExpiresOn=1404435127' +
  '&Issuer=https%3a%2f%2fcontoso-sb.accesscontrol.windows.net%2f';
/** HMAC-SHA256 keyed with base64-decoded ISSUER_KEY over UNSIGNED, computed outside this code base. */
const MAC = 'SXS3G3lpUDjphn+h1g+BAfrRr9jKjj28YiQAE4OxUHo=';
const SWT = `${UNSIGNED}&HMACSHA256=SXS3G3lpUDjphn%2bh1g%2bBAfrRr9jKjj28YiQAE4OxUHo%3d`;

function ctx(extra: Partial<SignContext> = {}): SignContext {
  return { credentials: CREDENTIALS, now: NOW, resource: AUDIENCE, ...extra };
}

async function authorization(variant: AuthVariant, extra: Partial<SignContext> = {}): Promise<string> {
  return header(await sign(request(), variant, ctx(extra)), 'Authorization');
}

function swtOf(value: string): string {
  const m = /^WRAP access_token="([^"]*)"$/.exec(value);
  if (!m) throw new Error(`not a WRAP header: ${value}`);
  return m[1]!;
}

/** Claims of a SWT, decoded, in order. */
function claims(swt: string): Array<[string, string]> {
  return swt.split('&').map((pair): [string, string] => {
    const [name = '', value = ''] = pair.split('=');
    return [decodeURIComponent(name), decodeURIComponent(value)];
  });
}

/** Recomputes the HMAC over everything before `&HMACSHA256=`, keyed with the decoded key. */
function verifies(swt: string, key = ISSUER_KEY): boolean {
  const at = swt.lastIndexOf('&HMACSHA256=');
  const mac = createHmac('sha256', Buffer.from(key, 'base64')).update(swt.slice(0, at)).digest('base64');
  return decodeURIComponent(swt.slice(at + '&HMACSHA256='.length)) === mac;
}

describe('WRAP valid token', () => {
  it('is WRAP access_token="<SWT>" with the SB-ACS claims in order and HMACSHA256 last', async () => {
    const value = await authorization('valid');
    expect(value).toBe(`WRAP access_token="${SWT}"`);
    expect(claims(swtOf(value)).map(([name]) => name)).toEqual([
      'net.windows.servicebus.action',
      'http://schemas.microsoft.com/accesscontrolservice/2010/07/claims/identityprovider',
      'Audience',
      'ExpiresOn',
      'Issuer',
      'HMACSHA256',
    ]);
    expect(claims(swtOf(value))[5]).toEqual(['HMACSHA256', MAC]);
  });

  it('keys the HMAC with the base64-decoded issuer key, not with the key string (unlike SAS)', async () => {
    const swt = swtOf(await authorization('valid'));
    expect(verifies(swt)).toBe(true);
    const withKeyString = createHmac('sha256', Buffer.from(ISSUER_KEY, 'utf8')).update(UNSIGNED).digest('base64');
    expect(withKeyString).not.toBe(MAC);
  });

  it('takes actions and identity provider from the credentials when given', async () => {
    const swt = swtOf(await authorization('valid', { credentials: { ...CREDENTIALS, actions: ['Send'], identityProvider: 'urn:idp' } }));
    expect(claims(swt).slice(0, 2)).toEqual([
      ['net.windows.servicebus.action', 'Send'],
      ['http://schemas.microsoft.com/accesscontrolservice/2010/07/claims/identityprovider', 'urn:idp'],
    ]);
    expect(verifies(swt)).toBe(true);
  });

  it('refuses an issuer key that is not base64, without echoing it', async () => {
    const key = 'not base64 at all!';
    const error = await sign(request(), 'valid', ctx({ credentials: { ...CREDENTIALS, issuerKey: key } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCredentials);
    expect((error as Error).message).not.toContain(key);
  });
});

describe('WRAP wrong variants differ from valid in exactly the intended way', () => {
  const validClaims = claims(SWT);
  const except = (list: Array<[string, string]>, name: string) => list.filter(([n]) => n !== name && n !== 'HMACSHA256');

  it('missing: no Authorization header', async () => {
    expect(headerValues(await sign(request({ headers: [['Authorization', 'x']] }), 'missing', ctx()), 'Authorization')).toEqual([]);
  });

  it('empty: one Authorization header with an empty value', async () => {
    expect(headerValues(await sign(request(), 'empty', ctx()), 'Authorization')).toEqual(['']);
  });

  it('expired: ExpiresOn one hour before now, correctly signed, other claims unchanged', async () => {
    const swt = swtOf(await authorization('expired'));
    expect(Object.fromEntries(claims(swt)).ExpiresOn).toBe(String(1404435127 - 7200));
    expect(except(claims(swt), 'ExpiresOn')).toEqual(except(validClaims, 'ExpiresOn'));
    expect(verifies(swt)).toBe(true);
  });

  it('wrong-resource: Audience of another namespace, correctly signed, other claims unchanged', async () => {
    const swt = swtOf(await authorization('wrong-resource'));
    expect(Object.fromEntries(claims(swt)).Audience).toBe('http://ruleprobe-other-contoso-servicebus-windows-net.invalid/');
    expect(except(claims(swt), 'Audience')).toEqual(except(validClaims, 'Audience'));
    expect(verifies(swt)).toBe(true);
  });

  it('wrong-key: the same claims, an HMAC that does not verify with the issuer key', async () => {
    const swt = swtOf(await authorization('wrong-key'));
    expect(swt.slice(0, UNSIGNED.length + 1)).toBe(`${UNSIGNED}&`);
    expect(swt).not.toBe(SWT);
    expect(verifies(swt)).toBe(false);
  });

  it('wrong-scheme: the valid token under Bearer', async () => {
    expect(await authorization('wrong-scheme')).toBe(`Bearer access_token="${SWT}"`);
  });

  it('malformed: the four forms of the spec, one per pick, in a fixed order', async () => {
    const forms = await Promise.all(WRAP_MALFORMED_FORMS.map((_, pick) => authorization('malformed', { pick })));
    expect(forms).toEqual([
      `WRAP "${SWT}"`,
      `WRAP access_token=${SWT}`,
      `WRAP access_token="${SWT}`,
      `WRAP access_token="${Buffer.from(SWT).toString('base64url')}"`,
    ]);
    expect(await authorization('malformed', { pick: 4 })).toBe(forms[0]);
  });

  // Regression: the seed prints WRAP access_token=”{swt}” itself, so that form is no violation.
  it('sends no malformed form between the seed\'s typographic quotes (U+201D, or its UTF-8 bytes)', async () => {
    const forms = await Promise.all(WRAP_MALFORMED_FORMS.map((_, pick) => authorization('malformed', { pick })));
    expect(forms.filter((f) => f.includes('\u201d') || f.includes('\u00e2\u0080\u009d'))).toEqual([]);
  });

  it('opaque-swt holds no form-encoded claims', async () => {
    const value = await authorization('malformed', { pick: WRAP_MALFORMED_FORMS.indexOf('opaque-swt') });
    expect(swtOf(value)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('WRAP with a static token', () => {
  const token = 'Audience=x&ExpiresOn=1700000000&HMACSHA256=aB9%2b';
  const staticCtx = (): SignContext => ctx({ credentials: { scheme: 'wrap', token } });

  it.each([
    ['valid', `WRAP access_token="${token}"`],
    ['wrong-scheme', `Bearer access_token="${token}"`],
    ['malformed', `WRAP "${token}"`],
    ['empty', ''],
    // The claims as configured, the signature certainly not the issuer's: every letter and digit shifted.
    ['wrong-key', 'WRAP access_token="Audience=x&ExpiresOn=1700000000&HMACSHA256=bC0%2B"'],
  ] as const)('%s → %s', async (variant, expected) => {
    expect(header(await sign(request(), variant, staticCtx()), 'Authorization')).toBe(expected);
  });

  it.each(['expired', 'wrong-resource'] as const)('%s throws UnsupportedAuthVariant: changing a static token\'s claims would break its signature too', async (variant) => {
    const error = await sign(request(), variant, staticCtx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedAuthVariant);
    expect(error).toMatchObject({ scheme: 'wrap', variant });
    expect((error as UnsupportedAuthVariant).reason).toMatch(/static/);
  });
});

describe('WRAP refusals', () => {
  it.each(['missing-field', 'unknown-key-id', 'bad-signature', 'clock-skew'] as const)('%s throws UnsupportedAuthVariant', async (variant) => {
    await expect(sign(request(), variant, ctx())).rejects.toBeInstanceOf(UnsupportedAuthVariant);
  });

  it('rejects credentials of another scheme as a harness error', async () => {
    await expect(sign(request(), 'valid', ctx({ credentials: { scheme: 'sas', keyName: 'k', key: 'v' } }))).rejects.toBeInstanceOf(InvalidCredentials);
  });
});

describe('otherNamespace', () => {
  it('changes IPv4 and IPv6 hosts too (a regression: URL ignored the renamed IPv4 host)', () => {
    expect(otherNamespace('http://127.0.0.1:8080/')).toBe('http://ruleprobe-other-127-0-0-1.invalid:8080/');
    expect(otherNamespace('http://[::1]:8080/')).toBe('http://ruleprobe-other----1-.invalid:8080/');
    expect(otherNamespace('http://ns.servicebus.windows.net/')).not.toBe('http://ns.servicebus.windows.net/');
  });
});

describe('WRAP credentials in a target config', () => {
  const set = loadSpec('  scheme: wrap', ['missing']);
  const load = (credentials: string, env: Record<string, string>) => loadTargetText(targetText(credentials), 't.yaml', env, [set]);
  const problems = (credentials: string, env: Record<string, string>): string[] => {
    try {
      load(credentials, env);
    } catch (err) {
      expect(err).toBeInstanceOf(SpecLoadError);
      return (err as SpecLoadError).problems.map(formatProblem);
    }
    throw new Error('loaded');
  };

  it('reads the issuer key or a token from the environment', () => {
    expect(load('{ scheme: wrap, issuer: owner, issuerKey: { env: SB_KEY } }', { SB_KEY: ISSUER_KEY }).specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'wrap', issuer: 'owner', issuerKey: ISSUER_KEY });
    expect(load('{ scheme: wrap, token: { env: SB_TOKEN } }', { SB_TOKEN: SWT }).specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'wrap', token: SWT });
  });

  it('names the variable that is not set, and asks for exactly one of the two forms', () => {
    expect(problems('{ scheme: wrap, issuer: owner, issuerKey: { env: SB_KEY } }', {})).toEqual([
      't.yaml:5:67 /specs/example-queue~1put-message/credentials/issuerKey/env: environment variable SB_KEY is not set',
    ]);
    const both = 'wrap credentials take one of: issuer and issuerKey; or token — these give issuer and issuerKey and also token; keep one';
    expect(problems('{ scheme: wrap, issuer: owner, issuerKey: { env: A }, token: { env: B } }', {})).toEqual([`t.yaml:5:18 /specs/example-queue~1put-message/credentials: ${both}`]);
    expect(problems('{ scheme: wrap, issuer: owner }', {})).toEqual(['t.yaml:5:18 /specs/example-queue~1put-message/credentials: wrap credentials need one of: issuer and issuerKey; or token (only issuer given)']);
  });
});

describe('WRAP against a target that echoes every header back', () => {
  it('neither the issuer key nor any SWT reaches a verdict record, response echo or curl line', async () => {
    const run = await redactedRun('  scheme: wrap', wrongVariants(AUTH_CATALOG.wrap), { scheme: 'wrap', issuer: ISSUER, issuerKey: ISSUER_KEY }, ['authorization']);
    const swts = receivedValues(run.received, 'authorization').flatMap((v) => [...v.matchAll(/HMACSHA256=([^"\u00e2]+)/g)].map((m) => m[1]!));
    expect(swts.length).toBeGreaterThan(8);
    for (const secret of [ISSUER_KEY, ...swts, ...swts.map(decodeURIComponent)]) {
      expect(run.json).not.toContain(secret);
      expect(run.curl).not.toContain(secret);
    }
    const valid = run.failed.find((r) => r.ruleId.endsWith('/body-required'))!.failure!;
    expect(valid.request.headers).toContainEqual(['Authorization', 'WRAP access_token="[redacted]"']);
    expect(valid.response!.headers['x-echo']).toBe('WRAP access_token="[redacted]"');
    expect(run.curl).toContain('-H "Authorization: $RULEPROBE_AUTHORIZATION"');
  });
});

describe('WRAP with a static token', () => {
  it('a variant the scheme has but the token cannot make loads, and runs as a SKIP with the reason', async () => {
    const run = await redactedRun('  scheme: wrap', ['expired', 'malformed'], { scheme: 'wrap', token: SWT }, ['authorization']);
    const expired = run.records.find((r) => r.ruleId.endsWith('/auth-expired'))!;
    expect([expired.verdict, expired.reason]).toEqual([
      'SKIP',
      "wrap cannot sign the 'expired' variant: the configured token is static: changing its expiry or audience would also break its signature, so the request could not tell that rule apart from a wrong key; configure issuer and issuerKey so the harness mints SWTs",
    ]);
    expect(run.records.find((r) => r.ruleId.endsWith('/auth-malformed'))!.verdict).toBe('FAIL');
    expect(receivedValues(run.received, 'authorization')).toContain(`WRAP access_token="${SWT}"`);
    expect(run.json).not.toContain(MAC);
    expect(run.json).not.toContain('HMACSHA256');
  });
});
