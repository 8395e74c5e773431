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

export interface OperationModel {
  specId: string;
  method: string;
  url: string;
  placeholders: Array<{ name: string; from: 'entity' | 'base' }>;
  encoding: Encoding;
  entity: { name: string; parameter?: string; placeholder?: string; kinds: AppliesTo[] };
  auth: { scheme: 'wrap' | 'sas' | 'sigv4'; header: string };
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
