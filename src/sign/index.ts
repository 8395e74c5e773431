/** Signers by the scheme a spec names (`auth.scheme`), and the redaction every report goes through. */
import type { AuthScheme } from './credentials.js';
import { sasSigner } from './sas.js';
import type { Signer } from './signer.js';
import { sigv4Signer } from './sigv4.js';
import { wrapSigner } from './wrap.js';

export const SIGNERS: Record<AuthScheme, Signer> = {
  wrap: wrapSigner,
  sas: sasSigner,
  sigv4: sigv4Signer,
};

export type { AuthScheme, Credentials, SasCredentials, SigV4Credentials, WrapCredentials, WrapIssuerCredentials, WrapTokenCredentials } from './credentials.js';
export { InvalidCredentials, UnsupportedAuthVariant } from './errors.js';
export { REDACTED, redactAuthorization, redactAuthorizationValue } from './redact.js';
export type { SignContext, Signer } from './signer.js';
export { SAS_FIELDS, SAS_MALFORMED_FORMS, SAS_VARIANTS } from './sas.js';
export { CLOCK_SKEW_MS, SIGV4_MALFORMED_FORMS, SIGV4_VARIANTS, UNKNOWN_KEY_ID } from './sigv4.js';
export { TYPOGRAPHIC_QUOTE_BYTES, WRAP_MALFORMED_FORMS, WRAP_VARIANTS } from './wrap.js';
