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

/**
 * The JSON Schemas the package validates its own file kinds with (specs, profile overlays,
 * target configs, known-failures files), by path from the package root. `npm run build` compiles
 * each into a standalone validator (`dist/schemas/<same path>.cjs`), so no run pays for compiling
 * them; a schema edited since is compiled when loaded, as before.
 */
export const PRECOMPILED_SCHEMAS = ['specs/spec.schema.json', 'specs/profile.schema.json', 'src/target/target.schema.json', 'src/report/known-failures.schema.json'] as const;

export type PrecompiledSchema = (typeof PRECOMPILED_SCHEMAS)[number];

/** A shipped schema's file and where its precompiled validator is. */
export function schemaFiles(schema: PrecompiledSchema): { schema: string; precompiled: string } {
  return { schema: packagePath(schema), precompiled: packagePath('dist', 'schemas', schema.replace(/\.json$/, '.cjs')) };
}
