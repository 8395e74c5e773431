/**
 * Verdict records: what reporters read, and all they read. JSON-serialisable; no secrets (the
 * request is stored redacted).
 */
import { createHash } from 'node:crypto';
import type { Ambiguity, Level, RuleSource } from '../model/rule.js';
import type { RequestCase } from '../model/request.js';

export const VERDICTS = ['PASS', 'FAIL', 'WARN', 'ERROR', 'SKIP', 'UNTESTABLE'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Why a rule is ERROR: the target did not answer (`transport`: refused, reset, timed out, not
 * HTTP), the run's `--budget` ran out (`budget`), the run was stopped by SIGINT or SIGTERM
 * (`interrupted`), or anything else the harness could not do (`harness`).
 */
export const ERROR_KINDS = ['transport', 'budget', 'interrupted', 'harness'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A request as it went on the wire, secrets redacted, body shortened. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  bodyBytes: number;
  /** The body as latin1 text (bytes one to one), cut at the preview limit. */
  body: string;
  bodyTruncated: boolean;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  bodyBytes: number;
  body: string;
  bodyTruncated: boolean;
}

/** One distinct way a rule was broken: its case (shrunk, where random) and what went wrong. */
export interface Failure {
  caseLabel: string;
  origin: 'boundary' | 'example' | 'random';
  /** The named check that failed, or `status` / `error-code` for the answer itself. */
  check: string;
  message: string;
  expected: string;
  actual: string;
  request: SentRequest;
  response?: ReceivedResponse;
  /** fast-check seed and shrink path, for random cases. */
  seed?: number;
  path?: string;
  /** The case itself, unsigned, so `ruleprobe replay` can sign and send it again. */
  case: RequestCase;
  /** One sentence on what to fix in the target. */
  fix: string;
  /** Stable id of this failure across runs (see `fingerprintOf`). */
  fingerprint?: string;
}

/** Distinct failures listed per rule; later ones are counted and fingerprinted, not kept. */
export const MAX_FAILURES = 10;

export interface VerdictRecord {
  ruleId: string;
  specId: string;
  level: Level;
  title: string;
  requirement: string;
  source: RuleSource;
  ambiguity?: Ambiguity;
  verdict: Verdict;
  /** Why SKIP, UNTESTABLE or ERROR; on FAIL/WARN, why not every case was sent. */
  reason?: string;
  /** On ERROR, why the harness could not decide (see `ErrorKind`). */
  error?: ErrorKind;
  /** Requests sent for this rule. */
  cases: number;
  durationMs: number;
  /** The first failure in case order (`failures[0]`), kept for readers of the one-failure shape. */
  failure?: Failure;
  /** Every distinct failure in case order, at most MAX_FAILURES; the random one (shrunk) last. */
  failures?: Failure[];
  /** Distinct failures seen beyond the listed ones. */
  moreFailures?: number;
  /** The fingerprints of those unlisted failures, so a baseline compares every failure. */
  moreFingerprints?: string[];
  /**
   * The ambiguity readings the target took, by id, with how many cases' answers fit each: the
   * reading an either-of case was accepted in, or those an answer fits where the readings disagree.
   */
  readings?: Array<{ id: string; cases: number }>;
}

/** A record's failures: its list, or the one `failure` of a report written before the list. */
export function failuresOf(r: Pick<VerdictRecord, 'failure' | 'failures'>): Failure[] {
  return r.failures ?? (r.failure ? [r.failure] : []);
}

/**
 * The actual outcome without its volatile parts. A status answer (`status 400 InvalidParameterValue
 * …`) keeps the status and the error code and drops the rest; any other text has its UUIDs, ISO
 * timestamps, hex runs of 8 or more characters (with a digit) and digit runs of 10 or more replaced by placeholders.
 */
export function actualClass(actual: string): string {
  const status = /^status (\d{3})(?: ([A-Za-z][\w.:-]*))?/.exec(actual);
  if (status) return `status ${status[1]}${status[2] ? ` ${status[2]}` : ''}`;
  return actual
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d{10,}/g, '<n>');
}

/**
 * A failure's fingerprint: the first 12 hex digits of the SHA-256 of rule id, check, expected,
 * actual class (`actualClass`) and case, joined by NUL. The case is its label, except for a random
 * case, whose label depends on the seed and the shrink: there it is `random`.
 */
export function fingerprintOf(ruleId: string, f: Pick<Failure, 'check' | 'expected' | 'actual' | 'caseLabel' | 'origin'>): string {
  const label = f.origin === 'random' ? 'random' : f.caseLabel;
  return createHash('sha256').update([ruleId, f.check, f.expected, actualClass(f.actual), label].join('\0')).digest('hex').slice(0, 12);
}

/** Every fingerprint of a record: listed failures (their own, or computed for older reports) and unlisted ones. */
export function fingerprintsOf(r: VerdictRecord): string[] {
  return [...failuresOf(r).map((f) => f.fingerprint ?? fingerprintOf(r.ruleId, f)), ...(r.moreFingerprints ?? [])];
}

/** An ERROR record's kind: its own, or for a report written before kinds, read from its reason. */
export function errorKindOf(r: Pick<VerdictRecord, 'verdict' | 'error' | 'reason'>): ErrorKind | undefined {
  if (r.verdict !== 'ERROR') return undefined;
  if (r.error) return r.error;
  const reason = r.reason ?? '';
  if (reason.startsWith('target did not answer')) return 'transport';
  if (reason === 'interrupted') return 'interrupted';
  if (/time budget ran out/.test(reason)) return 'budget';
  return 'harness';
}

/** Above this share of ERROR among the rules that ran, the summary line says how many the run left undecided. */
export const ERROR_SHARE_NOTED = 0.2;

export interface RunSummary {
  total: number;
  counts: Record<Verdict, number>;
}

export function summarize(records: VerdictRecord[]): RunSummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of records) counts[r.verdict]++;
  return { total: records.length, counts };
}

/**
 * `N passed, N failed, N skipped` first (the line CI readers look for), then the rest; when more
 * than ERROR_SHARE_NOTED of the rules that ran (all but SKIP and UNTESTABLE) are ERROR, a note
 * saying how many the run left undecided.
 */
export function summaryLine(s: RunSummary): string {
  const c = s.counts;
  const line = `${c.PASS} passed, ${c.FAIL} failed, ${c.SKIP} skipped (${c.WARN} warned, ${c.ERROR} errors, ${c.UNTESTABLE} untestable)`;
  const ran = s.total - c.SKIP - c.UNTESTABLE;
  if (ran === 0 || c.ERROR / ran <= ERROR_SHARE_NOTED) return line;
  return `${line} — ${c.ERROR} of ${ran} rules that ran are ERROR (more than ${ERROR_SHARE_NOTED * 100}%): the run left them undecided`;
}
