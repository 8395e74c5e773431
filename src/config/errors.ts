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

/** Thrown by the loader; carries every problem found, not only the first. */
export class SpecLoadError extends Error {
  readonly code = 'SPEC_INVALID';
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecLoadError';
  }
}
