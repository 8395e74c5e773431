import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthStyle, AuthVariant } from '../../../src/model/request.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import { SAS_FIELDS, SAS_MALFORMED_FORMS, sign } from '../../../src/sign/schemes/sas/index.js';
import type { SignContext } from '../../../src/sign/scheme.js';
import { header, headerValues, request, snapshot } from '../helpers.js';
import { SpecLoadError, formatProblem } from '../../../src/config/errors.js';
import { AUTH_CATALOG, wrongVariants } from '../../../src/sign/catalog.js';
import { loadTargetText } from '../../../src/target/config.js';
import { loadSpec, receivedValues, redactedRun, targetText } from './echo-target.js';

// PROTOCOL-FACTS §4 worked example; its sig was recomputed outside this code base.
const RESOURCE = 'http://contoso.servicebus.windows.net/myhub';
const KEY = 'abc123keyvalue=';
const KEY_NAME = 'DefaultFullSharedAccessSignature';
const SE = 1700000000;
const EXAMPLE_SIG = '55hOtI7X7KiXNybus9yc7/F/jzU9OM/RzF8Ug4gHP8s=';
const EXAMPLE_HEADER =
  'SharedAccessSignature sr=http%3a%2f%2fcontoso.servicebus.windows.net%2fmyhub&sig=55hOtI7X7KiXNybus9yc7%2FF%2FjzU9OM%2FRzF8Ug4gHP8s%3D&se=1700000000&skn=DefaultFullSharedAccessSignature';

/** se defaults to now + 1 hour, so this clock reproduces the worked example's se. */
const NOW = new Date((SE - 3600) * 1000);

function ctx(extra: Partial<SignContext> = {}): SignContext {
  return { credentials: { scheme: 'sas', keyName: KEY_NAME, key: KEY }, now: NOW, resource: RESOURCE, ...extra };
}

async function authorization(variant: AuthVariant, extra: Partial<SignContext> = {}): Promise<string> {
  return header(await sign(request(), variant, ctx(extra)), 'Authorization');
}

/** `SharedAccessSignature a=1&b=2` → { scheme, fields in order }. */
function parse(value: string): { scheme: string; fields: Array<[string, string]> } {
  const space = value.indexOf(' ');
  const fields = value
    .slice(space + 1)
    .split('&')
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  return { scheme: value.slice(0, space), fields };
}

function field(value: string, name: string): string {
  const found = parse(value).fields.find(([n]) => n === name);
  if (!found) throw new Error(`no ${name} in ${value}`);
  return found[1];
}

/** Recomputes sig for a header's own sr and se, independently of the signer. */
function verifies(value: string, key = KEY): boolean {
  const expected = createHmac('sha256', Buffer.from(key, 'utf8')).update(`${field(value, 'sr')}\n${field(value, 'se')}`).digest('base64');
  return decodeURIComponent(field(value, 'sig')) === expected;
}

describe('SAS valid token', () => {
  it('matches the PROTOCOL-FACTS §4 worked example exactly', async () => {
    const value = await authorization('valid');
    expect(value).toBe(EXAMPLE_HEADER);
    expect(decodeURIComponent(field(value, 'sig'))).toBe(EXAMPLE_SIG);
    expect(verifies(value)).toBe(true);
  });

  it('defaults to lower-case sr hex and sr-first, the same as asking for them', async () => {
    const style: AuthStyle = { choices: { 'sr-hex': 'lower', 'field-order': 'sr-first' } };
    expect(await authorization('valid', { style })).toBe(EXAMPLE_HEADER);
  });

  it('signs the upper-case spelling of sr when srHex is upper (sr is exactly the string signed)', async () => {
    const value = await authorization('valid', { style: { choices: { 'sr-hex': 'upper' } } });
    // Independently computed: HMAC-SHA256("abc123keyvalue=", "http%3A%2F%2Fcontoso.servicebus.windows.net%2Fmyhub\n1700000000").
    expect(value).toBe(
      'SharedAccessSignature sr=http%3A%2F%2Fcontoso.servicebus.windows.net%2Fmyhub&sig=50AZsIpENuDprBZWK8P2t5yr9D%2BQmuZ%2B3qFJSSNXyUA%3D&se=1700000000&skn=DefaultFullSharedAccessSignature',
    );
    expect(verifies(value)).toBe(true);
  });

  it('writes NH-CC order sig, se, skn, sr when fieldOrder is sig-first, with the same values', async () => {
    expect(await authorization('valid', { style: { choices: { 'field-order': 'sig-first' } } })).toBe(
      'SharedAccessSignature sig=55hOtI7X7KiXNybus9yc7%2FF%2FjzU9OM%2FRzF8Ug4gHP8s%3D&se=1700000000&skn=DefaultFullSharedAccessSignature&sr=http%3a%2f%2fcontoso.servicebus.windows.net%2fmyhub',
    );
  });

  it('changes only escape hex case, never the resource characters themselves', async () => {
    const value = await authorization('valid', { resource: 'http://contoso.servicebus.windows.net/MyHub' });
    expect(field(value, 'sr')).toBe('http%3a%2f%2fcontoso.servicebus.windows.net%2fMyHub');
    expect(verifies(value)).toBe(true);
  });

  it('replaces an Authorization the request already had and keeps the other headers and body', async () => {
    const input = request({ headers: [['authorization', 'stale'], ['Content-Type', 'application/json']] });
    const before = snapshot(input);
    const signed = await sign(input, 'valid', ctx());
    expect(snapshot(input)).toEqual(before);
    expect(signed.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Authorization', EXAMPLE_HEADER],
    ]);
    expect([...signed.body]).toEqual(before.body);
    // The body bytes are shared, not copied: wire bodies are never written to once encoded.
    expect(signed.body).toBe(input.body);
  });
});

