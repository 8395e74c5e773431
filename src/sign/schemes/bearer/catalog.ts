/** Bearer tokens (RFC 6750 §2.1): what a spec and a target config may say. */
import { HEADER_NAME, SECRET, type SchemeCatalogEntry } from '../../scheme.js';

/** The `malformed` forms, chosen by `pick`; each breaks `Bearer <token>` (RFC 6750 §2.1) in one way only. */
export const BEARER_MALFORMED_FORMS = [
  /** `Bearer<token>`: no space between the scheme word and the token. */
  'no-space',
  /** `Bearer <first half> <second half>`: a space inside the token, which b64token does not allow. */
  'space-inside',
  /** `Bearer "<token>"`: quoted, which b64token does not allow either. */
  'quoted',
  /** `<token>`: the token without the scheme word. */
  'no-scheme-word',
] as const;
export type BearerMalformedForm = (typeof BEARER_MALFORMED_FORMS)[number];

export const BEARER_VARIANTS = ['valid', 'missing', 'empty', 'wrong-scheme', 'malformed', 'wrong-key'] as const;
export type BearerVariant = (typeof BEARER_VARIANTS)[number];

const OPAQUE = 'a bearer token is opaque to the harness, which can only send it, spoil its framing or change its characters';

export const bearerCatalog: SchemeCatalogEntry = {
  name: 'bearer',
  title: 'Bearer token (RFC 6750), from the environment',
  options: { properties: { header: HEADER_NAME } },
  header: (options) => (typeof options['header'] === 'string' ? options['header'] : 'Authorization'),
  credentials: { properties: { token: SECRET }, required: ['token'] },
  variants: Object.fromEntries(BEARER_VARIANTS.map((v) => [v, v === 'malformed' ? BEARER_MALFORMED_FORMS.length : 1])),
  unlike: {
    expired: `${OPAQUE}; it cannot re-date it`,
    'wrong-resource': `${OPAQUE}; it cannot re-address it`,
    'unknown-key-id': `${OPAQUE}; a token that is not the configured one is the wrong-key variant`,
    'bad-signature': `${OPAQUE}; a token that is not the configured one is the wrong-key variant`,
    'missing-field': `${OPAQUE}; it has no fields to leave out`,
    'clock-skew': `${OPAQUE}; it carries no signing time`,
  },
};
