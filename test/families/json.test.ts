/**
 * The json protocol family on the json-notes fixture: load, generation (canonical, broken,
 * random valid bodies against the spec's schema), encoding and decoding, error codes in JSON
 * bodies and headers, JSON response checks, and whole rules against a loopback server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseRequest, withField, type GenContext } from '../../generators/_internals/build.js';
import { ruleCases } from '../../generators/ruleCases.js';
import { validRequest } from '../../generators/validRequest.js';
import { loadSpecFile } from '../../specs/loader.js';
import { codeText, errorCodeOf } from '../../src/checks/error-code.js';
import { responseBodyCheck } from '../../src/checks/response-body.js';
import { responseFieldCheck } from '../../src/checks/response-field.js';
import { decodeBody, encodeBody } from '../../src/families/encoding.js';
import type { HttpResponse } from '../../src/model/exchange.js';
import type { FieldModel } from '../../src/model/operation.js';
import type { RuleSet } from '../../src/model/rule.js';
import { runPlan } from '../../src/runner/engine.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';
import { exchange, request } from '../checks/_exchange.js';
import { startNotesServer, type NotesServer } from './notes-server.js';
import { specProblems } from '../specs/_problems.js';

const FILE = join(import.meta.dirname, '../fixtures/specs/valid/json-notes.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const SET: RuleSet = loadSpecFile(FILE);
const OP = SET.operation;
const CTX: GenContext = { entity: 'queue', entityValue: 'notebook-1', deviceHandles: {} };
const field = (name: string): FieldModel => OP.parameters.find((p) => p.name === name)!;
const bytes = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const SCHEMA = OP.encoding['schema'] as object;
const conforms = new Ajv2020({ strict: false }).compile(SCHEMA);

const problems = (text: string): string[] => specProblems(text, 'notes.yaml');

describe('json family: load', () => {
  it('derives the rules of the fixture', () => {
    expect(SET.rules.map((r) => r.slug)).toEqual([
      'content-type-value',
      'title-required',
      'title-length',
      'priority-optional',
      'priority-type',
      'priority-range',
      'urgent-optional',
      'tags-optional',
      'tags-count',
      'response-body',
      'response-id',
      'body-not-json',
      'body-malformed',
      'body-array',
      'body-empty',
      'auth-missing',
    ]);
  });

  it('refuses a canonical body that breaks the request schema, located at the schema', () => {
    expect(problems(TEXT.replace('title: { type: string, minLength: 1, maxLength: 64 }', 'title: { type: integer }'))).toEqual([
      'notes.yaml:19:7 /transport/encoding/schema: the canonical request body does not conform to this schema: /title must be integer',
    ]);
  });

  it('refuses a numbered parameter of several sub-fields, and a body variant of another family', () => {
    const two = TEXT.replace('        - name: value\n          source: { section: Body, item: tags }', '        - name: value\n          source: { section: Body, item: tags }\n        - name: colour\n          source: { section: Body, item: tags }');
    expect(problems(two)).toEqual([
      'notes.yaml:59:9 /parameters/3/numbered/fields: the json family writes a numbered parameter as an array of one sub-field\'s values; "tags" has 2 sub-fields',
    ]);
    expect(problems(TEXT.replace('stimulus: { body: not-json }', 'stimulus: { body: not-xml }'))).toEqual([
      'notes.yaml:98:23 /rules/0/stimulus/body: unknown body variant "not-xml" for protocol family json; known: not-json, malformed-json, empty, wrong-type',
    ]);
  });

  it('refuses an error-body format the family does not carry', () => {
    expect(problems(TEXT.replace('errorBody: { format: json, codePath: /error/code }', 'errorBody: { format: xml, codePath: Error/Code }'))).toEqual([
      'notes.yaml:77:24 /responses/errorBody/format: protocol family json carries error codes as json or header, not xml',
    ]);
  });
});

describe('json family: generation and encoding', () => {
  it('writes the canonical body as a JSON object of the required parameters, typed', () => {
    const req = baseRequest(OP, CTX, 'x');
    expect(req.headers).toEqual([{ name: 'Content-Type', value: 'application/json' }]);
    expect(req.body).toEqual({ kind: 'json', value: { title: 'Hello from ruleprobe' } });
    expect(bytes(encodeBody(OP, req.body))).toBe('{"title":"Hello from ruleprobe"}');
  });

  it('sets integers as numbers, a flag as true, a numbered item as an array element, other text as strings', () => {
    let req = withField(OP, baseRequest(OP, CTX), field('priority'), '5');
    req = withField(OP, req, field('urgent'), null);
    req = withField(OP, req, field('tags').numbered!.fields[0]!, 'home', 1);
    expect(bytes(encodeBody(OP, req.body))).toBe('{"title":"Hello from ruleprobe","priority":5,"urgent":true,"tags":["home"]}');
    expect(bytes(encodeBody(OP, withField(OP, req, field('priority'), '1.5').body))).toContain('"priority":"1.5"');
    expect(bytes(encodeBody(OP, withField(OP, req, field('title'), undefined).body))).toBe('{"priority":5,"urgent":true,"tags":["home"]}');
  });

  it('splices raw bytes into a string, and writes a lone surrogate as its escape', () => {
    const raw = withField(OP, baseRequest(OP, CTX), field('title'), { raw: Buffer.from([0x61, 0xc3, 0x28, 0x62]).toString('base64') });
    expect(Buffer.from(encodeBody(OP, raw.body)).toString('hex')).toBe(Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0x61, 0xc3, 0x28, 0x62]), Buffer.from('"}')]).toString('hex'));
    expect(decodeBody(OP, encodeBody(OP, raw.body)).kind).toBe('raw');
    const lone = withField(OP, baseRequest(OP, CTX), field('title'), 'a\uD800b');
    expect(bytes(encodeBody(OP, lone.body))).toBe('{"title":"a\\ud800b"}');
    expect(decodeBody(OP, encodeBody(OP, lone.body))).toEqual(lone.body);
  });

  it('decodes what it encodes, for random valid requests; every one conforms to the schema', () => {
    fc.assert(
      fc.property(validRequest(OP, CTX), (req) => {
        expect(req.body.kind).toBe('json');
        expect(decodeBody(OP, encodeBody(OP, req.body))).toEqual(req.body);
        expect(conforms((req.body as { value: unknown }).value), JSON.stringify(req.body)).toBe(true);
      }),
      { numRuns: 300, seed: 3 },
    );
    expect(decodeBody(OP, new Uint8Array())).toEqual({ kind: 'none' });
    expect(decodeBody(OP, Buffer.from('{"a":'))).toEqual({ kind: 'raw', value: '{"a":' });
  });

  it('builds each broken body', () => {
    const cases = (slug: string): string[] =>
      ruleCases(SET.rules.find((r) => r.slug === slug)!, OP, CTX).fixed.map((c) => `${c.expect} ${c.label}: ${c.request.body.kind === 'none' ? '(none)' : bytes(encodeBody(OP, c.request.body))}`);
    expect(cases('body-not-json')).toEqual(['accept canonical valid request (control): {"title":"Hello from ruleprobe"}', 'reject plain-text body "This is not JSON.": This is not JSON.']);
    expect(cases('body-malformed')).toEqual([
      'accept canonical valid request (control): {"title":"Hello from ruleprobe"}',
      'reject the canonical body without its closing brace: {"title":"Hello from ruleprobe"',
      'reject an unclosed object: {"ruleprobe":',
    ]);
    expect(cases('body-array')).toEqual(['accept canonical valid request (control): {"title":"Hello from ruleprobe"}', 'reject a JSON array holding the canonical object: [{"title":"Hello from ruleprobe"}]']);
    expect(cases('body-empty')).toEqual(['accept canonical valid request (control): {"title":"Hello from ruleprobe"}', 'reject empty body: (none)']);
  });
});

describe('json family: responses', () => {
  const response = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: Buffer.from(body), truncated: false });

  it('reads the error code at the JSON pointer, or in a header', () => {
    expect(codeText(errorCodeOf(OP, response(400, '{"error":{"code":" InvalidJson "}}')))).toBe('InvalidJson');
    expect(codeText(errorCodeOf(OP, response(400, '{"error":{"code":17}}')))).toBe('17');
    expect(codeText(errorCodeOf(OP, response(400, '{"error":{}}')))).toBeUndefined();
    expect(codeText(errorCodeOf(OP, response(400, '<Error><Code>X</Code></Error>')))).toBeUndefined();
    expect(codeText(errorCodeOf({ ...OP, errorBody: { format: 'header', codePath: 'X-Error-Code', fields: ['X-Error-Code'] } }, response(400, '', { 'x-error-code': 'Throttled' })))).toBe('Throttled');
  });

  it('checks a JSON response body against its schema, and a field at a JSON pointer', () => {
    const ctx = { op: OP, rule: SET.rules.find((r) => r.slug === 'response-body')! };
    const bodyArgs = ctx.rule.expect.outcome === 'accept' ? ctx.rule.expect.checks.find((c) => c.name === 'response-body')!.args! : {};
    const at = (body: string) => exchange({ status: 201, body, request: request('queue') });
    expect(responseBodyCheck(ctx, at('{"id":"n1"}'), bodyArgs)).toEqual({ ok: true });
    expect(responseBodyCheck(ctx, at('{"id":7}'), bodyArgs)).toEqual({
      ok: false,
      message: 'The 201 response body does not conform to the documented schema: /id must be string.',
      expected: 'a JSON document that conforms to the documented schema',
      actual: '{"id":7}',
    });
    expect(responseBodyCheck(ctx, at('<id/>'), bodyArgs)).toMatchObject({ ok: false, message: expect.stringMatching(/^The 201 response body is not JSON: /) });
    const fieldArgs = { path: '/id', format: { pattern: '^n[0-9]+$' }, presence: 'always' };
    expect(responseFieldCheck(ctx, at('{"id":"n12"}'), fieldArgs)).toEqual({ ok: true });
    expect(responseFieldCheck(ctx, at('{"id":"x"}'), fieldArgs)).toEqual({ ok: false, message: '/id in the 201 response does not have its documented format.', expected: 'matching /^n[0-9]+$/', actual: 'x' });
    expect(responseFieldCheck(ctx, at('{}'), fieldArgs)).toEqual({ ok: false, message: '/id is missing from the 201 response, though the document says it is always present.', expected: 'matching /^n[0-9]+$/', actual: '(absent)' });
  });
});

describe('json family: rules against a loopback server', () => {
  let good: NotesServer;
  let lax: NotesServer;
  beforeAll(async () => {
    good = await startNotesServer();
    lax = await startNotesServer({ lax: true });
  });
  afterAll(async () => {
    await good.close();
    await lax.close();
  });

  const run = (url: string): Promise<VerdictRecord[]> =>
    runPlan({
      specs: [
        {
          set: SET,
          target: {
            target: { baseUrl: url, entities: { queue: 'notebook-1' } },
            credentials: { scheme: 'sigv4', accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-not-a-secret', region: 'test-1', service: 'notes' },
            deviceHandles: {},
            options: {},
          },
          ruleIds: SET.rules.map((r) => r.id),
        },
      ],
      seed: 5,
      runs: 10,
      concurrency: 4,
      timeoutMs: 5000,
      maxBodyBytes: 1 << 16,
    });

  it('passes every testable rule against a correct server', async () => {
    const verdicts = await run(good.url);
    expect(verdicts.map((v) => `${v.ruleId.split('/').pop()} ${v.verdict}${v.failure ? ` ${v.failure.message}` : ''}`)).toEqual(SET.rules.map((r) => `${r.slug} ${r.testable ? 'PASS' : 'UNTESTABLE'}`));
  });

  it('fails exactly the title length rule against a server that takes any title length', async () => {
    const verdicts = await run(lax.url);
    const failing = verdicts.filter((v) => v.verdict !== 'PASS' && v.verdict !== 'UNTESTABLE');
    expect(failing.map((v) => `${v.ruleId.split('/').pop()} ${v.verdict}`)).toEqual(['title-length FAIL']);
    expect(failing[0]!.failure!.caseLabel).toBe('title of 65 characters (max + 1)');
  });
});
