import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../../src/model/request.js';
import { SCHEMES } from '../../src/sign/index.js';
import { REDACTED, redactAuthorization, redactAuthorizationValue, scrubSecrets } from '../../src/sign/redact.js';
import type { SignContext } from '../../src/sign/scheme.js';
import { header } from './helpers.js';

// Planted secrets: distinctive so that any fragment of them in the output is found.
const SAS_KEY = 'PLANTEDsasKEY0123456789abcdefghijklmnopqrs=';
const WRAP_KEY = Buffer.from('PLANTED wrap issuer key, 32 byte').toString('base64');
const AWS_SECRET = 'PLANTED/awsSecret+0123456789abcdefghijkl';

const REQUEST: WireRequest = { method: 'POST', url: 'https://contoso.servicebus.windows.net/myhub/messages', headers: [['Content-Type', 'text/plain']], body: new TextEncoder().encode('hi') };
const NOW = new Date('2024-03-01T10:00:00Z');

const SIGNERS = { sas: SCHEMES.sas, wrap: SCHEMES.wrap, sigv4: SCHEMES.sigv4 };

const CONTEXTS: Record<keyof typeof SIGNERS, SignContext> = {
  sas: { credentials: { scheme: 'sas', keyName: 'RootManageSharedAccessKey', key: SAS_KEY }, now: NOW, resource: 'http://contoso.servicebus.windows.net/myhub' },
  wrap: { credentials: { scheme: 'wrap', issuer: 'https://contoso-sb.accesscontrol.windows.net/', issuerKey: WRAP_KEY }, now: NOW, resource: 'http://contoso.servicebus.windows.net/' },
  sigv4: { credentials: { scheme: 'sigv4', accessKeyId: 'YCAJEkeyid', secretAccessKey: AWS_SECRET, region: 'ru-central1', service: 'sqs' }, now: NOW, resource: '' },
};

/** Every Authorization value the signers can produce with these credentials. */
async function everyAuthorization(): Promise<Array<{ scheme: string; label: string; value: string }>> {
  const out: Array<{ scheme: string; label: string; value: string }> = [];
  for (const [scheme, signer] of Object.entries(SIGNERS) as Array<[keyof typeof SIGNERS, (typeof SIGNERS)[keyof typeof SIGNERS]]>) {
    for (const [variant, picks] of Object.entries(signer.catalog.variants)) {
      for (let pick = 0; pick < picks; pick += 1) {
        const signed = await signer.sign(REQUEST, variant, { ...CONTEXTS[scheme], pick });
        const values = signed.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v);
        for (const value of values) out.push({ scheme, label: `${variant}#${pick}`, value });
      }
    }
  }
  return out;
}

