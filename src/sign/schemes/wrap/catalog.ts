/** WRAP v0.9.7.2 with a Simple Web Token (PROTOCOL-FACTS §1.1, §1.4): what a spec and a target config may say. */
import { SECRET, type SchemeCatalogEntry } from '../../scheme.js';

/**
 * The `malformed` forms (the spec's auth-malformed title lists the same four), chosen by `pick`.
 * Each breaks the `WRAP access_token="{swt}"` framing in one way only, and is wrong under every
 * reading of the seed: the token between typographic quotes (`”{swt}”`, U+201D) is not among
 * them, since that is how the seed itself prints the header (PROTOCOL-FACTS §1.1).
 */
export const WRAP_MALFORMED_FORMS = [
  /** `WRAP "{swt}"` */
  'no-access-token-name',
  /** `WRAP access_token={swt}` */
  'unquoted',
  /** `WRAP access_token="{swt}` */
  'unbalanced-quote',
  /** `WRAP access_token="{base64url of the swt}"`: an opaque blob, not a form-encoded claim list. */
  'opaque-swt',
] as const;
export type WrapMalformedForm = (typeof WRAP_MALFORMED_FORMS)[number];

export const WRAP_VARIANTS = ['valid', 'missing', 'empty', 'wrong-key', 'wrong-scheme', 'malformed', 'expired', 'wrong-resource'] as const;
export type WrapVariant = (typeof WRAP_VARIANTS)[number];

export const wrapCatalog: SchemeCatalogEntry = {
  name: 'wrap',
  title: 'WRAP access_token with a Simple Web Token (Azure Service Bus, ACS)',
  options: { properties: {} },
  header: () => 'Authorization',
  credentials: {
    properties: {
      // The SWT `Issuer` claim the target expects; ACS wrote `https://{ns}-sb.accesscontrol.windows.net/`.
      issuer: { type: 'string', minLength: 1 },
      issuerKey: SECRET,
      // A token obtained elsewhere, sent as it is (no wrong variant that needs re-signing).
      token: SECRET,
    },
    oneOf: [{ required: ['issuer', 'issuerKey'] }, { required: ['token'] }],
  },
  variants: Object.fromEntries(WRAP_VARIANTS.map((v) => [v, v === 'malformed' ? WRAP_MALFORMED_FORMS.length : 1])),
  unlike: {
    'missing-field': 'SB-ACS lists no required SWT claims to leave out; a token without its parts is one of the malformed forms',
    'unknown-key-id': 'a SWT names no key; a token signed with another key is the wrong-key variant',
    'bad-signature': 'a SWT has no separate key id and secret; a token signed with another key is the wrong-key variant',
    'clock-skew': 'a SWT carries no signing time, only ExpiresOn; a token past ExpiresOn is the expired variant',
  },
};
