/**
 * ARCHITECTURE.md's "may import" table is the contract: every relative import of every source file
 * is checked against the row of the folder (or file) it lives in. A row names what it may import in
 * backticks (a folder allows everything below it, a file only itself); "everything" allows all;
 * "nothing of the project" allows only the file's own folder. A file may always import from the
 * folder of its own row.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, importTarget, ROOT, sourceFiles } from './_sources.js';
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
    for (const spec of importSpecifiers(text)) {
      const targetTs = importTarget(path, spec);
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
  const sources = SOURCES.flatMap((d) => sourceFiles(join(ROOT, d), ['.ts', '.js', '.mjs'])).map((f) => ({ path: relative(ROOT, f).replace(/\\/g, '/'), text: readFileSync(f, 'utf8') }));

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
