/**
 * Every report writer, registered once by name. `--reporter <name>[=<file>]` picks them; without
 * a file a writer goes to standard output. A writer's module is loaded only when it is picked.
 */
import { REPORTER_NAMES, type ReporterName } from './names.js';
import type { ReportWriter } from './types.js';

export type { RenderOptions, ReportWriter } from './types.js';
export { REPORTER_NAMES, type ReporterName } from './names.js';

const LOADERS: Record<ReporterName, () => Promise<ReportWriter>> = {
  console: async () => (await import('./console.js')).console,
  json: async () => (await import('./json.js')).json,
  junit: async () => (await import('./junit.js')).junit,
  markdown: async () => (await import('./markdown.js')).markdown,
  html: async () => (await import('./html.js')).html,
};

/** The writer of a name `parseReporterSpec` accepted. */
export function loadReporter(name: ReporterName): Promise<ReportWriter> {
  return LOADERS[name]();
}

function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

/** A --reporter value that names no writer, or names a file badly. */
export class ReporterSpecError extends Error {
  override name = 'ReporterSpecError';
}

export interface ReporterSpec {
  name: ReporterName;
  /** Where to write; absent: standard output. */
  path?: string;
}

/** `junit=out/junit.xml` → `{ name: 'junit', path: 'out/junit.xml' }`; `console` → `{ name: 'console' }`. */
export function parseReporterSpec(spec: string): ReporterSpec {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const known = [...REPORTER_NAMES].sort().join(', ');
  if (!name) throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: no reporter name before "="; known: ${known}`);
  if (!isReporterName(name)) throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: unknown reporter "${name}"; known: ${known}`);
  if (eq < 0) return { name };
  const path = spec.slice(eq + 1);
  if (path.trim() === '') throw new ReporterSpecError(`--reporter ${JSON.stringify(spec)}: no file after "="; write ${name}=<file>, or ${name} alone for standard output`);
  return { name, path };
}