describe('SAS wrong variants differ from valid in exactly the intended way', () => {
  it('missing: no Authorization header at all, everything else kept', async () => {
    const signed = await sign(request({ headers: [['Authorization', 'x'], ['A', 'b']] }), 'missing', ctx());
    expect(signed.headers).toEqual([['A', 'b']]);
  });

  it('empty: one Authorization header with an empty value', async () => {
    expect(headerValues(await sign(request(), 'empty', ctx()), 'Authorization')).toEqual(['']);
  });

  it('expired: se one hour before now, still correctly signed, sr and skn unchanged', async () => {
    const value = await authorization('expired');
    expect(Number(field(value, 'se'))).toBe(SE - 7200);
    expect(Number(field(value, 'se'))).toBeLessThan(NOW.getTime() / 1000);
    expect(field(value, 'sr')).toBe(field(EXAMPLE_HEADER, 'sr'));
    expect(field(value, 'skn')).toBe(KEY_NAME);
    expect(verifies(value)).toBe(true);
  });

  it('wrong-key: same sr, se and skn; a sig that does not verify with the rule key', async () => {
    const value = await authorization('wrong-key');
    expect(value.replace(/&sig=[^&]*/, '')).toBe(EXAMPLE_HEADER.replace(/&sig=[^&]*/, ''));
    expect(field(value, 'sig')).not.toBe(field(EXAMPLE_HEADER, 'sig'));
    expect(verifies(value)).toBe(false);
  });

  it('wrong-resource: sr names a sibling entity and the sig verifies for that sr', async () => {
    const value = await authorization('wrong-resource');
    expect(decodeURIComponent(field(value, 'sr'))).toBe('http://contoso.servicebus.windows.net/myhub-ruleprobe-other');
    expect(field(value, 'se')).toBe(String(SE));
    expect(verifies(value)).toBe(true);
  });

  it('wrong-resource under a namespace-wide resource names one entity, which the namespace token would not be', async () => {
    const value = await authorization('wrong-resource', { resource: 'http://contoso.servicebus.windows.net/' });
    expect(decodeURIComponent(field(value, 'sr'))).toBe('http://contoso.servicebus.windows.net/ruleprobe-other-entity');
    expect(verifies(value)).toBe(true);
  });

  it('unknown-key-id: only skn differs, naming a rule no entity has', async () => {
    const value = await authorization('unknown-key-id');
    expect(value).toBe(EXAMPLE_HEADER.replace(`skn=${KEY_NAME}`, `skn=${KEY_NAME}-ruleprobe-unknown`));
  });

  it('wrong-scheme: the valid fields under Bearer', async () => {
    expect(await authorization('wrong-scheme')).toBe(EXAMPLE_HEADER.replace('SharedAccessSignature ', 'Bearer '));
  });

  it.each(SAS_FIELDS.map((name, pick) => [name, pick] as const))('missing-field pick %#: lacks exactly %s', async (name, pick) => {
    const value = await authorization('missing-field', { pick });
    const valid = parse(EXAMPLE_HEADER);
    expect(parse(value)).toEqual({ scheme: valid.scheme, fields: valid.fields.filter(([n]) => n !== name) });
  });

  it('missing-field picks cycle: pick 4 is pick 0 and pick -1 is the last field', async () => {
    expect(await authorization('missing-field', { pick: 4 })).toBe(await authorization('missing-field', { pick: 0 }));
    expect(await authorization('missing-field', { pick: -1 })).not.toContain('skn=');
    await expect(sign(request(), 'missing-field', ctx({ pick: 1.5 }))).rejects.toThrow(RangeError);
  });

  it('malformed: one fixed form per pick', async () => {
    const forms = await Promise.all(SAS_MALFORMED_FORMS.map((_, pick) => authorization('malformed', { pick })));
    const sr = 'http%3a%2f%2fcontoso.servicebus.windows.net%2fmyhub';
    const sig = '55hOtI7X7KiXNybus9yc7%2FF%2FjzU9OM%2FRzF8Ug4gHP8s%3D';
    const fields = `sr=${sr}&sig=${sig}&se=1700000000&skn=${KEY_NAME}`;
    expect(forms).toEqual([
      `SharedAccessSignature ${sr}&${sig}&1700000000&${KEY_NAME}`,
      fields,
      `SharedAccessKey ${fields}`,
      `SharedAccessSignature sr=${sr}, sig=${sig}, se=1700000000, skn=${KEY_NAME}`,
    ]);
  });
});

