/** AWS Signature Version 4 (PROTOCOL-FACTS §2.2, §2.3): what a spec and a target config may say. */
import { SECRET, type SchemeCatalogEntry } from '../../scheme.js';

/**
 * The `malformed` forms, chosen by `pick`; each leaves out one component of a complete header, which
 * §2.3 answers with IncompleteSignature.
 */
export const SIGV4_MALFORMED_FORMS = [
  /** Truncated before `, Signature=`. */
  'no-signature',
  /** `Credential=…, Signature=…` */
  'no-signed-headers',
  /** `SignedHeaders=…, Signature=…` */
  'no-credential',
] as const;
export type SigV4MalformedForm = (typeof SIGV4_MALFORMED_FORMS)[number];

/** The `clock-skew` forms: signed 16 minutes before the clock, or 16 minutes after it (§2.3: "more than 15 minutes off", either way). */
export const SIGV4_CLOCK_SKEW_FORMS = ['past', 'future'] as const;

export const SIGV4_VARIANTS = ['valid', 'missing', 'empty', 'bad-signature', 'unknown-key-id', 'malformed', 'clock-skew'] as const;
export type SigV4Variant = (typeof SIGV4_VARIANTS)[number];

export const sigv4Catalog: SchemeCatalogEntry = {
  name: 'sigv4',
  title: 'AWS Signature Version 4 (Yandex Message Queue, SQS-compatible services)',
  options: { properties: {} },
  header: () => 'Authorization',
  credentials: {
    properties: {
      accessKeyId: SECRET,
      secretAccessKey: SECRET,
      // `ru-central1` for Yandex Message Queue.
      region: { type: 'string', minLength: 1 },
      service: { type: 'string', minLength: 1 },
    },
    required: ['accessKeyId', 'secretAccessKey', 'region'],
    defaults: { service: 'sqs' },
  },
  variants: Object.fromEntries(SIGV4_VARIANTS.map((v) => [v, v === 'malformed' ? SIGV4_MALFORMED_FORMS.length : v === 'clock-skew' ? SIGV4_CLOCK_SKEW_FORMS.length : 1])),
  styles: {
    // §2.3: RequestExpired only beyond 15 minutes either way, so a signing time 14 minutes off is still valid.
    'signing-time': { values: ['now', 'minus-14-minutes', 'plus-14-minutes'], description: 'signed at the current time, or 14 minutes before or after it (inside the 15-minute window)' },
  },
  unlike: {
    'wrong-key': 'SigV4 splits key id and secret: the right id with the wrong secret is bad-signature, an id the service does not know is unknown-key-id',
    'wrong-scheme': 'PROTOCOL-FACTS §2.3 lists no error for another scheme word, so no rule can expect one; a broken SigV4 header is one of the malformed forms',
    'expired': 'a header-signed request has no expiry (X-Amz-Expires is for presigned URLs); a stale signing time is the clock-skew variant',
    'wrong-resource': 'SigV4 signs the request URL itself, so there is no separate resource claim to get wrong',
    'missing-field': 'a SigV4 header without Credential, SignedHeaders or Signature is one of the malformed forms',
  },
};
