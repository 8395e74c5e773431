/**
 * Every report writer, registered once by name. `--reporter <name>[=<file>]` picks them; without
 * a file a writer goes to standard output.
 */
import { console as consoleWriter } from './console.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import type { ReportWriter } from './types.js';

export type { RenderOptions, ReportWriter } from './types.js';

export const REPORTERS: Record<string, ReportWriter> = Object.fromEntries(
  [consoleWriter, json, junit, markdown, html].map((w) => [w.name, w]),
);

/** A --reporter value that names no writer, or names a file badly. */
export class ReporterSpecError extends Error {
  override name = 'ReporterSpecError';
}

export interface ReporterSpec {
  name: string;
  /** Where to write; absent: standard output. */
  path?: string;
}

/** `junit=out/junit.xml` → `{ name: 'junit', path: 'out/junit.xml' }`; `console` → `{ name: 'console' }`. */
export function parseReporterSpec(spec: string): ReporterSpec {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const known = Object.keys(REPORTERS).sort().join(', ');
  if (!name) throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: no reporter name before "="; known: ${known}`);
  if (!Object.hasOwn(REPORTERS, name)) throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: unknown reporter "${name}"; known: ${known}`);
  if (eq < 0) return { name };
  const path = spec.slice(eq + 1);
  if (path.trim() === '') throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: no file after "="; write ${name}=<file>, or ${name} alone for standard output`);
  return { name, path };
}
