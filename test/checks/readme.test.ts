import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, type CheckName } from '../../src/checks/catalog.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The rows of the table in README's "Named checks" section: check, what it verifies, arguments. */
function rows(): Array<{ check: string; verifies: string; args: string }> {
  const section = README.split(/^### Named checks$/m)[1]?.split(/^#{2,3} /m)[0];
  if (section === undefined) throw new Error('README has no "### Named checks" section');
  const lines = section.split('\n').filter((l) => l.startsWith('| '));
  expect(lines[0]).toBe('| check | what it verifies | arguments |');
  return lines.slice(1).map((l) => {
    const cells = l.slice(2, -2).split(' | ');
    expect(cells, l).toHaveLength(3);
    const [check, verifies, args] = cells as [string, string, string];
    return { check: check.replace(/^`|`$/g, ''), verifies, args };
  });
}

interface PropertySchema {
  enum?: readonly string[];
  properties?: Record<string, PropertySchema>;
}

describe('the README check table', () => {
  const table = rows();

  it('lists every check of the catalog, in catalog order, with its description', () => {
    expect(table.map((r) => r.check)).toEqual(Object.keys(CHECKS));
    for (const r of table) expect(r.verifies, r.check).toBe(CHECKS[r.check as CheckName].description);
  });

  it('names each argument a check takes, marks the required ones, and says none for a check that takes none', () => {
    for (const r of table) {
      const schema = CHECKS[r.check as CheckName].args as { properties?: Record<string, PropertySchema>; required?: readonly string[] };
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        expect(r.args, r.check).toMatch(/^none\b/);
        continue;
      }
      const mentioned = [...r.args.matchAll(/(?:^|; )`([A-Za-z]+)`/g)].map((m) => m[1]);
      expect(mentioned.sort(), r.check).toEqual(Object.keys(properties).sort());
      const marked = [...r.args.matchAll(/`([A-Za-z]+)` \(required\)/g)].map((m) => m[1]);
      expect(marked.sort(), r.check).toEqual([...(schema.required ?? [])].sort());
    }
  });

  it('lists every value of each closed argument (presence, body format, named formats)', () => {
    for (const r of table) {
      const properties = (CHECKS[r.check as CheckName].args as { properties?: Record<string, PropertySchema> }).properties ?? {};
      for (const [key, p] of Object.entries(properties)) {
        for (const v of [...(p.enum ?? []), ...(p.properties?.['named']?.enum ?? [])]) expect(r.args, `${r.check} ${key}`).toContain(`\`${v}\``);
      }
    }
  });
});
