/**
 * The auth scheme catalog: every scheme's name, spec options, target-config credentials and wrong
 * variants with their form counts — data only, no signer code, so the spec loader (`specs/`) and
 * the target config (`src/target/`) may import it. The plug-ins themselves (signers, redaction)
 * are registered in `index.ts` under the same names; its type makes the two lists agree.
 */
import type { AuthModel } from '../model/operation.js';
import type { AuthVariant } from '../model/request.js';
import { SECRET, type SchemeCatalogEntry } from './scheme.js';
import { apiKeyCatalog } from './schemes/api-key/catalog.js';
import { bearerCatalog } from './schemes/bearer/catalog.js';
import { noneCatalog } from './schemes/none/catalog.js';
import { sasCatalog } from './schemes/sas/catalog.js';
import { sigv4Catalog } from './schemes/sigv4/catalog.js';
import { wrapCatalog } from './schemes/wrap/catalog.js';

export const AUTH_CATALOG = {
  wrap: wrapCatalog,
  sas: sasCatalog,
  sigv4: sigv4Catalog,
  bearer: bearerCatalog,
  'api-key': apiKeyCatalog,
  none: noneCatalog,
} as const satisfies Record<string, SchemeCatalogEntry>;

export type SchemeName = keyof typeof AUTH_CATALOG;

export type { JsonSchema, SchemeCatalogEntry } from './scheme.js';
export { SECRET } from './scheme.js';

/** Registered scheme names, sorted, for messages. */
export function schemeNames(): string[] {
  return Object.keys(AUTH_CATALOG).sort();
}

export function isSchemeName(name: string): name is SchemeName {
  return Object.hasOwn(AUTH_CATALOG, name);
}

/** The catalog entry of a registered scheme, or undefined. */
export function catalogEntry(name: string): SchemeCatalogEntry | undefined {
  return isSchemeName(name) ? AUTH_CATALOG[name] : undefined;
}

/** The wrong variants a spec rule may ask for (`stimulus: { auth: … }`): every variant but `valid`. */
export function wrongVariants(entry: SchemeCatalogEntry): AuthVariant[] {
  return Object.keys(entry.variants).filter((v) => v !== 'valid');
}

/** Credentials fields read from the environment: those whose schema is `SECRET`. */
export function secretFields(entry: SchemeCatalogEntry): string[] {
  return Object.entries(entry.credentials.properties)
    .filter(([, schema]) => schema === SECRET)
    .map(([name]) => name);
}

/**
 * The operation model's `auth` for a spec's (already validated) `auth` object: the scheme, the
 * header its credentials travel in, its options, and its variants with their form counts, so
 * generators know how many fixed forms a variant has without importing any signer.
 */
export function authModel(auth: Readonly<Record<string, unknown>> & { scheme: string }): AuthModel {
  const entry = catalogEntry(auth.scheme);
  if (!entry) throw new Error(`unknown auth scheme "${auth.scheme}"; known: ${schemeNames().join(', ')}`);
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(entry.options.properties)) if (auth[key] !== undefined) options[key] = auth[key];
  const styles = Object.fromEntries(Object.entries(entry.styles ?? {}).map(([k, v]) => [k, { values: [...v.values], description: v.description }]));
  return { scheme: entry.name, header: entry.header(options), options, variants: { ...entry.variants }, styles };
}
