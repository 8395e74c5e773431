/**
 * What `ruleprobe run` hands the suites through vitest's `provide`: which rules of which spec to
 * run against which target, and how. Secrets travel in memory only, never into a record.
 */
import type { ResolvedTarget } from '../src/target/config.js';
import type { VerdictRecord } from '../src/runner/verdict.js';

export interface RunPlan {
  specsDir: string;
  seed: number;
  runs: number;
  concurrency: number;
  timeoutMs: number;
  maxBodyBytes: number;
  rate?: number;
  /** Epoch ms after which no new case starts. */
  deadline: number;
  previewBytes: number;
  specs: Record<string, { target: ResolvedTarget; ruleIds: string[] }>;
}

declare module 'vitest' {
  interface ProvidedContext {
    ruleprobe: RunPlan;
  }
  interface TaskMeta {
    ruleprobe?: VerdictRecord;
  }
}
