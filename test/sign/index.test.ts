import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuthModel } from '../../src/model/operation.js';
import type { WireRequest } from '../../src/model/request.js';
import { AUTH_CATALOG, authModel, SCHEMES, secretFields, signRequest, UnsupportedAuthVariant, type SchemeName } from '../../src/sign/index.js';
import { SECRET } from '../../src/sign/scheme.js';
import { headerValues } from './helpers.js';

const REQUEST: WireRequest = { method: 'POST', url: 'https://ns.example/h/messages', headers: [], body: new Uint8Array() };
const NOW = new Date('2024-03-01T10:00:00Z');
const NAMES = Object.keys(SCHEMES) as SchemeName[];
/** Every variant some scheme declares. */
const ALL_VARIANTS = [...new Set(NAMES.flatMap((n) => Object.keys(AUTH_CATALOG[n].variants)))].sort();

function auth(name: SchemeName): AuthModel {
  return authModel({ scheme: name, ...(name === 'api-key' ? { header: 'X-Api-Key' } : {}) });
}

function sign(name: SchemeName, variant: string, pick = 0): Promise<WireRequest> {
  return signRequest(auth(name), REQUEST, variant, { credentials: SCHEMES[name].sample.credentials, now: NOW, entity: 'h', pick });
}

/** Everything a signer changed: the headers it wrote, in order. */
function written(req: WireRequest): string {
  return JSON.stringify(req.headers);
}

