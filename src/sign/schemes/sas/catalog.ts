/** SharedAccessSignature tokens (PROTOCOL-FACTS §4, SB-SAS, NH-CC): what a spec and a target config may say. */
import { SECRET, type SchemeCatalogEntry } from '../../scheme.js';

/** Fields in SB-SAS order; `missing-field` drops the `pick`-th. */
export const SAS_FIELDS = ['sr', 'sig', 'se', 'skn'] as const;
export type SasField = (typeof SAS_FIELDS)[number];

/** The `malformed` forms, chosen by `pick`; each breaks the token's framing in one way only. */
export const SAS_MALFORMED_FORMS = [
  /** `SharedAccessSignature <sr>&<sig>&<se>&<skn>`: the values without their names. */
  'values-only',
  /** `sr=…&sig=…&se=…&skn=…`: the fields without the scheme word. */
  'no-scheme-word',
  /** `SharedAccessKey sr=…`: the connection-string field name, a plausible mix-up, instead of the scheme word. */
  'misspelt-scheme-word',
  /** `SharedAccessSignature sr=…, sig=…, …`: fields as an RFC 7235 auth-param list instead of joined by `&`. */
  'comma-separated',
] as const;
export type SasMalformedForm = (typeof SAS_MALFORMED_FORMS)[number];

export const SAS_VARIANTS = [
  'valid',
  'missing',
  'empty',
  'expired',
  'wrong-key',
  'wrong-resource',
  'wrong-scheme',
  'unknown-key-id',
  'missing-field',
  'malformed',
] as const;
export type SasVariant = (typeof SAS_VARIANTS)[number];

const FORMS: Partial<Record<SasVariant, number>> = { 'missing-field': SAS_FIELDS.length, malformed: SAS_MALFORMED_FORMS.length };

export const sasCatalog: SchemeCatalogEntry = {
  name: 'sas',
  title: 'SharedAccessSignature token (Azure Service Bus, Notification Hubs)',
  options: { properties: {} },
  header: () => 'Authorization',
  credentials: {
    properties: {
      // The rule name, sent as `skn` (`DefaultFullSharedAccessSignature`).
      keyName: { type: 'string', minLength: 1 },
      // The key string as shown in the portal; its UTF-8 bytes are the HMAC key.
      key: SECRET,
    },
    required: ['keyName', 'key'],
  },
  variants: Object.fromEntries(SAS_VARIANTS.map((v) => [v, FORMS[v] ?? 1])),
  styles: {
    // The SDK samples percent-encode sr with either hex case (PROTOCOL-FACTS §4); lower is the
    // worked example's, so it is canonical, and a rule that means upper names it.
    'sr-hex': { values: ['lower', 'upper'], description: 'sr percent-encoded with lower- or upper-case hex' },
    'field-order': { values: ['sr-first', 'sig-first'], description: 'token fields in SB-SAS order (sr first) or NH-CC order (sig first)' },
  },
  unlike: {
    'bad-signature': 'a SAS token has no separate key id and secret; a signature made with another key is the wrong-key variant',
    'clock-skew': 'a SAS token carries no signing time, only its expiry se; a token past se is the expired variant',
  },
};
