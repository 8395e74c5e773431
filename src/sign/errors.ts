/**
 * What a signer throws. Both are typed data with a stable `code`, so the runner can tell
 * "this scheme cannot express that variant" (a SKIP) from "the harness was set up wrong" (an ERROR)
 * without reading messages.
 */
import type { AuthVariant } from '../model/request.js';

/** The scheme (or these credentials) cannot produce the variant; the runner reports the case as SKIP. */
export class UnsupportedAuthVariant extends Error {
  readonly code = 'AUTH_VARIANT_UNSUPPORTED';
  constructor(
    readonly scheme: string,
    readonly variant: AuthVariant,
    /** Why, for people: `SAS has no signing timestamp to skew; use expired`. */
    readonly reason: string,
  ) {
    super(`${scheme} cannot sign the '${variant}' variant: ${reason}`);
    this.name = 'UnsupportedAuthVariant';
  }
}

/** Credentials that do not fit the signer (another scheme, a key that is not base64…): a harness ERROR. */
export class InvalidCredentials extends Error {
  readonly code = 'CREDENTIALS_INVALID';
  constructor(
    readonly scheme: string,
    readonly reason: string,
  ) {
    super(`${scheme} credentials are unusable: ${reason}`);
    this.name = 'InvalidCredentials';
  }
}
