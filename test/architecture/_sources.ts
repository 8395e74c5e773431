/** The project's source files and the project files each imports, for the architecture tests. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Every file below `dir` whose name ends in one of `extensions`, depth first. */
export function sourceFiles(dir: string, extensions: readonly string[] = ['.ts']): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full, extensions));
    else if (extensions.some((e) => entry.endsWith(e))) out.push(full);
  }
  return out;
}

/** Relative specifiers of static imports, re-exports, side-effect imports and dynamic imports. */
export function importSpecifiers(text: string): string[] {
  const specs = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) specs.add(m[1]!);
  return [...specs];
}

/** The project file (root-relative, `.js` read as `.ts`) an import of `file` names. */
export function importTarget(file: string, specifier: string): string {
  return relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
}
