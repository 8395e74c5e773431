/**
 * The vitest reporter `ruleprobe run` uses: it collects the verdict record of every rule test and
 * notes suite-level errors, so a crashed suite still yields ERROR verdicts rather than nothing.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { VerdictRecord } from '../src/runner/verdict.js';
import '../suites/plan.js';

export class VerdictCollector implements Reporter {
  readonly records: VerdictRecord[] = [];
  readonly errors: string[] = [];
  /** Called as each rule finishes (progress output). */
  constructor(private readonly onRecord?: (r: VerdictRecord) => void) {}

  onTestCaseResult(testCase: TestCase): void {
    const record = testCase.meta().ruleprobe;
    if (record) {
      this.records.push(record);
      this.onRecord?.(record);
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message?: string }>): void {
    for (const m of modules) for (const e of m.errors()) this.errors.push(`${m.moduleId}: ${e.message}`);
    for (const e of unhandled) this.errors.push(e.message ?? String(e));
  }
}
