/**
 * The two halves of an auth scheme plug-in (`src/sign/schemes/<name>/`). The catalog entry is data
 * only — what a spec's `auth` and a target config's `credentials` may say, and which deliberately
 * wrong variants exist — so the spec loader and the target config check both without loading a
 * signer. The plug-in adds the code: signing, what a token is for, sample credentials, redaction.
 */
import type { AuthModel } from '../model/operation.js';
import type { AuthStyle, AuthVariant, WireRequest } from '../model/request.js';
import type { Credentials } from './credentials.js';

/** A JSON Schema (draft 2020-12, as ajv compiles it). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A secret in a target config: always an environment-variable reference, never an inline string.
 * A credentials field whose schema is this object (by identity) is resolved from the environment.
 */
export const SECRET: JsonSchema = Object.freeze({
  type: 'object',
  additionalProperties: false,
  required: ['env'],
  description: 'A secret is read from this environment variable; it never appears in the config file or a report',
  properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
});

/** The JSON Schema of a header name (an HTTP token). */
export const HEADER_NAME: JsonSchema = Object.freeze({ type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" });

export interface SchemeCatalogEntry {
  /** The name a spec's `auth.scheme` and a target config's `credentials.scheme` use. */
  readonly name: string;
  /** For people: `Bearer token (RFC 6750)`. */
  readonly title: string;
  /** The spec's `auth` keys besides `scheme` and `source`, as JSON Schema properties. */
  readonly options: { readonly properties: Readonly<Record<string, JsonSchema>>; readonly required?: readonly string[] };
  /** The header the credentials travel in for these (validated) options; '' when none. Generators leave it to the signer. */
  header(options: Readonly<Record<string, unknown>>): string;
  /** The target config's `credentials` keys besides `scheme`; a secret field's schema is `SECRET`. */
  readonly credentials: {
    readonly properties: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    /** Alternative sets of required keys, exactly one of which a config gives (WRAP: issuer and issuerKey, or a token). */
    readonly oneOf?: ReadonlyArray<{ readonly required: readonly string[] }>;
    /** Values of keys a config leaves out. */
    readonly defaults?: Readonly<Record<string, string>>;
  };
  /**
   * Every variant the scheme can produce, `valid` included, with the number of fixed forms it
   * has (a `malformed` header broken in several ways is sent once per form; most have one).
   */
  readonly variants: Readonly<Record<AuthVariant, number>>;
  /** Why the scheme has no such variant, for variants other schemes have; shown when a spec asks for one. */
  readonly unlike?: Readonly<Record<AuthVariant, string>>;
  /**
   * Equivalent spellings of a valid token (a rule's `vary: [NAME=VALUE]` picks one), each with its
   * values, the canonical first: what every valid request sends unless a rule names another.
   */
  readonly styles?: Readonly<Record<string, { readonly values: readonly string[]; readonly description: string }>>;
}

export interface SignContext {
  credentials: Credentials;
  /** The signing clock. Signers never read the system clock, so a case re-signs to the same bytes. */
  now: Date;
  /**
   * What the token is for, as the plug-in's `resource` gives it. SAS: the resource URI to sign
   * (`http://ns.servicebus.windows.net/myhub`, http even for https calls). WRAP: the audience
   * (`http://{host}/`). The others sign the URL itself or nothing, and ignore this.
   */
  resource: string;
  /** The header the spec names for its credentials (api-key's `header`); schemes with a fixed header ignore it. */
  header?: string;
  /** Equivalent spellings of a valid token (SAS only; the other schemes ignore it). */
  style?: AuthStyle;
  /**
   * Which of a variant's fixed forms to send (`malformed`, `missing-field`), taken modulo the
   * number of forms; default 0. Deterministic on purpose: the same case always sends the same bytes.
   */
  pick?: number;
}

/** A header value with its secret parts replaced by `[redacted]`, and the parts cut out. */
export interface Redaction {
  value: string;
  cut: string[];
}

export interface AuthPlugin<C extends Credentials = Credentials> {
  readonly catalog: SchemeCatalogEntry;
  /**
   * Returns a new request (headers copied; the body bytes shared, since nothing writes to a wire
   * body once encoded) carrying the variant's credentials. Throws
   * `UnsupportedAuthVariant` (a SKIP: these credentials cannot make it) or `InvalidCredentials` (an ERROR).
   */
  sign(req: WireRequest, variant: AuthVariant, ctx: SignContext): Promise<WireRequest>;
  /** What a token is for (`SignContext.resource`), from the encoded request and the entity's configured value. */
  resource(wire: WireRequest, entity: string): string;
  /** What `ruleprobe sample` signs with when no target config is given: obviously not real, never a secret. */
  readonly sample: { readonly baseUrl: string; readonly credentials: C };
  /** Lower-case names of the request headers that carry this scheme's secrets. */
  secretHeaders(auth: AuthModel): readonly string[];
  /** One such header's value as a report may show it. */
  redact(header: string, value: string): Redaction;
  /**
   * Whether a received request's credentials have the scheme's form and are for what the request
   * asks (`resource` as `resource` gives it), without the secret: for judging a client's request.
   * Absent: the scheme's requests are not judged.
   */
  inspect?(wire: WireRequest, resource: string): { ok: boolean; detail: string };
}
