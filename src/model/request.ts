/**
 * Requests at three depths:
 *  - `RequestCase`: what a rule sends and what it expects, JSON-serialisable (reports, replay);
 *  - `AbstractRequest`: the logical request (fields, headers, body content), before encoding;
 *  - `WireRequest`: method, URL, headers and body bytes, after encoding and signing.
 * Generators produce the first two and never import transport; encoders and signers turn an
 * AbstractRequest into a WireRequest.
 */

/**
 * A text value as generated. A plain string is sent as UTF-8, except that lone surrogates are
 * written as their 3-byte (WTF-8) form, so they reach the target as invalid UTF-8 on purpose.
 * `{ raw }` is any byte sequence (base64), for invalid UTF-8 that no string can express.
 */
export type TextValue = string | { raw: string };

export interface NamedValue {
  name: string;
  value: TextValue;
}

/** Equivalent spellings of one form body that a conforming server must treat alike. */
export interface FormStyle {
  order: 'as-is' | 'sorted' | 'reversed';
  space: 'plus' | 'percent';
  /** Hex digits of percent-escapes in upper or lower case (`%2F` / `%2f`). */
  hexCase: 'upper' | 'lower';
}

export type BodyContent =
  /** aws-query: decoded form fields, in order, the action and version parameters included. */
  | { kind: 'form'; fields: NamedValue[]; style: FormStyle }
  /** atom-entry: the description embedded in <content type='application/xml'>; the encoder builds the entry. */
  | { kind: 'atom'; description: TextValue; descriptionIsXml: boolean }
  /**
   * json: a JSON document. `raw` puts bytes that no JSON string can hold (invalid UTF-8) inside
   * the string at each JSON pointer, quotes kept, for charset cases; the value there is a
   * placeholder.
   */
  | { kind: 'json'; value: unknown; raw?: Record<string, string> }
  /** A body sent exactly as given (native push payloads, deliberately broken bodies). */
  | { kind: 'raw'; value: TextValue }
  | { kind: 'none' };

/** How the request is signed: correctly, or wrongly on purpose for an auth rule. */
/**
 * Which credentials a request carries: `valid`, or one of the deliberately wrong variants its auth
 * scheme declares (`missing`, `empty`, `wrong-key`, `malformed`, `expired`, …). Each scheme brings
 * its own list (`src/sign/schemes/<name>/catalog.ts`, copied into `OperationModel.auth.variants`);
 * a spec rule asking for a variant its scheme lacks does not load.
 */
export type AuthVariant = string;

/** Variations of a valid signature that a conforming server must accept alike. */
export interface AuthStyle {
  /**
   * The equivalent spellings of a valid token this request uses, by the style names its auth
   * scheme declares (SAS: `sr-hex: upper`, `field-order: sig-first`); a style not named is the
   * scheme's first (canonical) spelling.
   */
  choices?: Record<string, string>;
  /** Which of a wrong variant's fixed forms (malformed, missing-field) to send; the signer takes it modulo its count. */
  form?: number;
}

export interface AbstractRequest {
  /** Which configured entity the request goes to (`standard-queue`, `fifo-queue`, `topic`, `hub`). */
  entity: string;
  /** `operation`: the documented URL; the others break it on purpose. */
  path: 'operation' | 'wrong-path' | 'unknown-entity';
  /** Query parameters in order; `null` is a bare flag (`?direct`). */
  query: Array<{ name: string; value: string | null }>;
  /** Request headers other than the signature, in order. */
  headers: NamedValue[];
  body: BodyContent;
  auth: AuthVariant;
  authStyle?: AuthStyle;
}

export type CaseOrigin = 'boundary' | 'example' | 'random';

/** One request of one rule, with the answer the rule expects to it. */
export interface RequestCase {
  ruleId: string;
  /** What this case exercises, for people: `Delay = 901 (max + 1)`. */
  label: string;
  origin: CaseOrigin;
  /**
   * Whether a conforming target accepts this request or rejects it; `either` when the document's
   * readings disagree (a body of 64,001 bytes under a limit of "64 Kb" read as 64,000 or 65,536
   * bytes): then either outcome passes, and `readings` says which reading allows and which forbids it.
   */
  expect: 'accept' | 'reject' | 'either';
  /** For an `either` case: the ids of the readings that allow it and of those that forbid it. */
  readings?: { accept: string[]; reject: string[] };
  /** The ambiguity reading (its id) this request is written in, when the rule's readings send different requests. */
  reading?: string;
  /**
   * "Either of": the same case written in the other readings (`windowsphone` for `windows phone`).
   * When `request` does not meet the case's expectation, each of these is sent in turn, and the
   * case passes when one does; the record names the reading the target took.
   */
  eitherOf?: Array<{ reading: string; request: AbstractRequest }>;
  /** Why this case is not sent (the target config lacks what it needs); a rule all of whose cases are skipped is SKIP. */
  skip?: string;
  /** For sequences: this case is request `step` of the rule's sequence `sequence`. */
  sequence?: { id: string; step: number };
  request: AbstractRequest;
}

/** A request ready to send. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** Where requests go: the target config's view that encoders and signers need. */
export interface TargetContext {
  /** Base URL without a trailing slash (`https://ns.servicebus.windows.net`). */
  baseUrl: string;
  /** Configured entities by kind: topic path, queue URL, hub path. */
  entities: Record<string, string>;
}
