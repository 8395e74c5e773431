/**
 * What the vitest suite is given: which specs (shipped, plus user folders), which rules, which
 * target and how — the same options as `ruleprobe run`. It travels through vitest's `provide`, or
 * is passed to `defineRuleprobeSuite` directly. Secrets are never part of it: target configs name
 * environment variables.
 */
import type { PlanOptions } from '../src/plan/resolve.js';
import type { VerdictRecord } from '../src/runner/verdict.js';

export interface SuiteOptions extends Omit<PlanOptions, 'env'> {
  /** Folders of user spec files, loaded after the shipped ones. */
  specsDirs?: string[];
}

declare module 'vitest' {
  interface ProvidedContext {
    ruleprobe: SuiteOptions;
  }
  interface TaskMeta {
    ruleprobe?: VerdictRecord;
  }
}
