/** One mistake in a spec or config file, located precisely enough to fix without searching. */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  /** JSON pointer of the offending value (`/parameters/2/range/max`). */
  pointer: string;
  message: string;
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.pointer || '/'}: ${p.message}`;
}

/**
 * What kind of file a problem is in, for the heading the CLI prints above the problems
 * (`ruleprobe: target config is invalid:`).
 */
export type FileKind = 'spec file' | 'target config' | 'known-failures file' | 'profile file';

/** Thrown by the loaders; carries every problem found, not only the first. */
export class SpecLoadError extends Error {
  readonly code = 'SPEC_INVALID';
  constructor(
    readonly problems: SpecProblem[],
    readonly kind: FileKind = 'spec file',
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecLoadError';
  }
}

/** A command line that cannot be run as given: exit 2 with the message, no stack trace. */
export class UsageError extends Error {}
