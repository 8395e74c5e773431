/**
 * No field name of a shipped spec in the harness's code: what code needs to know about a field
 * it learns from the field's role (or the family's options) in the spec, never from its name.
 *
 * Collected from every shipped spec file: header, query and parameter names (numbered
 * sub-fields alone and as full wire names), the spellings the document uses, enumerated values
 * and their alternative spellings, platforms, headers a family variant adds, response header
 * names and response body field path segments. The whole-body field (`body:`) is left out: its
 * name is no wire name. Searched for in every .ts file below src/, generators/, cli/, suites/
 * and reporters/ as a whole string literal or inside a regular-expression literal. HTTP header
 * names compare case-insensitively.
 *
 * Three exceptions, each a name that belongs to a standard rather than to an operation:
 * HTTP's own Authorization header where the auth-scheme plug-ins write and redact it, the
 * Content-Type curl adds on its own (which a curl line has to cancel), and the element names of
 * an Atom entry (RFC 4287) in the Atom codec and family.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findSpecFiles } from '../../specs/loader.js';
import { ROOT, sourceFiles as tsFiles } from './_sources.js';

const SEARCHED = ['src', 'generators', 'cli', 'suites', 'reporters'];

interface Declared {
  name: string;
  header: boolean;
  where: string;
}

type Field = { name: string; documentedAs?: string[]; enum?: { values: Array<string | { value: string; ambiguity?: { alternatives: Array<{ value?: string }> } }> }; numbered?: { fields: Field[] } };

function declaredNames(): Declared[] {
  const out: Declared[] = [];
  for (const file of findSpecFiles()) {
    const spec = parse(readFileSync(file, 'utf8')) as {
      headers?: Field[];
      query?: Field[];
      parameters?: Field[];
      transport: { encoding: { platforms?: Record<string, unknown>; variants?: Record<string, { headers?: Record<string, string> }> } };
      responses: { headers?: Array<{ name: string }>; body?: { fields?: Array<{ path: string }> } };
    };
    const where = relative(ROOT, file);
    const add = (name: string, header: boolean): void => void out.push({ name, header, where });
    const field = (f: Field, header: boolean, group?: string): void => {
      add(f.name, header);
      if (group) add(`${group}.{N}.${f.name}`, header);
      for (const d of f.documentedAs ?? []) add(d, header);
      for (const v of f.enum?.values ?? []) {
        const e = typeof v === 'string' ? { value: v } : v;
        add(e.value, false);
        for (const a of ('ambiguity' in e ? e.ambiguity?.alternatives : undefined) ?? []) if (a.value !== undefined) add(a.value, false);
      }
      for (const sub of f.numbered?.fields ?? []) field(sub, header, f.name);
    };
    for (const h of spec.headers ?? []) field(h, true);
    for (const q of spec.query ?? []) field(q, false);
    for (const p of spec.parameters ?? []) field(p, false);
    for (const p of Object.keys(spec.transport.encoding.platforms ?? {})) add(p, false);
    for (const v of Object.values(spec.transport.encoding.variants ?? {})) for (const h of Object.keys(v.headers ?? {})) add(h, true);
    for (const h of spec.responses.headers ?? []) add(h.name, true);
    for (const f of spec.responses.body?.fields ?? []) for (const seg of f.path.split('/')) add(seg.replace(/^@/, ''), false);
  }
  return out;
}

const EXCEPTIONS: Array<{ under: string; names: string[] }> = [
  { under: 'src/sign/', names: ['Authorization'] },
  { under: 'src/report/curl.ts', names: ['Content-Type'] },
  { under: 'src/encode/atom.ts', names: ['entry', 'content'] },
  { under: 'src/families/atom-entry/', names: ['entry', 'content'] },
];

function excepted(file: string, d: Declared): boolean {
  const rel = relative(ROOT, file);
  return EXCEPTIONS.some((e) => rel.startsWith(e.under) && e.names.some((n) => n.toLowerCase() === d.name.toLowerCase()));
}

interface Literal {
  file: string;
  line: number;
  text: string;
  regex?: { source: string; ignoreCase: boolean };
}

function literals(file: string): Literal[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push({ file, line, text: node.text });
    else if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(source);
      const end = text.lastIndexOf('/');
      out.push({ file, line, text, regex: { source: text.slice(1, end).replace(/\\(.)/g, '$1'), ignoreCase: text.slice(end).includes('i') } });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a literal names a declared field. */
function mentions(lit: Literal, d: Declared): boolean {
  if (!lit.regex) return d.header ? lit.text.toLowerCase() === d.name.toLowerCase() : lit.text === d.name;
  const word = new RegExp(`(^|[^A-Za-z0-9])${escape(d.name)}($|[^A-Za-z0-9])`, d.header || lit.regex.ignoreCase ? 'i' : '');
  return word.test(lit.regex.source);
}

describe('no shipped field name in the harness code', () => {
  const declared = declaredNames();
  const found = SEARCHED.flatMap((dir) => tsFiles(join(ROOT, dir))).flatMap(literals);

  it('collects the names of every shipped spec', () => {
    const names = new Set(declared.map((d) => d.name));
    // A sample of each kind, so that an empty collection cannot pass.
    for (const n of ['MessageBody', 'MessageAttribute.{N}.Value.DataType', 'ServiceBusNotification-Format', 'windows phone', 'windowsphone', 'direct', 'x-ms-retrypolicy', 'X-WNS-Type', 'Location', 'SequenceNumber', 'Binary']) {
      expect(names, n).toContain(n);
    }
  });

  it('finds none of them as a string or regular-expression literal', () => {
    const hits = found.flatMap((lit) =>
      declared.filter((d) => mentions(lit, d) && !excepted(lit.file, d)).map((d) => `${relative(ROOT, lit.file)}:${lit.line} ${lit.text} — "${d.name}" of ${d.where}`),
    );
    expect([...new Set(hits)]).toEqual([]);
  });

  it('would find one (the search works)', () => {
    const lit = (text: string, regex?: Literal['regex']): Literal => ({ file: 'x.ts', line: 1, text, ...(regex ? { regex } : {}) });
    const body: Declared = { name: 'MessageBody', header: false, where: 'x' };
    const ct: Declared = { name: 'Content-Type', header: true, where: 'x' };
    expect(mentions(lit('MessageBody'), body)).toBe(true);
    expect(mentions(lit('messagebody'), body)).toBe(false);
    expect(mentions(lit('content-type'), ct)).toBe(true);
    expect(mentions(lit('/MessageBody$/', { source: 'MessageBody$', ignoreCase: false }), body)).toBe(true);
    expect(mentions(lit('/MessageBodyX/', { source: 'MessageBodyX', ignoreCase: false }), body)).toBe(false);
    expect(literals(join(ROOT, 'test/architecture/no-field-names.test.ts')).some((l) => l.text === 'MessageBody')).toBe(true);
  });
});
