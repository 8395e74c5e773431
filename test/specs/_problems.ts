/** The located problems of a spec text that must not load, as the CLI prints them. */
import { expect } from 'vitest';
import { loadSpecText } from '../../specs/loader.js';
import { formatProblem, SpecLoadError } from '../../src/config/errors.js';

export function specProblems(text: string, file = 'spec.yaml'): string[] {
  try {
    loadSpecText(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecLoadError);
    return (err as SpecLoadError).problems.map(formatProblem);
  }
  throw new Error(`${file} loaded without an error`);
}
