/**
 * The operation a spec describes, normalised for generators and encoders: transport, auth
 * and every declared field with its full domain. JSON-serialisable, like the rules.
 */
import type { MediaTypeMatch } from './media-type.js';
import type { AppliesTo, Level, Outcome, SubjectKind } from './rule.js';
import type { Companion, Timing } from './scenario.js';

/**
 * The protocol family's options as the spec declares them (`transport.encoding`): `kind` names
 * a registered family (src/families/catalog.ts); the rest is checked by that family's schema
 * fragment when the spec loads, and read only by that family's modules.
 */
export interface Encoding {
  kind: string;
  [option: string]: unknown;
}

/**
 * What a field means to generic code, declared in the spec (`role:`) instead of recognised by
 * name. The list is closed; spec.schema.json describes each role.
 */
export const FIELD_ROLES = [
  'message-body',
  'deduplication-id',
  'group-id',
  'device-handle',
  'format-selector',
  'media-type',
  'action',
  'version',
  'item-name',
  'item-type',
  'item-text-value',
  'item-binary-value',
] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

/** What a response field means to the named checks (`responses.body.fields[].role`). */
export const RESPONSE_FIELD_ROLES = ['body-digest', 'attributes-digest', 'sequence-number'] as const;
export type ResponseFieldRole = (typeof RESPONSE_FIELD_ROLES)[number];

export interface EnumValueModel {
  value: string;
  /** Other spellings an accepted ambiguity reading uses. */
  alternatives: string[];
  /**
   * When the value's ambiguity is sent `either-of`: every accepted reading with the spelling it
   * sends, the first being the one requests carry (the other spellings are tried only when it is refused).
   */
  readings?: Array<{ id: string; value: string }>;
  /** For an `item-type` field: the sub-field (wire name) that carries the item's value when the type is this one. */
  selects?: string;
  /** Values the selected sub-field takes for this type (a Number type's numbers). */
  examples?: string[];
}

export interface FieldModel {
  kind: SubjectKind;
  /** Wire name; `{N}` marks the index of a numbered parameter. */
  name: string;
  display: string;
  /** The slug rule ids of this field start with; a vary token may name a field by it. */
  slug: string;
  type: 'string' | 'integer' | 'base64' | 'flag';
  role?: FieldRole;
  /** The value the canonical request carries, when the spec gives one. */
  canonical?: string;
  /** Valid values the document gives; random valid requests draw from them. */
  examples?: string[];
  required: boolean | undefined;
  appliesTo: AppliesTo;
  level: Level;
  range?: { min: number; max: number };
  length?: { min?: number; max?: number; unit: 'bytes' | 'characters' };
  /** Allowed code points, as inclusive [lo, hi] pairs. */
  charset?: Array<[number, number]>;
  pattern?: string;
  /** A fixed value (and the other values the document also allows). */
  /** `mediaType`: false for plain text, else how the value matches as a media type. */
  value?: { value: string; also: string[]; mediaType: false | MediaTypeMatch };
  /** Enumerated values, with the other spellings an accepted ambiguity reading uses. */
  enum?: EnumValueModel[];
  /**
   * Whether case matters in the enumerated values, as the document says: `true` — a value in
   * another case is unlisted; `false` — it is the listed value; absent — the document does not
   * say, so another case is never sent.
   */
  caseSensitive?: boolean;
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
  /** Equivalent spellings of a valid token the scheme can write (SAS `sr-hex`), each with its values, the canonical first. */
  styles: Record<string, { values: string[]; description: string }>;
}

export interface OperationModel {
  specId: string;
  method: string;
  url: string;
  placeholders: Array<{ name: string; from: 'entity' | 'base' }>;
  encoding: Encoding;
  /** The entity kinds the spec declares (the names a target config uses under `entities:`), with what each must look like. */
  /** Facts about a target that rules may require, with their values (the target config's `options:`). */
  targetOptions: Record<string, { values: string[]; description: string }>;
  entity: { name: string; parameter?: string; placeholder?: string; kinds: string[]; formats: Record<string, { pattern?: string; description?: string; example?: string }> };
  auth: AuthModel;
  accept: number[];
  headers: FieldModel[];
  query: FieldModel[];
  parameters: FieldModel[];
  body?: FieldModel;
  examples: Array<{ name: string; form?: Record<string, string>; body?: string; response?: Record<string, string> }>;
  /** Every status the document lists for the operation. */
  statuses: number[];
  /**
   * Where an error response carries its code, when the document says: an XML element path
   * (`ErrorResponse/Error/Code`), a JSON pointer (`/error/code`) or a response header's name.
   */
  errorBody?: {
    format: 'xml' | 'json' | 'header';
    codePath: string;
    /** What every error body carries, non-empty: XML paths from the root, or JSON pointers. */
    fields: string[];
    /** json: the JSON Schema every error body conforms to. */
    schema?: Record<string, unknown>;
  };
  /** Documented response body fields that carry a role, by path. */
  responseFields: Array<{ path: string; role: ResponseFieldRole }>;
  /** How a successful response body is written, when the document says. */
  responseFormat?: 'xml' | 'json' | 'none';
  /** Other operations of the same API that scenarios call (src/model/scenario.ts). */
  companions: Companion[];
  /** The named times scenarios wait by, with defaults a target config may change. */
  timings: Timing[];
}

/** Every top-level field of the operation (headers, query, parameters, the body). */
export function allFields(op: OperationModel): FieldModel[] {
  return [...op.headers, ...op.query, ...op.parameters, ...(op.body ? [op.body] : [])];
}

/** The field that has `role`: a top-level field, or a sub-field of a numbered one. */
export function fieldWithRole(op: OperationModel, role: FieldRole): FieldModel | undefined {
  for (const f of allFields(op)) {
    if (f.role === role) return f;
    for (const sub of f.numbered?.fields ?? []) if (sub.role === role) return sub;
  }
  return undefined;
}

/** The sub-field of a numbered group that has `role`. */
export function subFieldWithRole(group: FieldModel, role: FieldRole): FieldModel | undefined {
  return group.numbered?.fields.find((f) => f.role === role);
}

/** The path of the response field that has `role`. */
export function responseFieldWithRole(op: OperationModel, role: ResponseFieldRole): string | undefined {
  return op.responseFields.find((f) => f.role === role)?.path;
}

/** Whether two header names are the same header (HTTP field names are case-insensitive). */
export function sameFieldName(field: FieldModel, name: string): boolean {
  return field.kind === 'header' ? field.name.toLowerCase() === name.toLowerCase() : field.name === name;
}

/**
 * The declared parameter a wire name stands for: a top-level parameter by its name, or a
 * sub-field of a numbered one with its item index (`MessageAttribute.2.Name` → sub-field Name,
 * item 2). A numbered parameter itself is no single wire name.
 */
export function parameterByWireName(op: OperationModel, name: string): { field: FieldModel; n?: number } | undefined {
  for (const p of op.parameters) {
    if (!p.numbered && p.name === name) return { field: p };
    for (const sub of p.numbered?.fields ?? []) {
      const [head, tail] = sub.name.split('{N}') as [string, string];
      if (!name.startsWith(head) || !name.endsWith(tail)) continue;
      const index = name.slice(head.length, name.length - tail.length);
      if (/^[1-9]\d*$/.test(index)) return { field: sub, n: Number(index) };
    }
  }
  return undefined;
}
