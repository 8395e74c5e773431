import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_FORMATS } from '../../src/checks/_internals/format.args.js';
import { CHECKS, type CheckName } from '../../src/checks/catalog.js';
import { CHECK_IMPLEMENTATIONS } from '../../src/checks/index.js';
import { BODY_FORMATS } from '../../src/checks/response-body.args.js';
import { PRESENCES } from '../../src/checks/response-field.args.js';
import type { CheckRef, Expectation } from '../../src/model/rule.js';
import { checkArgsProblems } from '../../specs/compile.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { ctx, exchange, YANDEX_SAMPLE_RESPONSE, YMQ } from './_exchange.js';

const NAMES = Object.keys(CHECKS) as CheckName[];
const WITH_ARGS: CheckName[] = ['response-header', 'response-body', 'response-field'];

/** Every check reference of every shipped rule: its expectation's and its readings'. */
function shippedRefs(): CheckRef[] {
  const refs: CheckRef[] = [];
  const add = (e: Expectation | undefined): void => {
    if (e && e.outcome !== 'none') refs.push(...e.checks);
  };
  for (const r of loadAllSpecs().flatMap((s) => s.rules)) {
    add(r.expect);
    for (const alt of r.ambiguity?.alternatives ?? []) add(alt.expect);
  }
  return refs;
}
const SHIPPED = shippedRefs();

const problems = (name: CheckName, args: unknown): string[] => checkArgsProblems(name, args).map((p) => `${p.pointer || '/'}: ${p.message}`);

describe('the argument schema of each check accepts the arguments every shipped spec gives it', () => {
  for (const name of NAMES) {
    it(name, () => {
      const used = SHIPPED.filter((r) => r.name === name);
      expect(used.length, `no shipped rule references ${name}`).toBeGreaterThan(0);
      for (const ref of used) expect(problems(name, ref.args ?? {}), JSON.stringify(ref.args)).toEqual([]);
      // The checks that read arguments get them from every reference; the others from none.
      expect(used.every((r) => r.args !== undefined)).toBe(WITH_ARGS.includes(name));
    });
  }
});

describe('a check that takes no arguments', () => {
  for (const name of NAMES.filter((n) => !WITH_ARGS.includes(n))) {
    it(`${name}: accepts none, rejects any`, () => {
      expect(CHECKS[name].args).not.toHaveProperty('properties');
      expect(problems(name, {})).toEqual([]);
      expect(problems(name, { status: [200] })).toEqual([`/status: check "${name}": unknown key "status"`]);
    });
  }
});

describe('response-header arguments', () => {
  const ok = { name: 'Content-Type', status: [201], format: { mediaType: 'application/xml; charset=utf-8' } };
  it('need a name and a format; status is optional', () => {
    expect(problems('response-header', { name: 'Location', format: { template: 'https://{ns}.example/{path}' } })).toEqual([]);
    expect(problems('response-header', {})).toEqual([
      '/: check "response-header": missing required key "name"',
      '/: check "response-header": missing required key "format"',
    ]);
  });
  it('reject an unknown key, an empty name, an empty status list and a status out of range', () => {
    expect(problems('response-header', { ...ok, stauts: [201] })).toEqual(['/stauts: check "response-header": unknown key "stauts"']);
    expect(problems('response-header', { ...ok, name: '' })).toEqual(['/name: check "response-header": must NOT have fewer than 1 characters, got ""']);
    expect(problems('response-header', { ...ok, status: [] })).toEqual(['/status: check "response-header": must NOT have fewer than 1 items']);
    expect(problems('response-header', { ...ok, status: [2010] })).toEqual(['/status/0: check "response-header": must be a whole number from 100 to 599, got 2010']);
  });
  it('reject a format with no member, two members or an unknown one', () => {
    expect(problems('response-header', { ...ok, format: {} })).toEqual(['/format: check "response-header": must NOT have fewer than 1 properties']);
    expect(problems('response-header', { ...ok, format: { value: 'a', pattern: 'a' } })).toEqual(['/format: check "response-header": must NOT have more than 1 properties']);
    expect(problems('response-header', { ...ok, format: { mediatype: 'text/plain' } })).toEqual(['/format/mediatype: check "response-header": unknown key "mediatype"']);
  });
  it('reject a media type that does not parse and a pattern that is not a regular expression', () => {
    expect(problems('response-header', { ...ok, format: { mediaType: 'application/xml; charset' } })).toEqual([
      '/format/mediaType: check "response-header": "application/xml; charset" is not a valid media-type',
    ]);
    expect(problems('response-header', { ...ok, format: { pattern: '[a-' } })).toEqual(['/format/pattern: check "response-header": not a valid regular expression: "[a-"']);
  });
  it('reject the named formats that judge XML elements: a header has only text', () => {
    expect(problems('response-header', { ...ok, format: { named: 'xml-content' } })).toEqual([
      '/format/named: check "response-header": must be one of "md5-hex", "non-empty", "decimal-uint128", "uri", "datetime", got "xml-content"',
    ]);
    expect(problems('response-header', { ...ok, format: { named: 'datetime' } })).toEqual([]);
  });
});

