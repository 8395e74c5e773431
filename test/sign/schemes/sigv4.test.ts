import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthVariant, WireRequest } from '../../../src/model/request.js';
import type { SigV4Credentials } from '../../../src/sign/schemes/sigv4/index.js';
import { InvalidCredentials, UnsupportedAuthVariant } from '../../../src/sign/errors.js';
import type { SignContext } from '../../../src/sign/scheme.js';
import { payloadHash, SIGV4_MALFORMED_FORMS, UNKNOWN_KEY_ID, sign } from '../../../src/sign/schemes/sigv4/index.js';
import { header, headerValues, snapshot } from '../helpers.js';

import { AUTH_CATALOG, wrongVariants } from '../../../src/sign/catalog.js';
import { loadTargetText } from '../../../src/target/config.js';
import { loadSpec, receivedValues, redactedRun, targetText } from './echo-target.js';

// AWS Signature Version 4 test suite credentials and clock.
const AWS_SUITE: SigV4Credentials = {
  scheme: 'sigv4',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
};
const SUITE_NOW = new Date('2015-08-30T12:36:00Z');

function ctx(extra: Partial<SignContext> = {}): SignContext {
  return { credentials: AWS_SUITE, now: SUITE_NOW, resource: '', ...extra };
}

/** A Yandex Message Queue SendMessage as the encoder produces it (PROTOCOL-FACTS §2.2). */
function ymq(body = 'Action=SendMessage&MessageBody=Hello+world&QueueUrl=https%3A%2F%2Fmessage-queue.api.cloud.yandex.net%2Fb1g%2Fdj6%2Fq&Version=2012-11-05'): WireRequest {
  return {
    method: 'POST',
    url: 'https://message-queue.api.cloud.yandex.net/',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: new TextEncoder().encode(body),
  };
}
const YMQ: SigV4Credentials = { scheme: 'sigv4', accessKeyId: 'YCAJEexampleKeyId', secretAccessKey: 'YCexampleSecret/+=', region: 'ru-central1', service: 'sqs' };

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const mac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * SigV4 recomputed from the signed request alone (POST / without query), independently of
 * @smithy: canonical request over the headers named in SignedHeaders and the raw body bytes.
 */