describe('SAS refusals', () => {
  it.each(['bad-signature', 'clock-skew'] as const)('%s throws UnsupportedAuthVariant with a reason', async (variant) => {
    const error = await sign(request(), variant, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedAuthVariant);
    expect(error).toMatchObject({ code: 'AUTH_VARIANT_UNSUPPORTED', scheme: 'sas', variant });
    expect((error as UnsupportedAuthVariant).reason).toMatch(/SAS/);
  });

  it('rejects credentials of another scheme as a harness error', async () => {
    const error = await sign(request(), 'valid', { ...ctx(), credentials: { scheme: 'wrap', token: 't' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCredentials);
    expect(error).toMatchObject({ code: 'CREDENTIALS_INVALID', scheme: 'sas' });
  });
});

describe('SAS credentials in a target config', () => {
  const set = loadSpec('  scheme: sas', ['missing']);
  const credentials = '{ scheme: sas, keyName: RootManageSharedAccessKey, key: { env: NH_SAS_KEY } }';

  it('reads the key from the environment and names a variable that is not set', () => {
    expect(loadTargetText(targetText(credentials), 't.yaml', { NH_SAS_KEY: KEY }, [set]).specs['example-queue/put-message']!.credentials).toEqual({ scheme: 'sas', keyName: 'RootManageSharedAccessKey', key: KEY });
    const error = (() => {
      try {
        loadTargetText(targetText(credentials), 't.yaml', {}, [set]);
      } catch (err) {
        return err as SpecLoadError;
      }
    })();
    expect(error).toBeInstanceOf(SpecLoadError);
    expect(error!.problems.map(formatProblem)).toEqual(['t.yaml:5:81 /specs/example-queue~1put-message/credentials/key/env: environment variable NH_SAS_KEY is not set']);
  });
});

describe('SAS against a target that echoes every header back', () => {
  it('neither the key nor any sig reaches a verdict record, response echo or curl line', async () => {
    const run = await redactedRun('  scheme: sas', wrongVariants(AUTH_CATALOG.sas), { scheme: 'sas', keyName: 'RootManageSharedAccessKey', key: KEY }, ['authorization']);
    const sigs = receivedValues(run.received, 'authorization').flatMap((v) => [...v.matchAll(/sig=([^&,\s]+)/g)].map((m) => m[1]!));
    expect(sigs.length).toBeGreaterThan(8);
    for (const secret of [KEY, ...sigs, ...sigs.map(decodeURIComponent)]) {
      expect(run.json).not.toContain(secret);
      expect(run.curl).not.toContain(secret);
    }
    const valid = run.failed.find((r) => r.ruleId.endsWith('/body-required'))!.failure!;
    expect(valid.request.headers.find(([n]) => n === 'Authorization')![1]).toMatch(/^SharedAccessSignature sr=http%3a%2f%2f127\.0\.0\.1%3a\d+%2fhttp%3a%2f%2f127\.0\.0\.1%3a\d+%2fq&sig=\[redacted\]&se=\d+&skn=RootManageSharedAccessKey$/);
    expect(valid.response!.headers['x-echo']).toContain('sig=[redacted]');
    expect(run.curl).toContain('-H "Authorization: $RULEPROBE_AUTHORIZATION"');
  });
});
