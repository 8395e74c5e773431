/**
 * Verdict records: what reporters read, and all they read. JSON-serialisable; no secrets (the
 * request is stored redacted).
 */
import type { Ambiguity, Level, RuleSource } from '../model/rule.js';
import type { RequestCase } from '../model/request.js';

export const VERDICTS = ['PASS', 'FAIL', 'WARN', 'ERROR', 'SKIP', 'UNTESTABLE'] as const;
export type Verdict = (typeof VERDICTS)[number];

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

/** The first (shrunk, where random) case that broke the rule. */
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
}

export interface VerdictRecord {
  ruleId: string;
  specId: string;
  level: Level;
  title: string;
  requirement: string;
  source: RuleSource;
  ambiguity?: Ambiguity;
  verdict: Verdict;
  /** Why SKIP, UNTESTABLE or ERROR. */
  reason?: string;
  /** Requests sent for this rule. */
  cases: number;
  durationMs: number;
  failure?: Failure;
}

export interface RunSummary {
  total: number;
  counts: Record<Verdict, number>;
}

export function summarize(records: VerdictRecord[]): RunSummary {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of records) counts[r.verdict]++;
  return { total: records.length, counts };
}

/** `N passed, N failed, N skipped` first (the line CI readers look for), then the rest. */
export function summaryLine(s: RunSummary): string {
  const c = s.counts;
  return `${c.PASS} passed, ${c.FAIL} failed, ${c.SKIP} skipped (${c.WARN} warned, ${c.ERROR} errors, ${c.UNTESTABLE} untestable)`;
}
