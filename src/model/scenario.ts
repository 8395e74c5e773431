/**
 * Behaviour observed through other operations: a spec's companion operations (their own request
 * and response description) and the steps a rule runs — set up, send, call a companion, bind
 * values from an answer, wait, poll until a condition or a deadline, assert, tear down.
 * JSON-serialisable like the rest of the rule model.
 *
 * Text in a step is a template: `{name}` is a bound value (`{id}`, `{a1.MessageBody}` for a value
 * a send step set, `{item.handle}` inside a poll's `then`), `{timing.delay}` a timing of the spec
 * (its default, or the target config's), `{entity}` the configured entity of the rule's kind,
 * `{base}` the target's base URL and `{unique}` a token unique to the scenario run.
 */
import type { FixedValue, RuleSource } from './rule.js';

/** A placeholder in a template: `{name}` or `{name.field}`. */
export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\}/g;

/** Every placeholder of a template, by name. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The placeholder a template is made of alone (`{received.attributes}`), whose value may be a list; undefined for any other template. */
export function wholePlaceholder(template: string): string | undefined {
  const all = [...template.matchAll(PLACEHOLDER)];
  return all.length === 1 && all[0]![0] === template ? all[0]![1] : undefined;
}

/** Where a value is read from an answer: an XML element path (`A/B[Name=x]/Value`), a JSON pointer, or a header (`match`: a regex whose first group is the value). */
export type Extractor =
  | { xml: string; each?: Record<string, Extractor>; optional?: boolean }
  | { json: string; each?: Record<string, Extractor>; optional?: boolean }
  | { header: string; match?: string; optional?: boolean };

/** The body a companion request carries, its text templated. */
export type CompanionBody =
  | { kind: 'form'; fields: Array<{ name: string; value: string }> }
  | { kind: 'text'; value: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'none' };

/** Another operation of the same API, called by steps (ReceiveMessage, Get Notification Message Telemetry). */
export interface Companion {
  name: string;
  source?: RuleSource;
  method: string;
  /** `{base}/…` with templates; the query is part of it. */
  url: string;
  headers: Array<{ name: string; value: string }>;
  body: CompanionBody;
  /** The statuses that mean the call succeeded. */
  accept: number[];
  /** Statuses that mean "not yet" (telemetry not ready): a poll calls again; a single call fails on them. */
  pending: number[];
  /** The records one answer lists (the messages a receive returns), each with its named fields. */
  items?: Extractor;
  /** The inputs a call gives in `with` (its templates read them as `{name}`), each with its default template, or null when a call must give it. */
  inputs: Record<string, string | null>;
}

/** A time in seconds: a number, or a template of numbers joined by + and - (`{timing.delay} - {timing.tolerance}`). */
export type Seconds = string;

/** A condition on values and on the items of an answer (or the items a poll collected). */
export type Condition =
  /** At least one item has every named field equal to its template. */
  | { some: Record<string, string> }
  /** No item has every named field equal. */
  | { none: Record<string, string> }
  /** Exactly `is` items match `where`. */
  | { count: { where: Record<string, string>; is: number } }
  /** The items whose `field` is one of `values` appear in that order, each once. */
  | { order: { field: string; values: string[] } }
  /** Two texts are equal. */
  | { equal: [string, string] }
  /** A named digest of a value equals a text (`md5` of a text's UTF-8 bytes; `message-attributes-md5` of a list of {name, type, string|binary}). */
  | { digest: { algorithm: DigestName; of: string; equals: string } }
  /** A list value (bound with `each`) has exactly these records, in any order. */
  | { records: { of: string; equal: Array<Record<string, string>> } }
  /** A text is one of the listed values. */
  | { oneOf: { value: string; values: string[] } }
  /** Every condition holds. */
  | { all: Condition[] };

export const DIGESTS = ['md5', 'message-attributes-md5'] as const;
export type DigestName = (typeof DIGESTS)[number];

/** What a send step sets on the canonical valid request: declared parameters by wire name (templates), left out (null) or sized. */
export interface SendEdit {
  name: string;
  value: FixedValue;
}

export type Step =
  /**
   * The operation's own request: the canonical valid request with `set` applied, sent to `entity`
   * (a template; absent: the configured entity); `as` names it, so `{as.Param}` is a value it set.
   * `expect`: the statuses that continue the scenario (absent: the spec's accept statuses).
   */
  | { kind: 'send'; label: string; entity?: string; set: SendEdit[]; as?: string; bind: Record<string, Extractor>; expect?: number[] }
  /** One call of a companion with its inputs; its answer must have one of `expect` (absent: the companion's accept statuses). */
  | { kind: 'call'; label: string; companion: string; with: Record<string, string>; bind: Record<string, Extractor>; expect?: number[] }
  /** Waits. */
  | { kind: 'wait'; label: string; seconds: Seconds }
  /**
   * Calls a companion every `every` seconds and collects the items of its answers, each once
   * (`then` runs for each new item, `{item.field}` bound): `until` — the condition must hold within
   * `within` seconds (the poll ends as soon as it does); `never` — it must not hold during `for` seconds.
   * Judged by what was observable: `until` fails only on an answer to a call sent once the window
   * was over (one sent before may have been decided before the condition came to hold); `never`
   * fails only on an answer that arrived inside the window (one after it is noted, not judged).
   */
  | {
      kind: 'poll';
      label: string;
      companion: string;
      with: Record<string, string>;
      every: Seconds;
      mode: 'until' | 'never';
      window: Seconds;
      condition: Condition;
      /** The collected items are bound under this name for later asserts. */
      collect?: string;
      /** Items are told apart by this field (absent: every item is new). */
      key?: string;
      /** Only the items with these field values are collected (the message this rule sent, among others). */
      keep?: Record<string, string>;
      /** The answers themselves are the rule's question: one refused or unreadable fails the rule instead of leaving it undecided. */
      judged?: boolean;
      then: Step[];
    }
  /** A condition on the values bound so far. */
  | { kind: 'assert'; label: string; condition: Condition; items?: string };

/** A rule's scenario: setup (a failure there is ERROR), the steps it judges, teardown (always run, never judged). */
export interface Scenario {
  setup: Step[];
  steps: Step[];
  teardown: Step[];
}

/** A named time a spec's scenarios use, with its default and bounds (a target config may set it within them). */
export interface Timing {
  name: string;
  default: number;
  min: number;
  max: number;
  description: string;
}
