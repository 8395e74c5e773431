/**
 * The protocol-family import rules of ARCHITECTURE.md: generation never reaches encoding,
 * signing or transport; the spec loader reads family catalogs only; no family's encode part is
 * read outside src/encode/request.ts and the family registry.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, importTarget, ROOT, sourceFiles as tsFiles } from './_sources.js';

/** Project files a file imports (root-relative, `.js` read as `.ts`). */
function imports(file: string): string[] {
  const rel = relative(ROOT, file);
  return importSpecifiers(readFileSync(file, 'utf8')).map((s) => importTarget(rel, s));
}

function violations(dirs: string[], allowed: (target: string, from: string) => boolean): string[] {
  return dirs.flatMap((d) => tsFiles(join(ROOT, d))).flatMap((f) => imports(f).filter((t) => !allowed(t, relative(ROOT, f))).map((t) => `${relative(ROOT, f)} → ${t}`));
}

const inside = (t: string, ...prefixes: string[]): boolean => prefixes.some((p) => t === p || t.startsWith(p.endsWith('.ts') ? p : `${p}/`));

describe('protocol family layers', () => {
  it('generators/ and each family generate part import no encoding, signing or transport', () => {
    const generation = [...tsFiles(join(ROOT, 'generators')), ...tsFiles(join(ROOT, 'src/families')).filter((f) => f.endsWith('/generate.ts'))];
    const bad = generation.flatMap((f) => imports(f).filter((t) => inside(t, 'src/encode', 'src/sign', 'src/transport', 'src/families/encoding.ts') || t.endsWith('/encode.ts')).map((t) => `${relative(ROOT, f)} → ${t}`));
    expect(bad).toEqual([]);
  });

  it('specs/ imports src/model, src/config, the check catalog and roles, the family catalogs and the auth scheme catalog only', () => {
    expect(
      violations(['specs'], (t) => inside(t, 'specs', 'src/model', 'src/config', 'src/checks/catalog.ts', 'src/checks/roles.ts', 'src/families/catalog.ts', 'src/sign/catalog.ts') || /^src\/families\/[^/]+\/catalog\.ts$/.test(t) || t === 'src/families/types.ts'),
    ).toEqual([]);
  });

  it('family catalogs import only src/model and the family types', () => {
    const catalogs = tsFiles(join(ROOT, 'src/families')).filter((f) => f.endsWith('/catalog.ts'));
    const bad = catalogs.flatMap((f) => imports(f).filter((t) => !(inside(t, 'src/model') || /^src\/families\/([^/]+\/)?catalog\.ts$/.test(t) || t === 'src/families/types.ts')).map((t) => `${relative(ROOT, f)} → ${t}`));
    expect(bad).toEqual([]);
  });

  it("a family's encode part is imported by the encoding registry only, which only src/encode/request.ts imports", () => {
    const all = ['src', 'generators', 'cli', 'specs', 'suites', 'reporters'];
    expect(violations(all, (t, from) => !t.endsWith('/encode.ts') || !t.startsWith('src/families/') || from === 'src/families/encoding.ts')).toEqual([]);
    expect(violations(all, (t, from) => t !== 'src/families/encoding.ts' || from === 'src/encode/request.ts')).toEqual([]);
  });

  it('finds an import (the scan works)', () => {
    expect(imports(join(ROOT, 'src/encode/request.ts'))).toContain('src/families/encoding.ts');
  });
});
