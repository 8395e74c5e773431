/**
 * Where the package's own files are (shipped specs, JSON schemas, package.json), whether this
 * code runs from its TypeScript sources (tests, `tsx`) or compiled into `dist/`: the compiled
 * tree mirrors the sources one folder down, and its data files stay in the source tree.
 */
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The package root: this file is `src/model/assets.ts`, or `dist/src/model/assets.js` when compiled. */
export const PACKAGE_ROOT = here.endsWith(`${sep}dist${sep}src${sep}model`) ? join(here, '..', '..', '..') : join(here, '..', '..');

/** A file or folder of the package, by its path from the package root. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