function expectedSignature(signed: WireRequest, secret: string, region: string, service: string): string {
  const auth = header(signed, 'Authorization');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!;
  const amzDate = header(signed, 'X-Amz-Date');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${header(signed, name).trim()}\n`)
    .join('');
  const canonical = [signed.method, new URL(signed.url).pathname, '', canonicalHeaders, signedHeaders, hex(signed.body)].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n');
  let key: Buffer = mac(`AWS4${secret}`, amzDate.slice(0, 8));
  for (const part of [region, service, 'aws4_request']) key = mac(key, part);
  return mac(key, toSign).toString('hex');
}

function signatureOf(req: WireRequest): string {
  return /Signature=([0-9a-f]+)$/.exec(header(req, 'Authorization'))![1]!;
}

describe('SigV4 against the AWS test suite', () => {
  it('get-vanilla: GET / on example.amazonaws.com', async () => {
    const signed = await sign({ method: 'GET', url: 'https://example.amazonaws.com/', headers: [], body: new Uint8Array() }, 'valid', ctx());
    expect(signed.headers).toEqual([
      ['Host', 'example.amazonaws.com'],
      ['X-Amz-Date', '20150830T123600Z'],
      [
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      ],
    ]);
  });

  it('post-x-www-form-urlencoded: a form body, as Yandex Message Queue sends', async () => {
    const signed = await sign(
      { method: 'POST', url: 'https://example.amazonaws.com/', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: new TextEncoder().encode('Param1=value1') },
      'valid',
      ctx(),
    );
    expect(header(signed, 'Authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    );
  });
});

describe('SigV4 valid signature', () => {
  const yctx = (extra: Partial<SignContext> = {}) => ctx({ credentials: YMQ, now: new Date('2024-03-01T10:00:00Z'), ...extra });

  it('hashes a body once: the cached payload hash equals a fresh SHA-256, and a re-signed body signs as a fresh one', async () => {
    const big = ymq(`Action=SendMessage&MessageBody=${'%C3%A9'.repeat(90_000)}&Version=2012-11-05`);
    expect(payloadHash(big.body)).toBe(hex(big.body));
    expect(payloadHash(big.body)).toBe(hex(big.body));
    const first = await sign(big, 'valid', yctx());
    const again = await sign(big, 'valid', yctx({ now: new Date('2024-03-02T11:00:00Z') }));
    const copy = await sign({ ...big, body: new Uint8Array(big.body) }, 'valid', yctx({ now: new Date('2024-03-02T11:00:00Z') }));
    expect(signatureOf(first)).toBe(expectedSignature(first, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
    expect(signatureOf(again)).toBe(expectedSignature(again, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
    expect(header(copy, 'Authorization')).toBe(header(again, 'Authorization'));
    // The hash travels to the signer only: it is neither signed nor sent.
    expect(headerValues(again, 'x-amz-content-sha256')).toEqual([]);
    // Another body of the same length is hashed for itself.
    const other = ymq(`Action=SendMessage&MessageBody=${'%C3%A8'.repeat(90_000)}&Version=2012-11-05`);
    const signedOther = await sign(other, 'valid', yctx());
    expect(signatureOf(signedOther)).toBe(expectedSignature(signedOther, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
    expect(signatureOf(signedOther)).not.toBe(signatureOf(first));
  });

  it('matches an independent recomputation for a YMQ SendMessage', async () => {
    const signed = await sign(ymq(), 'valid', yctx());
    expect(header(signed, 'Authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=YCAJEexampleKeyId\/20240301\/ru-central1\/sqs\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(signatureOf(signed)).toBe(expectedSignature(signed, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
  });

  it('signs the exact body bytes, invalid UTF-8 included', async () => {
    const req = { ...ymq(), body: Uint8Array.from([0x41, 0x3d, 0xff, 0xfe, 0x80]) };
    const signed = await sign(req, 'valid', yctx());
    expect([...signed.body]).toEqual([0x41, 0x3d, 0xff, 0xfe, 0x80]);
    expect(signatureOf(signed)).toBe(expectedSignature(signed, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
  });

  it('signs a Host header the request already has (with its port) instead of adding one', async () => {
    const req = { ...ymq(), url: 'http://localhost:8771/', headers: [['Host', 'localhost:8771'], ['Content-Type', 'application/x-www-form-urlencoded']] as Array<[string, string]> };
    const signed = await sign(req, 'valid', yctx());
    expect(headerValues(signed, 'Host')).toEqual(['localhost:8771']);
    expect(signatureOf(signed)).toBe(expectedSignature(signed, YMQ.secretAccessKey, 'ru-central1', 'sqs'));
  });

  it('replaces signing headers the request already carried and leaves the input untouched', async () => {
    const req: WireRequest = { ...ymq(), headers: [['Authorization', 'old'], ['x-amz-date', '19990101T000000Z'], ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'], ['Content-Type', 'application/x-www-form-urlencoded']] };
    const before = snapshot(req);
    const signed = await sign(req, 'valid', yctx());
    expect(snapshot(req)).toEqual(before);
    expect(signed.headers.map(([name]) => name)).toEqual(['Host', 'Content-Type', 'X-Amz-Date', 'Authorization']);
    expect(header(signed, 'X-Amz-Date')).toBe('20240301T100000Z');
  });
});

describe('SigV4 wrong variants differ from valid in exactly the intended way', () => {
  const base = { method: 'GET', url: 'https://example.amazonaws.com/', headers: [] as Array<[string, string]>, body: new Uint8Array() };
  const valid = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
  const run = async (variant: AuthVariant, extra: Partial<SignContext> = {}) => sign(base, variant, ctx(extra));

  it('missing: no Authorization and no x-amz-* signing headers, nothing added', async () => {
    const req: WireRequest = { ...base, headers: [['Authorization', 'x'], ['X-Amz-Date', 'y'], ['x-amz-security-token', 'z'], ['Accept', '*/*']] };
    expect((await sign(req, 'missing', ctx())).headers).toEqual([['Accept', '*/*']]);
  });

  it('empty: Authorization present and empty, X-Amz-Date still sent', async () => {
    const signed = await run('empty');
    expect(headerValues(signed, 'Authorization')).toEqual(['']);
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T123600Z');
  });

  it('bad-signature: the right key id and scope, a signature that the right secret does not give', async () => {
    const signed = await run('bad-signature');
    const auth = header(signed, 'Authorization');
    expect(auth.replace(/Signature=.*/, '')).toBe(valid.replace(/Signature=.*/, ''));
    expect(signatureOf(signed)).not.toBe(expectedSignature(signed, AWS_SUITE.secretAccessKey, 'us-east-1', 'service'));
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T123600Z');
  });

  it('unknown-key-id: only the key id differs (the key id is not part of what is signed)', async () => {
    expect(header(await run('unknown-key-id'), 'Authorization')).toBe(valid.replace('Credential=AKIDEXAMPLE/', `Credential=${UNKNOWN_KEY_ID}/`));
  });

  it('clock-skew: signed correctly 16 minutes before now', async () => {
    const signed = await run('clock-skew');
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T122000Z');
    expect(signatureOf(signed)).toBe(expectedSignature(signed, AWS_SUITE.secretAccessKey, 'us-east-1', 'service'));
  });

  it('clock-skew form 2: signed correctly 16 minutes after now', async () => {
    const signed = await run('clock-skew', { pick: 1 });
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T125200Z');
    expect(signatureOf(signed)).toBe(expectedSignature(signed, AWS_SUITE.secretAccessKey, 'us-east-1', 'service'));
  });

  it('style signing-time: a valid signature made 14 minutes before or after now, or now', async () => {
    const at = async (choice: string): Promise<string> => {
      const signed = await run('valid', { style: { choices: { 'signing-time': choice } } });
      expect(signatureOf(signed)).toBe(expectedSignature(signed, AWS_SUITE.secretAccessKey, 'us-east-1', 'service'));
      return header(signed, 'X-Amz-Date')!;
    };
    expect([await at('minus-14-minutes'), await at('plus-14-minutes'), await at('now')]).toEqual(['20150830T122200Z', '20150830T125000Z', '20150830T123600Z']);
  });

  it('clock-skew across midnight moves the credential scope date too', async () => {
    const signed = await run('clock-skew', { now: new Date('2015-08-31T00:10:00Z') });
    expect(header(signed, 'X-Amz-Date')).toBe('20150830T235400Z');
    expect(header(signed, 'Authorization')).toContain('Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request');
    expect(signatureOf(signed)).toBe(expectedSignature(signed, AWS_SUITE.secretAccessKey, 'us-east-1', 'service'));
  });

  it('malformed: each form leaves out one component, one per pick', async () => {
    const forms = await Promise.all(SIGV4_MALFORMED_FORMS.map(async (_, pick) => header(await run('malformed', { pick }), 'Authorization')));
    const credential = 'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
    const signature = 'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
    expect(forms).toEqual([
      `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host;x-amz-date`,
      `AWS4-HMAC-SHA256 ${credential}, ${signature}`,
      `AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, ${signature}`,
    ]);
  });
});

describe('SigV4 refusals', () => {
  const base: WireRequest = { method: 'GET', url: 'https://example.amazonaws.com/', headers: [], body: new Uint8Array() };

  it.each(['wrong-key', 'wrong-scheme', 'expired', 'wrong-resource', 'missing-field'] as const)('%s throws UnsupportedAuthVariant', async (variant) => {
    const error = await sign(base, variant, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedAuthVariant);
    expect(error).toMatchObject({ scheme: 'sigv4', variant });
  });

  it('rejects credentials of another scheme as a harness error', async () => {
    await expect(sign(base, 'valid', ctx({ credentials: { scheme: 'sas', keyName: 'k', key: 'v' } }))).rejects.toBeInstanceOf(InvalidCredentials);
  });
});

describe('SigV4 credentials in a target config', () => {
  const set = loadSpec('  scheme: sigv4', ['missing']);

  it('reads both keys from the environment, defaults the service, names a variable that is not set', () => {
    const credentials = '{ scheme: sigv4, accessKeyId: { env: ID }, secretAccessKey: { env: SECRET }, region: ru-central1 }';
    expect(loadTargetText(targetText(credentials), 't.yaml', { ID: 'AKID', SECRET: 'S3CR3T' }, [set]).specs['example-queue/put-message']!.credentials).toEqual({
      scheme: 'sigv4',
      accessKeyId: 'AKID',
      secretAccessKey: 'S3CR3T',
      region: 'ru-central1',
      service: 'sqs',
    });
    expect(() => loadTargetText(targetText(credentials), 't.yaml', { ID: 'AKID' }, [set])).toThrow(
      't.yaml:5:85 /specs/example-queue~1put-message/credentials/secretAccessKey/env: environment variable SECRET is not set',
    );
  });
});

describe('SigV4 against a target that echoes every header back', () => {
  it('neither the secret key nor any signature reaches a verdict record, response echo or curl line', async () => {
    const run = await redactedRun('  scheme: sigv4', wrongVariants(AUTH_CATALOG.sigv4), { ...YMQ, secretAccessKey: 'PLANTED/sigv4+secret0123456789' }, ['authorization']);
    const signatures = receivedValues(run.received, 'authorization').flatMap((v) => [...v.matchAll(/Signature=([0-9a-f]+)/g)].map((m) => m[1]!));
    expect(signatures.length).toBeGreaterThan(8);
    for (const secret of ['PLANTED/sigv4+secret0123456789', ...signatures]) {
      expect(run.json).not.toContain(secret);
      expect(run.curl).not.toContain(secret);
    }
    const valid = run.failed.find((r) => r.ruleId.endsWith('/body-required'))!.failure!;
    expect(valid.request.headers.find(([n]) => n === 'Authorization')![1]).toBe(
      'AWS4-HMAC-SHA256 Credential=YCAJEexampleKeyId/20260102/ru-central1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[redacted]',
    );
    expect(valid.response!.body).toContain('Signature=[redacted]');
  });
});
