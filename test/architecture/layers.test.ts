/**
 * ARCHITECTURE.md's "may import" table is the contract: every relative import of every source file
 * is checked against the row of the folder (or file) it lives in. A row names what it may import in
 * backticks (a folder allows everything below it, a file only itself); "everything" allows all;
 * "nothing of the project" allows only the file's own folder. A file may always import from the
 * folder of its own row.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCES = ['src', 'specs', 'generators', 'reporters', 'reference', 'suites', 'cli', 'bench', 'bin'];

interface Row {
  /** Folder (ending in `/`) or file, relative to the root. */
  scope: string;
  allowed: string[] | 'everything';
}

export function parseTable(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !cells[1]!.startsWith('`')) continue;
    const scopes = [...cells[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const may = cells[3]!;
    const allowed = /^everything\b(?! in)/.test(may) ? 'everything' : [...may.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const scope of scopes) rows.push({ scope, allowed });
  }
  return rows;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (/\.(ts|js|mjs)$/.test(e)) out.push(full);
  }
  return out;
}

/** Relative specifiers of static imports, re-exports and dynamic imports (`new URL('./x.js', …)` too: workers). */
export function importsOf(text: string): string[] {
  const specs = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) specs.add(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) specs.add(m[1]!);
  return [...specs];
}

const within = (path: string, scope: string): boolean => (scope.endsWith('/') ? path.startsWith(scope) : path === scope);

function rowOf(rows: Row[], path: string): Row | undefined {
  return rows.filter((r) => within(path, r.scope)).sort((a, b) => b.scope.length - a.scope.length)[0];
}

export function violations(rows: Row[], sources: Array<{ path: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { path, text } of sources) {
    const row = rowOf(rows, path);
    if (!row) {
      out.push(`${path}: no row of ARCHITECTURE.md covers it`);
      continue;
    }
    if (row.allowed === 'everything') continue;
    for (const spec of importsOf(text)) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), spec)).replace(/\.js$/, '.ts');
      const targetTs = target.replace(/\\/g, '/');
      const own = rowOf(rows, targetTs);
      if (own === row) continue;
      const ok = row.allowed.some((a) => within(targetTs, a) || within(targetTs.replace(/\.ts$/, '.js'), a) || (!a.endsWith('/') && !/\.[a-z]+$/.test(a) && within(targetTs, `${a}/`)));
      if (!ok) out.push(`${path} imports ${targetTs}, which its row (${row.scope}) does not allow`);
    }
  }
  return out;
}

describe('layers', () => {
  const rows = parseTable(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
  const sources = SOURCES.flatMap((d) => files(join(ROOT, d))).map((f) => ({ path: relative(ROOT, f).replace(/\\/g, '/'), text: readFileSync(f, 'utf8') }));

  it('ARCHITECTURE.md has a row for every source folder', () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(SOURCES.filter((d) => !rows.some((r) => r.scope.startsWith(`${d}/`)))).toEqual([]);
  });

  it('every import is one the table allows', () => {
    expect(violations(rows, sources)).toEqual([]);
  });

  it('the check finds a forbidden import (generators importing transport) and allows a listed one', () => {
    const table = '| `generators/` | builders | `src/model` |  |\n| `src/transport/` | client | `src/model` |  |\n| `src/model/` | model | nothing of the project |  |\n';
    const r = parseTable(table);
    expect(violations(r, [{ path: 'generators/x.ts', text: "import { send } from '../src/transport/http.js';\nimport type { Rule } from '../src/model/rule.js';\n" }])).toEqual([
      'generators/x.ts imports src/transport/http.ts, which its row (generators/) does not allow',
    ]);
    expect(violations(r, [{ path: 'src/model/a.ts', text: "import { b } from './b.js';\n" }])).toEqual([]);
    expect(violations(r, [{ path: 'src/model/a.ts', text: "const m = await import('../transport/http.js');\n" }])).toEqual([
      'src/model/a.ts imports src/transport/http.ts, which its row (src/model/) does not allow',
    ]);
  });
});
