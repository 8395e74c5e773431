/**
 * The report as pretty JSON: every verdict record in full (requests redacted, the replayable
 * case), the file `ruleprobe replay`, merge and baselines read. Its shape is report.schema.json.
 */
import type { Report } from '../src/report/model.js';
import type { ReportWriter } from './types.js';

export const json: ReportWriter = {
  name: 'json',
  extension: 'json',
  render: (report: Report) => `${JSON.stringify(report, null, 2)}\n`,
};
