import { describe, expect, it } from 'vitest';
import type { AuthVariant, WireRequest } from '../../src/model/request.js';
import { SIGNERS, UnsupportedAuthVariant } from '../../src/sign/index.js';
import type { SignContext } from '../../src/sign/signer.js';

/** Every AuthVariant; the type below fails to compile if the model gains one that is not listed. */
const ALL = [
  'valid',
  'missing',
  'empty',
  'wrong-key',
  'wrong-scheme',
  'malformed',
  'expired',
  'wrong-resource',
  'missing-field',
  'unknown-key-id',
  'bad-signature',
  'clock-skew',
] as const satisfies readonly AuthVariant[];
const complete: Exclude<AuthVariant, (typeof ALL)[number]> extends never ? true : false = true;

const REQUEST: WireRequest = { method: 'POST', url: 'https://ns.example/', headers: [], body: new Uint8Array() };
const NOW = new Date('2024-03-01T10:00:00Z');
const CONTEXTS: Record<keyof typeof SIGNERS, SignContext> = {
  sas: { credentials: { scheme: 'sas', keyName: 'k', key: 'v' }, now: NOW, resource: 'http://ns.servicebus.windows.net/h' },
  wrap: { credentials: { scheme: 'wrap', issuer: 'https://i/', issuerKey: 'AAAA' }, now: NOW, resource: 'http://ns.servicebus.windows.net/' },
  sigv4: { credentials: { scheme: 'sigv4', accessKeyId: 'a', secretAccessKey: 's', region: 'ru-central1', service: 'sqs' }, now: NOW, resource: '' },
};

describe('SIGNERS', () => {
  it('has one signer per scheme, registered under its own name', () => {
    expect(complete).toBe(true);
    expect(Object.keys(SIGNERS).sort()).toEqual(['sas', 'sigv4', 'wrap']);
    for (const [scheme, signer] of Object.entries(SIGNERS)) expect(signer.scheme).toBe(scheme);
  });

  it.each(Object.keys(SIGNERS) as Array<keyof typeof SIGNERS>)('%s signs every declared variant and refuses every other one', async (scheme) => {
    const signer = SIGNERS[scheme];
    for (const variant of ALL) {
      const result = signer.sign(REQUEST, variant, CONTEXTS[scheme]);
      if (signer.variants.includes(variant)) await expect(result, `${scheme} ${variant}`).resolves.toMatchObject({ method: 'POST' });
      else await expect(result, `${scheme} ${variant}`).rejects.toBeInstanceOf(UnsupportedAuthVariant);
    }
  });

  it.each(Object.keys(SIGNERS) as Array<keyof typeof SIGNERS>)('%s is deterministic: the same case signs to the same request', async (scheme) => {
    const signer = SIGNERS[scheme];
    for (const variant of signer.variants) {
      expect(await signer.sign(REQUEST, variant, CONTEXTS[scheme])).toEqual(await signer.sign(REQUEST, variant, CONTEXTS[scheme]));
    }
  });
});
