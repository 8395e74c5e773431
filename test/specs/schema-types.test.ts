/**
 * spec.schema.json and specs/types.ts describe one thing twice; this test walks both (the schema
 * with its $refs, the TypeScript type with the compiler's checker, from `SpecDoc` down) and fails
 * on any property, optionality, enum value or shape that one has and the other does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
type Schema = Record<string, unknown>;

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null' | 'unknown';

export function schemaTypeProblems(schemaRoot: Schema, typesFile: string, typeName: string): string[] {
  const program = ts.createProgram([typesFile], { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(typesFile)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const exported = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === typeName);
  if (!exported) return [`${typesFile} does not export ${typeName}`];
  const rootType = checker.getDeclaredTypeOfSymbol(exported);
  const problems: string[] = [];
  const seen = new Set<string>();

  const resolve = (s: Schema): Schema => {
    let cur = s;
    while (typeof cur['$ref'] === 'string') {
      const path = (cur['$ref'] as string).replace(/^#\//, '').split('/');
      let next: unknown = schemaRoot;
      for (const p of path) next = (next as Schema)[p];
      cur = { ...(next as Schema), ...Object.fromEntries(Object.entries(cur).filter(([k]) => k !== '$ref')) };
    }
    return cur;
  };
  const branches = (s: Schema): Schema[] => {
    const r = resolve(s);
    const alts = (r['oneOf'] ?? r['anyOf']) as Schema[] | undefined;
    if (alts) {
      const { oneOf: _o, anyOf: _a, ...rest } = r;
      return alts.flatMap((b) => branches({ ...rest, ...b }));
    }
    if (Array.isArray(r['type'])) return (r['type'] as string[]).map((t) => ({ ...r, type: t }));
    return [r];
  };
  const schemaKind = (s: Schema): Kind => {
    if (Array.isArray(s['enum'])) return typeof (s['enum'] as unknown[])[0] === 'string' ? 'string' : typeof (s['enum'] as unknown[])[0] === 'boolean' ? 'boolean' : 'number';
    if ('const' in s) return typeof s['const'] as Kind;
    const t = s['type'] as string | undefined;
    if (t === 'integer' || t === 'number') return 'number';
    if (t === 'string' || t === 'boolean' || t === 'array' || t === 'object' || t === 'null') return t;
    if (s['properties'] || s['additionalProperties'] !== undefined) return 'object';
    return 'unknown';
  };
  const members = (t: ts.Type): ts.Type[] => {
    const list = t.isUnion() ? t.types : [t];
    const out: ts.Type[] = [];
    let bool = false;
    for (const m of list) {
      if (m.flags & ts.TypeFlags.Undefined) continue;
      if (m.flags & ts.TypeFlags.BooleanLiteral) {
        if (!bool) out.push(checker.getBooleanType());
        bool = true;
        continue;
      }
      out.push(m);
    }
    return out;
  };
  const typeKind = (t: ts.Type): Kind => {
    if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return 'string';
    if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return 'number';
    if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'boolean';
    if (t.flags & ts.TypeFlags.Null) return 'null';
    if (t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return 'unknown';
    if (checker.isArrayType(t)) return 'array';
    if (t.flags & ts.TypeFlags.Object || t.flags & ts.TypeFlags.Intersection) return 'object';
    return 'unknown';
  };
  const keysOf = (t: ts.Type): string[] => checker.getPropertiesOfType(t).map((p) => p.name);
  const overlap = (s: Schema, t: ts.Type): number => {
    const props = Object.keys((s['properties'] as Schema | undefined) ?? {});
    const keys = keysOf(t);
    const required = (s['required'] as string[] | undefined) ?? [];
    if (required.some((r) => !keys.includes(r))) return -1;
    return props.filter((p) => keys.includes(p)).length - keys.filter((k) => !props.includes(k)).length;
  };

  const compare = (s: Schema, t: ts.Type, path: string): void => {
    // Recursive definitions (a field's numbered sub-fields are fields) are compared once per type.
    const key = `${typeof s['$ref'] === 'string' ? s['$ref'] : path}|${(t as unknown as { id: number }).id}`;
    if (seen.has(key)) return;
    seen.add(key);
    const bs = branches(s);
    const ms = members(t);
    // A string enum in the schema and a union of string literals in TypeScript: the same values.
    const schemaStrings = bs.filter((b) => Array.isArray(b['enum']) || typeof b['const'] === 'string').flatMap((b) => (b['enum'] as string[] | undefined) ?? [b['const'] as string]);
    const literals = ms.filter((m) => m.isStringLiteral()).map((m) => (m as ts.StringLiteralType).value);
    const openString = bs.some((b) => schemaKind(b) === 'string' && !Array.isArray(b['enum']) && !('const' in b)) || ms.some((m) => m.flags & ts.TypeFlags.String);
    if (!openString && (schemaStrings.length || literals.length)) {
      const a = [...new Set(schemaStrings)].sort();
      const b = [...new Set(literals)].sort();
      if (a.join('|') !== b.join('|')) problems.push(`${path}: schema values ${JSON.stringify(a)}, TypeScript values ${JSON.stringify(b)}`);
    }
    const used = new Set<ts.Type>();
    for (const b of bs) {
      const kind = schemaKind(b);
      if (kind === 'unknown') continue;
      const candidates = ms.filter((m) => typeKind(m) === kind || typeKind(m) === 'unknown');
      if (!candidates.length) {
        problems.push(`${path}: the schema allows ${kind}, the TypeScript type (${checker.typeToString(t)}) does not`);
        continue;
      }
      if (kind === 'object') {
        const best = [...candidates].sort((x, y) => overlap(b, y) - overlap(b, x))[0]!;
        used.add(best);
        compareObject(b, best, path);
      } else {
        candidates.forEach((c) => used.add(c));
        if (kind === 'array' && b['items'] && checker.isArrayType(candidates[0]!)) {
          compare(b['items'] as Schema, checker.getTypeArguments(candidates[0] as ts.TypeReference)[0]!, `${path}/items`);
        }
      }
    }
    for (const m of ms) {
      const kind = typeKind(m);
      if (kind === 'unknown' || used.has(m) || bs.some((b) => schemaKind(b) === 'unknown')) continue;
      if (!bs.some((b) => schemaKind(b) === kind)) problems.push(`${path}: the TypeScript type allows ${kind} (${checker.typeToString(m)}), the schema does not`);
    }
  };

  const compareObject = (s: Schema, t: ts.Type, path: string): void => {
    const props = (s['properties'] as Record<string, Schema> | undefined) ?? {};
    const required = new Set((s['required'] as string[] | undefined) ?? []);
    const keys = checker.getPropertiesOfType(t);
    const index = checker.getIndexTypeOfType(t, ts.IndexKind.String);
    if (!Object.keys(props).length && s['additionalProperties'] && typeof s['additionalProperties'] === 'object') {
      if (!index) problems.push(`${path}: the schema is a map, the TypeScript type has no string index`);
      else compare(s['additionalProperties'] as Schema, index, `${path}/*`);
      return;
    }
    for (const [name, sub] of Object.entries(props)) {
      const p = keys.find((k) => k.name === name);
      if (!p) {
        problems.push(`${path}/${name}: in the schema, not in the TypeScript type`);
        continue;
      }
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      if (optional === required.has(name)) problems.push(`${path}/${name}: ${required.has(name) ? 'required in the schema, optional in TypeScript' : 'optional in the schema, required in TypeScript'}`);
      compare(sub, checker.getTypeOfSymbol(p), `${path}/${name}`);
    }
    if (s['additionalProperties'] === false) {
      for (const k of keys) if (!(k.name in props)) problems.push(`${path}/${k.name}: in the TypeScript type, not in the schema`);
    }
  };

  compare(schemaRoot, rootType, '');
  return problems;
}

describe('spec.schema.json and specs/types.ts', () => {
  it('describe the same documents', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'specs/spec.schema.json'), 'utf8')) as Schema;
    expect(schemaTypeProblems(schema, join(ROOT, 'specs/types.ts'), 'SpecDoc')).toEqual([]);
  });

  it('the comparison finds a missing property, a wrong optionality and a differing enum', () => {
    const schema: Schema = {
      type: 'object',
      additionalProperties: false,
      required: ['a', 'mode'],
      properties: { a: { type: 'string' }, b: { type: 'integer' }, mode: { enum: ['x', 'y'] }, extra: { type: 'boolean' } },
    };
    const file = join(import.meta.dirname, '../fixtures/schema-types/doc.ts');
    expect(schemaTypeProblems(schema, file, 'Doc').sort()).toEqual([
      '/a: required in the schema, optional in TypeScript',
      '/extra: in the schema, not in the TypeScript type',
      '/mode: schema values ["x","y"], TypeScript values ["x","z"]',
      '/onlyTs: in the TypeScript type, not in the schema',
    ]);
  });
});
