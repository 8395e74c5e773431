export { SpecLoadError, formatProblem, type SpecProblem } from '../src/config/errors.js';

/** A profile a spec does not have. */
export class UnknownProfileError extends Error {
  constructor(
    readonly specId: string,
    readonly profile: string,
    readonly known: string[],
  ) {
    super(`spec ${specId} has no profile "${profile}"; its profiles: ${known.join(', ')}`);
    this.name = 'UnknownProfileError';
  }
}