/** The secret parts of a header value: key material, signatures and MACs in every spelling that could appear. */
function secretsIn(value: string): string[] {
  const found = [SAS_KEY, WRAP_KEY, AWS_SECRET];
  for (const m of value.matchAll(/(?:sig=|HMACSHA256=|Signature=)([^&,"\s\u00e2\u201d]+)/gi)) {
    const raw = m[1]!;
    found.push(raw, decodeURIComponent(raw));
  }
  return found.filter((s) => s.length >= 8);
}

describe('redactAuthorization', () => {
  it('leaves no key, signature, MAC or token in any variant of any scheme', async () => {
    const all = await everyAuthorization();
    expect(all.length).toBeGreaterThan(25);
    // Gathered across all variants, so a form that drops the field names (SAS values-only) is still checked.
    const secrets = new Set(all.flatMap(({ value }) => secretsIn(value)));
    for (const { scheme, label, value } of all) {
      const [[, redacted]] = redactAuthorization([['Authorization', value]]) as [[string, string]];
      for (const secret of secrets) expect(redacted, `${scheme} ${label}`).not.toContain(secret);
      // A WRAP token is a bearer secret as a whole: only the framing around it survives.
      if (scheme === 'wrap' && value !== '') {
        expect(redacted, `${scheme} ${label}`).toMatch(/^(WRAP|Bearer) (access_token=)?("|\u00e2\u0080\u009d)?\[redacted\]("|\u00e2\u0080\u009d)?$/);
      }
    }
  });

  it('does not leak a SWT MAC computed with the planted key', () => {
    const unsigned = 'Audience=a&ExpiresOn=1';
    const mac = createHmac('sha256', Buffer.from(WRAP_KEY, 'base64')).update(unsigned).digest('base64');
    const value = `WRAP access_token="${unsigned}&HMACSHA256=${encodeURIComponent(mac)}"`;
    expect(redactAuthorizationValue(value)).toBe(`WRAP access_token="${REDACTED}"`);
  });

  it('keeps the scheme word and the public fields visible', async () => {
    const sas = header(await SIGNERS.sas.sign(REQUEST, 'valid', CONTEXTS.sas), 'Authorization');
    expect(redactAuthorizationValue(sas)).toBe(
      'SharedAccessSignature sr=http%3a%2f%2fcontoso.servicebus.windows.net%2fmyhub&sig=[redacted]&se=1709290800&skn=RootManageSharedAccessKey',
    );
    const sigv4 = header(await SIGNERS.sigv4.sign(REQUEST, 'valid', CONTEXTS.sigv4), 'Authorization');
    expect(redactAuthorizationValue(sigv4)).toBe(
      'AWS4-HMAC-SHA256 Credential=YCAJEkeyid/20240301/ru-central1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[redacted]',
    );
    const wrap = header(await SIGNERS.wrap.sign(REQUEST, 'valid', CONTEXTS.wrap), 'Authorization');
    expect(redactAuthorizationValue(wrap)).toBe('WRAP access_token="[redacted]"');
  });

  it.each([
    ['sig-first SAS', 'SharedAccessSignature sig=abc%2Bdef%3D&se=1&skn=k&sr=http%3a%2f%2fns%2fh', 'SharedAccessSignature sig=[redacted]&se=1&skn=k&sr=http%3a%2f%2fns%2fh'],
    ['SAS values without names', 'SharedAccessSignature http%3a%2f%2fns&abc%2Bdef%3D&1&k', 'SharedAccessSignature [redacted]&[redacted]&[redacted]&[redacted]'],
    ['SAS fields without a scheme word', 'sr=x&sig=abc%3D&se=1&skn=k', 'sr=x&sig=[redacted]&se=1&skn=k'],
    ['an unencoded sig with = padding', 'SharedAccessSignature sr=x&secretpart=abc=&se=1', 'SharedAccessSignature sr=x&[redacted]&se=1'],
    ['unbalanced WRAP quote', 'WRAP access_token="Audience=x&HMACSHA256=abc', 'WRAP access_token="[redacted]'],
    ['WRAP without a name', 'WRAP "Audience=x&HMACSHA256=abc"', 'WRAP "[redacted]"'],
    ['typographic quotes', 'WRAP access_token=\u201dAudience=x\u201d', 'WRAP access_token=\u201d[redacted]\u201d'],
    ['an unknown scheme', 'Basic dXNlcjpwYXNzd29yZA==', REDACTED],
    ['one opaque word', 'c2VjcmV0LXRva2Vu', REDACTED],
    ['an empty value', '', ''],
  ])('%s', (_, value, expected) => {
    expect(redactAuthorizationValue(value)).toBe(expected);
  });

  it('redacts Authorization in any case and x-amz-security-token, leaves other headers, copies the list', () => {
    const headers: Array<[string, string]> = [
      ['authorization', 'Bearer eyJhbGciOi.secret.jwt'],
      ['X-Amz-Security-Token', 'sessiontoken'],
      ['Content-Type', 'text/plain'],
    ];
    const before = structuredClone(headers);
    expect(redactAuthorization(headers)).toEqual([
      ['authorization', 'Bearer [redacted]'],
      ['X-Amz-Security-Token', REDACTED],
      ['Content-Type', 'text/plain'],
    ]);
    expect(headers).toEqual(before);
  });
});

describe('scrubSecrets', () => {
  it('cuts every secret in each spelling it may come back in, longest first, in one pass', () => {
    const sig = 'abc%2Bdef%3D';
    const text = `echo: sig=${sig} raw=abc+def= enc=${encodeURIComponent('k/ey+')} plain=k/ey+ short=ab`;
    expect(scrubSecrets(text, [sig, 'k/ey+', 'ab'])).toBe(
      `echo: sig=${REDACTED} raw=${REDACTED} enc=${REDACTED} plain=${REDACTED} short=${REDACTED}`,
    );
    // A short secret never matches inside a [redacted] already written.
    expect(scrubSecrets('xx redacted', ['redacted', 'xx'])).toBe(`${REDACTED} ${REDACTED}`);
    expect(scrubSecrets('nothing here', [])).toBe('nothing here');
  });
});
