/** The shared refusal of a variant a scheme does not have. */
import type { AuthVariant } from '../../model/request.js';
import { UnsupportedAuthVariant } from '../errors.js';
import type { SchemeCatalogEntry } from '../scheme.js';

/** Whether the catalog lists the variant, narrowing it to the scheme's own union. */
export function isVariantOf<V extends AuthVariant>(catalog: SchemeCatalogEntry, variant: AuthVariant): variant is V {
  return Object.hasOwn(catalog.variants, variant);
}

/** The refusal, with the catalog's reason where it gives one. */
export function notAVariant(catalog: SchemeCatalogEntry, variant: AuthVariant): UnsupportedAuthVariant {
  const reason = catalog.unlike?.[variant] ?? `it has no such variant; it has ${Object.keys(catalog.variants).join(', ')}`;
  return new UnsupportedAuthVariant(catalog.name, variant, reason);
}

/** A string field of credentials, or undefined when absent or not a string. */
export function stringField(c: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = c[name];
  return typeof v === 'string' ? v : undefined;
}
