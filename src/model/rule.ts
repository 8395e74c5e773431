/**
 * The rule model: one record per documented requirement. Everything downstream
 * (generators, runner, reporters) reads these records; nothing reads spec YAML directly.
 * Every field is JSON-serialisable so a rule can travel as vitest `task.meta`.
 */
import type { MediaTypeMatch } from './media-type.js';
import type { OperationModel } from './operation.js';
import type { Scenario } from './scenario.js';

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/** Where the document says it: seed file, section, and the row or field within it. */
export interface RuleSource {
  seed: string;
  section: string;
  item?: string;
  /** A short verbatim excerpt of the document, when the wording decides the level. */
  quote?: string;
  /** A linked page or PROTOCOL-FACTS section that fills in what the seed leaves out. */
  ref?: string;
}

/** One answer a target may give: a status, optionally with an error code in the body. */
export interface Outcome {
  status: number[];
  code?: string;
}

/**
 * What a conforming target does with the rule's requests.
 * `accept`: every request gets one of `status` (and passes `checks`).
 * `reject`: each violating request gets one of `outcomes`; the boundary values inside the
 * limit (when the stimulus has any) are accepted with `acceptStatus`.
 */
export type Expectation =
  | { outcome: 'accept'; status: number[]; checks: CheckRef[] }
  | { outcome: 'reject'; outcomes: Outcome[]; acceptStatus: number[]; checks: CheckRef[] }
  | { outcome: 'none' };

/** A named response check (see src/checks/catalog.ts) with the arguments the spec gives it. */
export interface CheckRef {
  name: string;
  args?: Record<string, unknown>;
}

/** Where a constrained value travels. */
export type SubjectKind = 'header' | 'parameter' | 'query' | 'body';

export interface Subject {
  kind: SubjectKind;
  /** Wire name as the spec declares it (`Attr.{N}.Value.Type`, `X-Format`). */
  name: string;
}

export type ConstraintKind =
  | 'required'
  | 'optional'
  | 'type'
  | 'range'
  | 'length'
  | 'charset'
  | 'pattern'
  | 'enum-value'
  | 'enum-unlisted'
  | 'value'
  | 'depends-on'
  | 'max-items'
  | 'unique';

/** What each kind of constraint stimulus carries: the declared limit, set or value it exercises. */
export interface ConstraintDetails {
  required: undefined;
  optional: undefined;
  type: { type: 'string' | 'integer' | 'base64' | 'flag' };
  range: { min: number; max: number };
  length: { unit: 'bytes' | 'characters'; min?: number; max?: number };
  /** Allowed code points, as inclusive [lo, hi] pairs. */
  charset: { ranges: Array<[number, number]> };
  pattern: { regex: string; examples?: { valid?: string[]; invalid?: string[] } };
  value: { value: string; also: string[]; mediaType: false | MediaTypeMatch };
  'enum-value': { value: string };
  'enum-unlisted': { values: string[] };
  'depends-on': { field: string; values: Record<string, string[]>; mediaType: boolean };
  'max-items': { max: number };
  unique: undefined;
}

/** One constraint stimulus per kind, each with its own typed detail (none for required/optional/unique). */
export type ConstraintStimulus = {
  [K in ConstraintKind]: { kind: 'constraint'; subject: Subject; constraint: K } & (ConstraintDetails[K] extends undefined ? { detail?: never } : { detail: ConstraintDetails[K] });
}[ConstraintKind];

/** A constraint stimulus without its subject: what a field declaration contributes. */
export type ConstraintSpec = ConstraintStimulus extends infer S ? (S extends ConstraintStimulus ? Omit<S, 'kind' | 'subject'> : never) : never;

/**
 * What the rule sends. Generators turn a stimulus into requests; the rule model
 * says only what is to be exercised, never how it is encoded.
 */
