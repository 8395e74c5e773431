/**
 * The shape of a spec file as written (YAML), mirroring spec.schema.json.
 * The loader validates against the schema first, so these types hold for any loaded spec.
 */
import type { Encoding, FieldRole, ResponseFieldRole } from '../src/model/operation.js';
import type { AppliesTo, Level } from '../src/model/rule.js';

export interface SourceDoc {
  section: string;
  item?: string;
  quote?: string;
  ref?: string;
}

export interface OutcomeDoc {
  status: number | number[];
  code?: string;
}
export type OutcomesDoc = OutcomeDoc | OutcomeDoc[];

export interface AmbiguityDoc {
  note: string;
  ref?: string;
  /** How alternatives that carry what they send (`value`, `max`, `vary`) are sent. */
  send?: 'either-of' | 'each';
  alternatives: Array<{ id: string; description: string; accepted?: boolean; value?: string; max?: number; vary?: string[]; expect?: ExpectDoc }>;
}

export interface RuleFieldsDoc {
  slug?: string;
  level?: Level;
  title?: string;
  requirement?: string;
  source?: SourceDoc;
  reject?: OutcomesDoc;
  ambiguity?: AmbiguityDoc;
  untestable?: string;
  appliesTo?: AppliesTo;
  requires?: Record<string, string>;
  covers?: string[];
}

export type EntityKindDoc = string | { name: string; pattern?: string; description?: string; example?: string };

export type CharsetRangeDoc = string | { range: string; label: string };

export interface FieldDoc {
  name: string;
  documentedAs?: string[];
  slug?: string;
  type?: 'string' | 'integer' | 'base64' | 'flag';
  role?: FieldRole;
  canonical?: string;
  examples?: string[];
  description?: string;
  source: SourceDoc;
  level?: Level;
  appliesTo?: AppliesTo;
  reject?: OutcomesDoc;
  covers?: string[];
  required?: boolean | (RuleFieldsDoc & { value: boolean });
  typeRule?: RuleFieldsDoc;
  range?: RuleFieldsDoc & { min: number; max: number };
  length?: RuleFieldsDoc & { min?: number; max?: number; unit: 'bytes' | 'characters'; documented?: string };
  charset?: RuleFieldsDoc & { ranges: CharsetRangeDoc[] };
  pattern?: RuleFieldsDoc & { regex: string; examples?: { valid?: string[]; invalid?: string[] } };
  value?: RuleFieldsDoc & { value: string; also?: string[]; mediaType?: boolean | 'exact' | 'listed' | 'charset-optional' };
  enum?: RuleFieldsDoc & { values: Array<string | EnumValueDoc>; caseSensitive?: boolean };
  dependsOn?: RuleFieldsDoc & { field: string; values: Record<string, string[]>; mediaType?: boolean; mismatch?: RuleFieldsDoc };
  numbered?: RuleFieldsDoc & { maxItems: number; fields: FieldDoc[] };
}

export type EnumValueDoc = RuleFieldsDoc & { value: string; selects?: string; examples?: string[] };

/** `name` is required with `from: placeholder` (the schema says so). */
export interface BindingDoc {
  from: 'placeholder' | 'request-host';
  name?: string;
}

export interface ValueFormatDoc {
  value?: string;
  mediaType?: string;
  match?: 'exact' | 'listed' | 'charset-optional';
  pattern?: string;
  template?: string;
  bind?: Record<string, BindingDoc>;
  named?: 'md5-hex' | 'non-empty' | 'decimal-uint128' | 'uri' | 'datetime' | 'atom-link' | 'xml-content';
  echoes?: string;
}

export type AuthDoc = { scheme: string; source: SourceDoc; [option: string]: unknown };

export type StimulusDoc =
  | 'valid'
  | 'none'
  | { valid: { vary?: string[] } }
  | { auth: string }
  | { body: string }
  | { url: string }
  | { example: string }
  | { sequence: { count: number; vary?: string[] } }
  | { cases: FixedCaseDoc[] }
  | { scenario: ScenarioDoc };

/** `$defs/extractor`: where a value is read from an answer; inside `each`, a string is a path of the parent's kind. */
export type ExtractorDoc =
  | { xml: string; each?: Record<string, string | ExtractorDoc>; optional?: boolean }
  | { json: string; each?: Record<string, string | ExtractorDoc>; optional?: boolean }
  | { header: string; match?: string; optional?: boolean };

/** `$defs/condition` (src/model/scenario.ts `Condition`). */
export type ConditionDoc =
  | { some: Record<string, string> }
  | { none: Record<string, string> }
  | { count: { where: Record<string, string>; is: number } }
  | { order: { field: string; values: string[] } }
  | { equal: string[] }
  | { digest: { algorithm: string; of: string; equals: string } }
  | { records: { of: string; equal: Array<Record<string, string>> } }
  | { oneOf: { value: string; values: string[] } }
  | { all: ConditionDoc[] };

