/** The one shape every signer has, so the runner can pick a signer by the spec's `auth.scheme`. */
import type { AuthStyle, AuthVariant, WireRequest } from '../model/request.js';
import type { AuthScheme, Credentials } from './credentials.js';

export interface SignContext {
  credentials: Credentials;
  /** The signing clock. Signers never read the system clock, so a case re-signs to the same bytes. */
  now: Date;
  /**
   * What the token is for. SAS: the resource URI to sign (`http://ns.servicebus.windows.net/myhub`,
   * http even for https calls). WRAP: the audience (`http://{host}/`). SigV4 signs the URL itself
   * and ignores this.
   */
  resource: string;
  /** Equivalent spellings of a valid token (SAS only; the other schemes ignore it). */
  style?: AuthStyle;
  /**
   * Which of a variant's fixed forms to send (`malformed`, `missing-field`), taken modulo the
   * number of forms; default 0. Deterministic on purpose: the same case always sends the same bytes.
   */
  pick?: number;
}

export interface Signer {
  readonly scheme: AuthScheme;
  /** Variants this scheme can produce with suitable credentials; any other throws `UnsupportedAuthVariant`. */
  readonly variants: readonly AuthVariant[];
  /**
   * Returns a new request (headers and body copied) whose Authorization is set or removed as the
   * variant says. Throws `UnsupportedAuthVariant` (a SKIP) or `InvalidCredentials` (an ERROR).
   */
  sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest>;
}