describe('the auth scheme registry', () => {
  it('registers the six schemes, each plug-in under the name of its own catalog entry', () => {
    expect(NAMES.sort()).toEqual(['api-key', 'bearer', 'none', 'sas', 'sigv4', 'wrap']);
    expect(Object.keys(AUTH_CATALOG).sort()).toEqual(NAMES.sort());
    for (const name of NAMES) {
      expect(SCHEMES[name].catalog).toBe(AUTH_CATALOG[name]);
      expect(SCHEMES[name].catalog.name).toBe(name);
      expect(SCHEMES[name].sample.credentials.scheme).toBe(name);
    }
  });

  it('knows the variants of today', () => {
    expect(ALL_VARIANTS).toEqual(['bad-signature', 'clock-skew', 'empty', 'expired', 'malformed', 'missing', 'missing-field', 'unknown-key-id', 'valid', 'wrong-key', 'wrong-resource', 'wrong-scheme']);
    expect(Object.keys(AUTH_CATALOG.bearer.variants)).toEqual(['valid', 'missing', 'empty', 'wrong-scheme', 'malformed', 'wrong-key']);
    expect(Object.keys(AUTH_CATALOG['api-key'].variants)).toEqual(['valid', 'missing', 'empty', 'wrong-key']);
    expect(AUTH_CATALOG.none.variants).toEqual({ valid: 1 });
  });

  it.each(NAMES)('%s signs every declared variant and refuses every other one, with its reason', async (name) => {
    const catalog = AUTH_CATALOG[name];
    for (const variant of ALL_VARIANTS) {
      if (Object.hasOwn(catalog.variants, variant)) {
        await expect(sign(name, variant), `${name} ${variant}`).resolves.toMatchObject({ method: 'POST', url: REQUEST.url });
      } else {
        const error = await sign(name, variant).catch((e: unknown) => e);
        expect(error, `${name} ${variant}`).toBeInstanceOf(UnsupportedAuthVariant);
        // Every variant another scheme has is explained, so a spec author reads why, not just "no".
        expect((error as UnsupportedAuthVariant).reason, `${name} ${variant}`).toBe(catalog.unlike?.[variant]);
      }
    }
    await expect(sign(name, 'no-such-variant')).rejects.toThrow(/has no such variant; it has valid/);
  });

  it.each(NAMES)('%s: each variant has exactly as many distinct fixed forms as the catalog says, and picks wrap around', async (name) => {
    for (const [variant, forms] of Object.entries(AUTH_CATALOG[name].variants)) {
      const sent = await Promise.all(Array.from({ length: forms + 1 }, (_, pick) => sign(name, variant, pick).then(written)));
      expect(new Set(sent.slice(0, forms)).size, `${name} ${variant}`).toBe(forms);
      expect(sent[forms], `${name} ${variant} pick ${forms}`).toBe(sent[0]);
    }
  });

  it.each(NAMES)('%s is deterministic, and every wrong variant differs from the valid request', async (name) => {
    const valid = written(await sign(name, 'valid'));
    for (const variant of Object.keys(AUTH_CATALOG[name].variants)) {
      expect(written(await sign(name, variant))).toBe(written(await sign(name, variant)));
      if (variant !== 'valid') expect(written(await sign(name, variant)), `${name} ${variant}`).not.toBe(valid);
    }
  });

  it('writes credentials into the header the spec names', async () => {
    expect(auth('api-key').header).toBe('X-Api-Key');
    expect(headerValues(await sign('api-key', 'valid'), 'X-Api-Key')).toEqual(['sample-api-key-not-a-secret']);
    const custom = authModel({ scheme: 'bearer', header: 'X-Auth' });
    const signed = await signRequest(custom, REQUEST, 'valid', { credentials: SCHEMES.bearer.sample.credentials, now: NOW, entity: '' });
    expect(signed.headers).toEqual([['X-Auth', 'Bearer sample-bearer-token-not-a-secret']]);
    expect(authModel({ scheme: 'none' }).header).toBe('');
    expect(authModel({ scheme: 'sas' })).toEqual({
      scheme: 'sas',
      header: 'Authorization',
      options: {},
      variants: { valid: 1, missing: 1, empty: 1, expired: 1, 'wrong-key': 1, 'wrong-resource': 1, 'wrong-scheme': 1, 'unknown-key-id': 1, 'missing-field': 4, malformed: 4 },
      styles: {
        'sr-hex': { values: ['lower', 'upper'], description: 'sr percent-encoded with lower- or upper-case hex' },
        'field-order': { values: ['sr-first', 'sig-first'], description: 'token fields in SB-SAS order (sr first) or NH-CC order (sig first)' },
      },
    });
  });

  it('declares the secret fields of each scheme by their SECRET schema', () => {
    expect(Object.fromEntries(NAMES.map((n) => [n, secretFields(AUTH_CATALOG[n])]))).toEqual({
      wrap: ['issuerKey', 'token'],
      sas: ['key'],
      sigv4: ['accessKeyId', 'secretAccessKey'],
      bearer: ['token'],
      'api-key': ['key'],
      none: [],
    });
    for (const n of NAMES) for (const f of secretFields(AUTH_CATALOG[n])) expect(AUTH_CATALOG[n].credentials.properties[f]).toBe(SECRET);
  });

  it('signs SAS for the entity and WRAP for the namespace, both with http:', () => {
    const wire = { ...REQUEST, url: 'https://NS.servicebus.windows.net/MyHub/messages/?direct' };
    expect(SCHEMES.sas.resource(wire, '/MyHub/')).toBe('http://ns.servicebus.windows.net/myhub');
    expect(SCHEMES.wrap.resource(wire, 'orders')).toBe('http://ns.servicebus.windows.net/');
    expect(SCHEMES.sigv4.resource(wire, 'x')).toBe(wire.url);
  });

  it('the catalog, which specs/ and src/target/ import, pulls in no signer code', () => {
    const root = resolve(import.meta.dirname, '../..');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        const spec = m[1]!;
        if (!spec.startsWith('.')) packages.add(spec);
        else visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(join(root, 'src/sign/catalog.ts'));
    expect([...packages]).toEqual([]);
    const files = [...seen].map((f) => relative(root, f)).sort();
    expect(files.filter((f) => !/^src\/sign\/(catalog|scheme|credentials)\.ts$|^src\/sign\/schemes\/[a-z0-9-]+\/catalog\.ts$|^src\/model\//.test(f))).toEqual([]);
    expect(files).toContain('src/sign/schemes/bearer/catalog.ts');
  });
});