describe('response-body arguments', () => {
  it('need a format, xml, json or none', () => {
    expect(problems('response-body', { format: 'none' })).toEqual([]);
    expect(problems('response-body', { format: 'json', schema: { type: 'object', required: ['id'] } })).toEqual([]);
    expect(problems('response-body', { status: [200], format: 'xml', root: 'entry', namespace: 'http://www.w3.org/2005/Atom' })).toEqual([]);
    expect(problems('response-body', { status: [200] })).toEqual(['/: check "response-body": missing required key "format"']);
    expect(problems('response-body', { format: 'XML' })).toEqual(['/format: check "response-body": must be one of "xml", "json", "none", got "XML"']);
  });
  it('reject an empty root, a namespace that is not a string and a status that is not a list', () => {
    expect(problems('response-body', { format: 'xml', root: '' })).toEqual(['/root: check "response-body": must NOT have fewer than 1 characters, got ""']);
    expect(problems('response-body', { format: 'xml', namespace: 3 })).toEqual(['/namespace: check "response-body": must be string, got number 3']);
    expect(problems('response-body', { format: 'xml', status: '200' })).toEqual(['/status: check "response-body": must be array, got string "200"']);
  });
});

describe('response-field arguments', () => {
  const path = 'SendMessageResponse/SendMessageResult/MessageId';
  it('need a path and a presence, and a format unless the field must be absent', () => {
    expect(problems('response-field', { path, presence: 'absent' })).toEqual([]);
    expect(problems('response-field', { path, presence: 'always', format: { named: 'non-empty' } })).toEqual([]);
    for (const presence of PRESENCES.filter((p) => p !== 'absent')) {
      expect(problems('response-field', { path, presence }), presence).toEqual(['/: check "response-field": missing required key "format"']);
    }
    expect(problems('response-field', { presence: 'absent' })).toEqual(['/: check "response-field": missing required key "path"']);
  });
  it('report a misspelt presence once, as itself', () => {
    expect(problems('response-field', { path, presence: 'absnet' })).toEqual([
      '/presence: check "response-field": must be one of "always", "optional", "with-attributes", "without-attributes", "absent", got "absnet"',
    ]);
  });
  it('reject a path that is neither element names nor a JSON pointer: an attribute step, a prefix, an empty step, a bad escape', () => {
    for (const bad of ['entry/@href', 'atom:entry/id', 'entry//id', 'entry/id/', '/a~2b', '']) {
      expect(problems('response-field', { path: bad, presence: 'absent' }), bad).toEqual([
        `/path: check "response-field": ${JSON.stringify(bad)} does not match ^([A-Za-z_][\\w.-]*(/[A-Za-z_][\\w.-]*)*|(/([^/~]|~[01])*)+)$`,
      ]);
    }
  });
  it('accept a JSON pointer into a JSON body', () => {
    for (const good of ['/id', '/note/title', '/a~1b/~0c', '/items/0']) expect(problems('response-field', { path: good, presence: 'absent' }), good).toEqual([]);
  });
  it('accept the element formats', () => {
    expect(problems('response-field', { path: 'entry/link', presence: 'always', format: { named: 'atom-link' } })).toEqual([]);
    expect(problems('response-field', { path: 'entry/content', presence: 'always', format: { named: 'xml-content' } })).toEqual([]);
  });
});

/**
 * The schema and the check's own argument readers agree: whatever the schema accepts, the check
 * reads without a harness error, and each value a reader refuses, the schema rejects at load.
 */
