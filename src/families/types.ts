/**
 * A protocol family plug-in: how an operation's request body is built, encoded and broken, and
 * where its error code lives. Each family is one folder with up to four parts, so that each
 * layer imports only what it may:
 *  - `catalog.ts` (`FamilyCatalog`): the schema fragment of `transport.encoding`, the body
 *    variants and vary tokens it knows, the error-body formats it allows, load-time checks —
 *    data and pure functions only, read by `specs/`;
 *  - `body.ts` (`FamilyBody`): parameters in and out of the logical body (`BodyContent`) — read
 *    by the generators and by the checks;
 *  - `generate.ts` (`FamilyGeneration`): canonical body, broken bodies, the valid-body
 *    arbitrary — read by `generators/`, never importing encoding;
 *  - `encode.ts` (`FamilyEncoding`): logical body ⇄ wire bytes — read by `src/encode/request.ts`.
 * Each part is registered in its one map (`catalog.ts`, `body.ts`, `generation.ts`,
 * `encoding.ts` in this folder), all keyed by `FamilyName`, so a family missing from a map is a
 * type error.
 */
import type fc from 'fast-check';
import type { Encoding, FieldModel, OperationModel } from '../model/operation.js';
import type { AbstractRequest, BodyContent, NamedValue, TextValue } from '../model/request.js';
import type { VaryToken } from '../model/vary.js';

/** A load problem located by JSON pointer in the spec. */
export interface FamilyProblem {
  pointer: string;
  message: string;
}

export interface FamilyCatalog {
  /** One line for the README and `known:` messages. */
  description: string;
  /** JSON Schema of `transport.encoding` (its `kind` included), checked when the spec loads. */
  schema: Record<string, unknown>;
  /** The `body:` stimulus variants the family can build, with what each sends. */
  bodyVariants: Record<string, string>;
  /** Vary tokens the family adds (`key` → values, or null for a bare token). */
  vary: (encoding: Encoding) => Record<string, { values: readonly string[] | null; description: string }>;
  /**
   * Whether a text value can carry bytes that are no UTF-8 while the body stays well-formed (a
   * form field percent-encodes them). Where it cannot (JSON text is UTF-8, RFC 8259 §8.1), such
   * bytes break the whole body, which is the body rules' business, not a field's charset rule.
   */
  rawTextBytes: boolean;
  /** `responses.errorBody.format` values that fit the family. */
  errorFormats: ReadonlyArray<'xml' | 'json' | 'header'>;
  /** The media type of the family's body, when it has one of its own. */
  mediaType?: string;
  /** The JSON Schema the family's canonical body must conform to, when the options give one (checked at load with ajv). */
  bodySchema?: (encoding: Encoding) => Record<string, unknown> | undefined;
  /** The canonical body as a JSON value, for that check. */
  canonicalBody?: (op: OperationModel) => unknown;
  /** Checks the schema cannot express, on the compiled operation (pointers into the spec). */
  check?: (op: OperationModel) => FamilyProblem[];
  /**
   * The declared variation of the operation a received request is (a raw WNS notification), read
   * from its selection and headers, with the media type that variation takes; for judging a
   * client's request (src/judge/).
   */
  requestVariant?: (op: OperationModel, selection: string, headers: readonly NamedValue[]) => { name: string; mediaType?: string } | undefined;
}

export interface FamilyBody {
  /** The value of parameter `field` (item `n` of a numbered one) in the body, if present. */
  get(op: OperationModel, body: BodyContent, field: FieldModel, n?: number): TextValue | undefined;
  /** The body with parameter `field` set to `value` (`undefined`: removed); nothing else changes. */
  set(op: OperationModel, body: BodyContent, field: FieldModel, value: TextValue | null | undefined, n?: number): BodyContent;
  /** The item indices of numbered parameter `group` present in the body, in order. */
  items(op: OperationModel, body: BodyContent, group: FieldModel): number[];
}

/** What the generators give a family: the generic value builders and the request under construction. */
export interface BodyContext {
  op: OperationModel;
  /** The canonical request so far (headers, query) and generation context. */
  entity: string;
  entityValue: string;
  nonce: string | undefined;
  /** `platform`: the value of the format-selector field, when the operation has one. */
  selection: string | undefined;
  seed: string;
}

export interface FamilyGeneration {
  /** The canonical valid body: required parameters with plain values. */
  canonicalBody(ctx: BodyContext): BodyContent;
  /** Whether a finished valid request's body still conforms to what the spec declares of it (a JSON Schema); absent: always. */
  conforms?(op: OperationModel, body: BodyContent): boolean;
  /** The media type a body for `selection` naturally travels with, when the spec documents none. */
  naturalMediaType?(op: OperationModel, selection: string | undefined): string | undefined;
  /**
   * A body of the media type a request is sent with, so that type and body agree (an XML toast as
   * application/xml, JSON as application/json): the selection's own kind of that type first, else
   * another selection's; undefined when the family has none of that type.
   */
  bodyForMediaType?(op: OperationModel, selection: string | undefined, mediaType: string): BodyContent | undefined;
  /** Requests for one `body:` variant, each a label and the request, built on `base` (the canonical request). */
  brokenBodies(op: OperationModel, variant: string, base: (selection?: string) => AbstractRequest): Array<[string, AbstractRequest]>;
  /**
   * Random valid requests: the family draws what its body varies (text across Unicode, items,
   * equivalent encodings) on top of `base`, the canonical request for a selection.
   */
  validRequest(op: OperationModel, env: ValidEnv, vary: VaryToken[], maxText: number): fc.Arbitrary<AbstractRequest>;
  /** The body of a document's example given as decoded parameters (`examples[].form`), in the canonical body's style. */
  exampleBody?(op: OperationModel, canonical: BodyContent, fields: NamedValue[]): BodyContent;
  /** A valid body of exactly `bytes` UTF-8 bytes ending in `tail` (the whole-body length rule), and what kind of body it is. */
  sizedBody?(op: OperationModel, selection: string | undefined, bytes: number, tail: string): { value: TextValue; kind: string };
}

/** What the valid-body arbitrary gets from the generators. */
export interface ValidEnv {
  entity: string;
  /** The canonical request for a selection (`undefined`: the operation's first). */
  base(selection?: string): AbstractRequest;
  /** The request with `field` set (generic, any kind of field). */
  withField(req: AbstractRequest, field: FieldModel, value: TextValue | null | undefined): AbstractRequest;
  /** The configured device handle for a selection. */
  deviceHandle(selection: string): string;
}

export interface FamilyEncoding {
  /** The body's wire bytes; `raw` and `none` bodies are encoded generically before this is asked. */
  encode(op: OperationModel, body: BodyContent): Uint8Array;
  /** The logical body of wire bytes (raw when they are not a body the family writes). */
  decode(op: OperationModel, bytes: Uint8Array): BodyContent;
}
