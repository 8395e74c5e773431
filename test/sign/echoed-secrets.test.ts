/**
 * Secrets echoed by a target reach the reports (issue 11): the spellings a target may echo a
 * secret in, and a secret split by a cut, are all cut from what a report records.
 */
import { describe, expect, it } from 'vitest';
import { MIN_EDGE, REDACTED, redactResponse, scrubSecrets } from '../../src/sign/index.js';

// A SAS sig as sent (percent-encoded base64), a SigV4 signature (hex), a configured key.
const SIG = 'Ab3%2Bx9%2FqLmN0pQrStUvWxYz12345678901234%3D';
const SIG_DECODED = decodeURIComponent(SIG);
const HEX = '8b2d925a56ae02cd2540ce1f1cb3fb1ff30f1b69a1721ab5a80439dc063b2f92';
const SWT = `Issuer=owner&ExpiresOn=4102444800&Audience=http%3a%2f%2fcontoso.servicebus.windows.net%2f&HMACSHA256=${encodeURIComponent('PLANTEDswtMac+Q8w2Zr5Xk1Vn7Bm4Lc9Jh3Gf6Ds0A=')}`;
const AUTH = `SharedAccessSignature sr=http%3a%2f%2fcontoso&sig=${SIG}&se=1709290800&skn=RootManageSharedAccessKey`;

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('Secrets echoed by a target reach the reports: every spelling is cut', () => {
  const spellings: Array<[string, string]> = [
    ['as sent', SIG],
    ['percent-decoded', SIG_DECODED],
    ['percent-encoded with lower-case hex', SIG.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['percent-encoded twice', encodeURIComponent(SIG)],
    ['JSON-string-escaped', JSON.stringify(SIG_DECODED).replaceAll('/', '\\/').replaceAll('+', '\\u002b')],
    ['XML-entity-escaped', SIG_DECODED.replaceAll('+', '&#43;').replaceAll('/', '&#x2F;').replaceAll('=', '&#61;')],
    ['entity-escaped twice', SIG_DECODED.replaceAll('+', '&amp;#43;')],
    ['form-decoded (+ read as a space)', SIG_DECODED.replaceAll('+', ' ')],
    ['upper case', SIG_DECODED.toUpperCase()],
    ['base64', b64(SIG_DECODED)],
    ['base64url', b64(SIG_DECODED).replaceAll('+', '-').replaceAll('/', '_')],
  ];
  for (const [name, spelled] of spellings) {
    it(`${name}`, () => {
      const out = scrubSecrets(`before ${spelled} after`, [SIG]);
      expect(out).toContain(REDACTED);
      expect(out).toMatch(/^before .{0,3}\[redacted\].{0,3} after$/);
    });
  }

  it('base64 of the whole Authorization value and of a whole echoed request, at every alignment', () => {
    for (const pad of ['', 'x', 'xy']) {
      for (const text of [b64(pad + AUTH), b64(JSON.stringify({ pad, headers: [['Authorization', AUTH]] }))]) {
        const out = scrubSecrets(text, [SIG]);
        expect(out).toContain(REDACTED);
        // What is left of the signature's base64 is at most the few characters that share bits with its neighbours.
        for (const k of [0, 1, 2]) expect(out).not.toContain(b64('\0'.repeat(k) + SIG).slice(4, 16));
      }
    }
  });

  it('a SigV4 signature in upper case, and in a header name', () => {
    expect(scrubSecrets(`Signature=${HEX.toUpperCase()}`, [HEX])).toBe(`Signature=${REDACTED}`);
    const r = redactResponse({ status: 200, headers: { [`x-sig-${HEX}`]: 'v', 'set-cookie': `a=${HEX}, b=${SIG}` }, body: new Uint8Array(), truncated: false }, [HEX, SIG], 100);
    expect(r.headers).toEqual({ [`x-sig-${REDACTED}`]: 'v', 'set-cookie': `a=${REDACTED}, b=${REDACTED}` });
  });

  it('a WRAP token is cut whole, and its MAC by itself; its public claims elsewhere stay', () => {
    expect(scrubSecrets(`token ${SWT} end`, [SWT])).toBe(`token ${REDACTED} end`);
    // The base64 padding is no secret.
    expect(scrubSecrets(`mac PLANTEDswtMac+Q8w2Zr5Xk1Vn7Bm4Lc9Jh3Gf6Ds0A= end`, [SWT])).toBe(`mac ${REDACTED}= end`);
    expect(scrubSecrets('the entity http://contoso.servicebus.windows.net/orders was not found', [SWT])).toBe('the entity http://contoso.servicebus.windows.net/orders was not found');
  });
});

describe('Secrets echoed by a target reach the reports: a secret straddling a cut leaks nothing', () => {
  it('the preview limit: the body is scrubbed before it is cut', () => {
    for (let at = 80; at <= 100; at++) {
      const body = `${'.'.repeat(at)}${SIG_DECODED}${'.'.repeat(50)}`;
      const r = redactResponse({ status: 400, headers: {}, body: new TextEncoder().encode(body), truncated: false }, [SIG], 100);
      expect(r.body.length).toBeLessThanOrEqual(100);
      expect(r.bodyBytes).toBe(body.length);
      expect(r.bodyTruncated).toBe(true);
      const rest = r.body.replace(/^\.+/, '');
      expect(REDACTED.startsWith(rest) || (rest.startsWith(REDACTED) && /^\.*$/.test(rest.slice(REDACTED.length))), rest).toBe(true);
      for (let n = 1; n <= SIG_DECODED.length; n++) if (r.body.endsWith(SIG_DECODED.slice(0, n))) throw new Error(`${n} characters of the secret survive at ${at}`);
    }
  });

  it('a body cut at the read cap, and a message quoting the start of a body: at most MIN_EDGE - 1 characters survive', () => {
    for (let n = MIN_EDGE; n < SIG_DECODED.length; n++) {
      expect(scrubSecrets(`body: ${SIG_DECODED.slice(0, n)}`, [SIG])).toBe(`body: ${REDACTED}`);
      expect(scrubSecrets(`got "${SIG_DECODED.slice(0, n)}…"`, [SIG])).toBe(`got "${REDACTED}…"`);
      expect(scrubSecrets(`got "…${SIG_DECODED.slice(-n)}"`, [SIG])).toBe(`got "…${REDACTED}"`);
    }
  });

  it('a fragment in the middle of a text is cut when it is long enough to matter', () => {
    expect(scrubSecrets(`x ${SIG_DECODED.slice(5, 25)} y`, [SIG])).toBe(`x ${REDACTED} y`);
  });
});