export type Stimulus =
  /** Valid requests; response rules and named checks look at the answers. */
  | { kind: 'valid'; vary?: string[] }
  /** Requests that exercise one declared constraint (boundary values and violations). */
  | ConstraintStimulus
  /** A request signed wrongly on purpose. */
  | { kind: 'auth'; variant: string }
  /** A valid request whose body is broken in one named way (not XML, malformed, wrong root, ...). */
  | { kind: 'body'; variant: string }
  /** A request sent to a URL the operation does not serve. */
  | { kind: 'url'; variant: string }
  /** The document's own sample request, sent as written. */
  | { kind: 'example'; example: string }
  /** Several valid requests in order (sequence numbers, deduplication). */
  | { kind: 'sequence'; count: number; vary?: string[] }
  /** Fixed requests, each the canonical valid request with the parameters it names set, left out or added. */
  | { kind: 'cases'; cases: FixedCase[] }
  /** Steps: the operation's own requests and calls of companion operations, with waits, polls and asserts (src/model/scenario.ts). */
  | { kind: 'scenario'; scenario: Scenario }
  /** Not sent: the rule is untestable from outside. */
  | { kind: 'none' };

/**
 * A value a fixed case gives a parameter: text, `null` (leave the parameter out), or text of an
 * exact UTF-8 size, `fill` repeated until it has `bytes` bytes.
 */
export type FixedValue = string | null | { fill: string; bytes: number };

/** One fixed request of a `cases` stimulus. */
export interface FixedCase {
  label: string;
  expect: 'accept' | 'reject';
  /** Declared parameters by wire name (`MessageBody`, `MessageAttribute.2.Name` for item 2 of a numbered one). */
  set: Array<{ name: string; value: FixedValue }>;
  /** Parameters the operation does not declare, written as given. */
  extra: Array<{ name: string; value: string }>;
}

export interface AmbiguityAlternative {
  /** Short stable name, selectable by a profile overlay (`seed`, `live`, ...). */
  id: string;
  description: string;
  /** Accepted by default; a reading that is only recorded can be selected by a profile overlay. */
  accepted: boolean;
  /** What this reading of the document expects instead; absent: same expectation. */
  expect?: Expectation;
  /** What this reading sends instead: for enum values, the spelling this reading uses. */
  value?: string;
  /** What this reading sends instead: the limit of a length rule as this reading counts it (64 Kb as 64000 bytes). */
  max?: number;
  /** What this reading sends instead: vary tokens naming fields (`direct=true`) applied to the rule's requests. */
  vary?: string[];
}

/**
 * How readings that send different requests are sent: `either-of` — each case once, in the first
 * reading's form, and in the next readings' forms only while the target refuses it (the case
 * passes when one is accepted, and the record names the reading taken); `each` — every reading's
 * own cases (its boundaries), a case the readings disagree on passing with either outcome.
 */
export type ReadingSend = 'either-of' | 'each';

export interface Ambiguity {
  note: string;
  ref?: string;
  /** Present when some alternatives carry what they send (`value`, `max`, `vary`). */
  send?: ReadingSend;
  /** Every reading the harness accepts, the seed's own first. */
  alternatives: AmbiguityAlternative[];
}

/**
 * Which kind of configured entity a rule needs: `any`, or an entity kind the spec declares
 * (`fifo-queue`); the runner SKIPs the rule when the target has none.
 */
export type AppliesTo = string;

export interface Rule {
  /** `<spec-id>/<slug>`: stable, derived from names, never from a position. */
  id: string;
  specId: string;
  slug: string;
  level: Level;
  source: RuleSource;
  /** The stimulus in one line. */
  title: string;
  /** The expectation in one sentence. */
  requirement: string;
  testable: boolean;
  untestableReason?: string;
  ambiguity?: Ambiguity;
  appliesTo: AppliesTo;
  /** Target options the rule needs (`tier: standard`), as the spec declares them; a target without them SKIPs it. */
  requires?: Record<string, string>;
  stimulus: Stimulus;
  expect: Expectation;
  /** Inventory keys of the documented items this rule exercises (see test/inventory). */
  covers: string[];
}

export interface RuleSet {
  specId: string;
  title: string;
  seed: string;
  /** File the spec was loaded from, for messages. */
  file: string;
  rules: Rule[];
  operation: OperationModel;
  /** The profile the rules were built under (absent: `seed`, the spec as written). */
  profile?: string;
  /** Every profile the spec has, `seed` first (absent: only `seed`). */
  profiles?: string[];
  /** The overlay a profile other than `seed` came from. */
  profileSource?: { file: string; description: string; facts: string; sdk?: string };
}