/** `$defs/step`. */
export type StepDoc =
  | { send: { entity?: string; set?: Record<string, FixedValueDoc>; as?: string; expect?: number[] }; label?: string; bind?: Record<string, ExtractorDoc> }
  | { call: string; label?: string; with?: Record<string, string | number>; bind?: Record<string, ExtractorDoc>; expect?: number[] }
  | { wait: string | number; label?: string }
  | (PollDoc & { until: ConditionDoc; within: string | number })
  | (PollDoc & { never: ConditionDoc; for: string | number })
  | { assert: ConditionDoc; label?: string; items?: string };

/** What both kinds of poll step have (`until` … `within`, `never` … `for`). */
export interface PollDoc {
  poll: string;
  label?: string;
  with?: Record<string, string | number>;
  every?: string | number;
  collect?: string;
  key?: string;
  keep?: Record<string, string>;
  judged?: boolean;
  then?: StepDoc[];
}

export interface ScenarioDoc {
  setup?: StepDoc[];
  steps: StepDoc[];
  teardown?: StepDoc[];
}

/** `companions[]`: another operation of the same API. */
export interface CompanionDoc {
  name: string;
  source?: SourceDoc;
  description?: string;
  inputs?: Record<string, string | number | null>;
  request: { method: string; url: string; headers?: Record<string, string>; form?: Record<string, string | number>; text?: string; json?: unknown };
  accept: number[];
  pending?: number[];
  items?: ExtractorDoc;
}

export type FixedValueDoc = string | null | { fill: string; bytes: number };

/** `$defs/presenceCondition`: one of entity, has, lacks. */
export type PresenceConditionDoc = { entity?: string; has?: string; lacks?: string };

/** One fixed request of a `cases` stimulus (`$defs/fixedCase`). */
export interface FixedCaseDoc {
  label: string;
  expect: 'accept' | 'reject';
  set?: Record<string, string | null | { fill: string; bytes: number }>;
  extra?: Record<string, string>;
}

export type CheckDoc = string | { name: string; args: Record<string, unknown> };
export type ExpectDoc = { accept: number[]; checks?: CheckDoc[] } | { reject: OutcomesDoc; checks?: CheckDoc[] };

export interface RuleDoc extends RuleFieldsDoc {
  slug: string;
  level: Level;
  source: SourceDoc;
  title: string;
  requirement: string;
  stimulus: StimulusDoc;
  expect?: ExpectDoc;
}

/** `transport.encoding`: a protocol family's `kind` and its options (checked by the family's schema fragment). */
export type EncodingDoc = Encoding;

export interface SpecDoc {
  id: string;
  title: string;
  seed: string;
  description?: string;
  defaults: { level?: Level; accept: number[]; reject: OutcomesDoc; missing: OutcomesDoc };
  transport: {
    method: string;
    url: string;
    documentedUrl?: string;
    placeholders?: Array<{ name: string; from: 'entity' | 'base'; description: string }>;
    encoding: EncodingDoc;
    targetOptions?: Record<string, { values: string[]; description: string }>;
    entity: { name: string; parameter?: string; placeholder?: string; kinds: EntityKindDoc[] };
    source: SourceDoc;
  };
  /** A registered scheme's name, and that scheme's own options (api-key's `header`), checked against the scheme catalog at load. */
  auth: AuthDoc;
  headers?: FieldDoc[];
  parameters?: FieldDoc[];
  query?: FieldDoc[];
  body?: FieldDoc;
  examples?: Array<{ name: string; source: SourceDoc; form?: Record<string, string>; body?: string; response?: Record<string, string> }>;
  responses: {
    statuses: Array<{ status: number; meaning: string; source: SourceDoc; errors?: Array<{ code: string; meaning: string; source: SourceDoc }> }>;
    errorBody?: { format: 'xml' | 'json' | 'header'; codePath: string; fields?: string[]; schema?: Record<string, unknown>; source?: SourceDoc };
    headers?: Array<{ name: string; status: number[]; format: ValueFormatDoc; source: SourceDoc; rule?: RuleFieldsDoc }>;
    body?: {
      status: number[];
      format: 'xml' | 'json' | 'none';
      root?: string;
      schema?: Record<string, unknown>;
      namespace?: string;
      source: SourceDoc;
      rule?: RuleFieldsDoc;
      fields?: Array<{
        path: string;
        format: ValueFormatDoc;
        presence: 'always' | 'optional' | 'absent' | 'with-attributes' | 'without-attributes';
        /** The requests the presence holds for; others are not judged. */
        when?: PresenceConditionDoc;
        vary?: string[];
        /** Further conditions under which the field must be absent, each its own rule. */
        absent?: Array<{ when: PresenceConditionDoc; vary?: string[]; rule?: RuleFieldsDoc }>;
        role?: ResponseFieldRole;
        source: SourceDoc;
        rule?: RuleFieldsDoc;
      }>;
    };
  };
  rules?: RuleDoc[];
  /** Other operations of the same API that scenarios call. */
  companions?: CompanionDoc[];
  /** Named times scenarios wait by (seconds), each with its default and bounds. */
  timing?: Record<string, { default: number; min?: number; max?: number; description: string }>;
}
