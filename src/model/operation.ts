/**
 * The operation a spec describes, normalised for generators and encoders: transport, auth
 * and every declared field with its full domain. JSON-serialisable, like the rules.
 */
import type { AppliesTo, Level, Outcome, SubjectKind } from './rule.js';

export type Encoding =
  | { kind: 'aws-query'; action: string; version: string }
  | { kind: 'atom-entry'; contentElement: string }
  | { kind: 'native-push'; formatHeader: string; platforms: Record<string, { body: string; maxBytes?: number }> };

export interface FieldModel {
  kind: SubjectKind;
  /** Wire name; `{N}` marks the index of a numbered parameter. */
  name: string;
  display: string;
  type: 'string' | 'integer' | 'base64' | 'flag';
  required: boolean | undefined;
  appliesTo: AppliesTo;
  level: Level;
  range?: { min: number; max: number };
  length?: { min?: number; max?: number; unit: 'bytes' | 'characters' };
  /** Allowed code points, as inclusive [lo, hi] pairs. */
  charset?: Array<[number, number]>;
  pattern?: string;
  /** A fixed value (and the other values the document also allows). */
  value?: { value: string; also: string[]; mediaType: boolean };
  /** Enumerated values, with the other spellings an accepted ambiguity reading uses. */
  enum?: Array<{ value: string; alternatives: string[] }>;
  dependsOn?: { field: string; values: Record<string, string[]>; mediaType: boolean };
  /** For `name.{N}.sub` arrays: at most this many items, each with these sub-fields. */
  numbered?: { maxItems: number; fields: FieldModel[] };
  reject: Outcome[];
}

/** The operation's auth scheme as the spec names it, resolved against the scheme catalog at load. */
export interface AuthModel {
  /** A registered scheme name (`wrap`, `sas`, `sigv4`, `bearer`, `api-key`, `none`). */
  scheme: string;
  /** The header the credentials travel in (`Authorization`, api-key's `X-Api-Key`); '' when none. */
  header: string;
  /** The scheme's own options from the spec's `auth` (api-key's `header`), as validated at load. */
  options: Record<string, unknown>;
  /**
   * Every variant the scheme can send, `valid` included, with its number of fixed forms (a
   * `malformed` header broken in several ways is sent once per form).
   */
  variants: Record<string, number>;
}

export interface OperationModel {
  specId: string;
  method: string;
  url: string;
  placeholders: Array<{ name: string; from: 'entity' | 'base' }>;
  encoding: Encoding;
  /** The entity kinds the spec declares (the names a target config uses under `entities:`), with what each must look like. */
  entity: { name: string; parameter?: string; placeholder?: string; kinds: string[]; formats: Record<string, { pattern?: string; description?: string }> };
  auth: AuthModel;
  accept: number[];
  headers: FieldModel[];
  query: FieldModel[];
  parameters: FieldModel[];
  body?: FieldModel;
  examples: Array<{ name: string; form?: Record<string, string>; body?: string; response?: Record<string, string> }>;
  /** Every status the document lists for the operation. */
  statuses: number[];
  /** Where an error response carries its code (`ErrorResponse/Error/Code`), when the document says. */
  errorBody?: { format: 'xml'; codePath: string };
}