describe('the schemas agree with what the checks read', () => {
  const c = ctx(YMQ, 'response-body');
  const success = exchange({ status: 200, body: YANDEX_SAMPLE_RESPONSE, headers: { 'Content-Type': 'text/xml', Location: 'https://q.example/1' } });
  const run = (name: CheckName, args: Record<string, unknown>) => () => CHECK_IMPLEMENTATIONS[name](c, success, args);
  const path = 'SendMessageResponse/SendMessageResult/MessageId';

  const accepted: Array<[CheckName, Record<string, unknown>]> = [
    ['response-header', { name: 'content-type', status: [200], format: { mediaType: 'text/xml' } }],
    ['response-header', { name: 'Location', format: { template: 'https://{host}/{id}' } }],
    ['response-header', { name: 'Location', format: { pattern: 'https://.*' } }],
    ['response-header', { name: 'Location', format: { value: 'https://q.example/1' } }],
    ...NAMED_FORMATS.filter((n) => n !== 'atom-link' && n !== 'xml-content').map(
      (named): [CheckName, Record<string, unknown>] => ['response-header', { name: 'Location', format: { named } }],
    ),
    ['response-body', { status: [200], format: 'xml', root: 'SendMessageResponse', namespace: 'urn:x' }],
    ['response-body', { format: 'none' }],
    ...PRESENCES.map((presence): [CheckName, Record<string, unknown>] => ['response-field', { path, presence, format: { named: 'non-empty' } }]),
    ...NAMED_FORMATS.map((named): [CheckName, Record<string, unknown>] => ['response-field', { path, presence: 'always', format: { named } }]),
    ['response-field', { path, presence: 'absent' }],
  ];
  it('accepted arguments are read without throwing', () => {
    for (const [name, args] of accepted) {
      expect(problems(name, args), JSON.stringify(args)).toEqual([]);
      expect(run(name, args), `${name} ${JSON.stringify(args)}`).not.toThrow();
    }
  });

  const refused: Array<[CheckName, Record<string, unknown>]> = [
    ['response-header', { name: 'Location', format: { named: 'atom-link' } }],
    ['response-header', { name: 'Location', format: { mediaType: 'text' } }],
    ['response-header', { name: 'Location', format: { pattern: '(' } }],
    ['response-header', { name: 'Location', format: { value: 1 } }],
    ['response-header', { name: '', format: { value: 'x' } }],
    ['response-header', { name: 'Location', status: ['200'], format: { value: 'x' } }],
    ['response-body', { format: 'yaml' }],
    ['response-body', { format: 'xml', root: '' }],
    ['response-field', { path, presence: 'absnet' }],
    ['response-field', { path: '', presence: 'absent' }],
    ['response-field', { path, presence: 'always', format: { named: 'md5' } }],
  ];
  it('arguments a check would refuse at run time fail the load instead', () => {
    for (const [name, args] of refused) {
      expect(problems(name, args), JSON.stringify(args)).not.toEqual([]);
      expect(run(name, args), `${name} ${JSON.stringify(args)}`).toThrow(TypeError);
    }
  });
});

describe('the schemas and spec.schema.json agree on the values a responses: entry may use', () => {
  const spec = JSON.parse(readFileSync(join(import.meta.dirname, '../../specs/spec.schema.json'), 'utf8')) as {
    $defs: { valueFormat: { properties: { named: { enum: string[] } } } };
    properties: { responses: { properties: { body: { properties: { format: { enum: string[] }; fields: { items: { properties: { presence: { enum: string[] } } } } } } } } };
  };
  const body = spec.properties.responses.properties.body.properties;
  it('named formats, body formats and presences', () => {
    expect(spec.$defs.valueFormat.properties.named.enum).toEqual([...NAMED_FORMATS]);
    expect(body.format.enum).toEqual([...BODY_FORMATS]);
    // A documented field may be declared absent too (under a condition, with `when`); the spec lists `absent` third.
    expect([...body.fields.items.properties.presence.enum].sort()).toEqual([...PRESENCES].sort());
  });
});

describe('every argument schema is closed', () => {
  /** Every object-typed subschema, with where it is. */
  function objects(schema: unknown, at: string): Array<[string, Record<string, unknown>]> {
    if (typeof schema !== 'object' || schema === null) return [];
    const s = schema as Record<string, unknown>;
    const own: Array<[string, Record<string, unknown>]> = s['type'] === 'object' ? [[at, s]] : [];
    const props = (s['properties'] ?? {}) as Record<string, unknown>;
    const values = typeof s['additionalProperties'] === 'object' ? objects(s['additionalProperties'], `${at}/*`) : [];
    return [...own, ...Object.entries(props).flatMap(([k, v]) => objects(v, `${at}/${k}`)), ...objects(s['items'], `${at}/items`), ...values];
  }
  it('no object in any of them takes a key it does not list, so a typo is never ignored', () => {
    for (const name of NAMES) {
      const found = objects(CHECKS[name].args, name);
      expect(found.length).toBeGreaterThan(0);
      // `schema` of response-body is the document's own JSON Schema, open by nature; the loader compiles it.
      // `bind` maps the template's own placeholder names, which no schema can list; each binding is closed.
      for (const [at, s] of found) if (!at.endsWith('/schema') && !at.endsWith('/bind')) expect(s['additionalProperties'], at).toBe(false);
      for (const [at] of found.filter(([a]) => a.endsWith('/bind'))) expect(found.some(([a, s]) => a === `${at}/*` && s['additionalProperties'] === false), at).toBe(true);
    }
  });
});
