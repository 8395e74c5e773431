/** What every report writer is: a name, a default file extension, and a pure render of the report. */
import type { Report } from '../src/report/model.js';

export interface RenderOptions {
  /** ANSI colour; only the console writer uses it, and only when this is set. */
  color: boolean;
  /** Where the run's JSON report was written, for the `ruleprobe replay` lines; default `REPORT.json`. */
  reportPath?: string;
}

/** The `ruleprobe replay` command line for a rule. */
export function replayLine(ruleId: string, reportPath = 'REPORT.json'): string {
  const file = /^[\w@%+=:,./-]+$/.test(reportPath) ? reportPath : `'${reportPath.replace(/'/g, `'\\''`)}'`;
  return `ruleprobe replay ${file} --rule ${ruleId}`;
}

export interface ReportWriter {
  name: string;
  /** default file extension */
  extension: string;
  render(report: Report, options: RenderOptions): string;
}

/** Why the run ended early, if it did: `stopped by SIGINT: 12 rules unfinished (ERROR)`. */
export function stoppedNote(report: Report): string | undefined {
  const s = report.stopped;
  if (!s) return undefined;
  const rules = `${s.unfinished} rule${s.unfinished === 1 ? '' : 's'} unfinished (ERROR)`;
  return s.by === 'budget' ? `the --budget ran out: ${rules}` : `stopped by ${s.by}: ${rules}`;
}
