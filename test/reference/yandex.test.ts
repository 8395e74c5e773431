/**
 * The Yandex SendMessage reference against the spec's own cases: every testable rule's fixed
 * cases and a few random ones, turned into signed wire requests as the harness sends them and
 * answered in-process. The pristine handler passes every rule; each mutant fails its own rule.
 * Response-level checks (digests, fields, sequence numbers, error shape) are done here, from the
 * documents, not with the harness's checks module.
 */
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenContext } from '../../generators/_internals/build.js';
import { ruleCases } from '../../generators/ruleCases.js';
import { EMBEDDED_OPTION_VARIANTS, referenceConfig, targetsFor } from '../../reference/embedded.js';
import { answer, wireToRef } from '../../reference/testing.js';
import type { RefConfig, RefResponse } from '../../reference/types.js';
import { yandex } from '../../reference/yandex.js';
import { loadAllSpecs } from '../../specs/loader.js';
import { md5Hex, md5OfMessageAttributes, type MessageAttribute } from '../../src/checks/digest.js';
import { decodeForm } from '../../src/encode/form.js';
import { encodeRequest } from '../../src/encode/request.js';
import { encodeText } from '../../src/encode/text.js';
import type { NamedValue, RequestCase, WireRequest } from '../../src/model/request.js';
import type { CheckRef, Outcome, Rule } from '../../src/model/rule.js';
import { sign, SIGV4_MALFORMED_FORMS } from '../../src/sign/schemes/sigv4/index.js';
import { prepareRequest } from '../../src/transport/prepare.js';

const SPEC = 'yandex-message-queue/send-message';
const NOW = new Date('2025-03-01T12:00:00Z');
const RANDOM_RUNS = 5;
const CONTEXTS = ['standard-queue', 'fifo-queue'] as const;

/**
 * Cases the spec gets wrong, left out of the pristine run and checked apart: the document's
 * sample request has no MessageGroupId / MessageDeduplicationId, yet sample-request applies to
 * any queue, and on a FIFO queue message-group-id-required demands its rejection.
 */
/** Rules whose cases cannot all pass on some entity because the spec contradicts itself there (none now). */
const SPEC_CONFLICTS: Array<{ rule: string; entity: string; why: string }> = [];

const set = loadAllSpecs().find((s) => s.specId === SPEC)!;
const op = set.operation;
const baseCfg = referenceConfig({ now: () => NOW });
const spec = targetsFor('http://127.0.0.1:9', baseCfg)[SPEC]!;
const testable = set.rules.filter((r) => r.testable);
/**
 * Scenario rules run through companion operations, step by step as the engine sends them: the
 * reference's companions are tested in yandex-companions.test.ts and the scenario mutants by the
 * mutation test (test/mutation); here, the rules whose cases are fixed.
 */
const scenarioRules = new Set(testable.filter((r) => r.stimulus.kind === 'scenario').map((r) => r.id));
const caseRules = testable.filter((r) => !scenarioRules.has(r.id));

interface Prepared {
  rule: Rule;
  /** The rule requires target options the default reference does not serve: run it with content-based deduplication on. */
  contentBased: boolean;
  entity: string;
  c: RequestCase;
  wire: WireRequest;
  fields: NamedValue[];
}

const xml = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: true });

type Tree = Record<string, unknown>;

function bodyText(res: RefResponse): string {
  return res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
}

function parse(res: RefResponse): Tree | undefined {
  try {
    return xml.parse(bodyText(res)) as Tree;
  } catch {
    return undefined;
  }
}

function at(tree: Tree | undefined, path: string): string | undefined {
  let node: unknown = tree;
  for (const part of path.split('/')) {
    if (node === null || typeof node !== 'object' || !(part in (node as Tree))) return undefined;
    node = (node as Tree)[part];
  }
  return typeof node === 'string' ? node : node === undefined ? undefined : JSON.stringify(node);
}

const errorCode = (res: RefResponse): string | undefined => at(parse(res), 'ErrorResponse/Error/Code');

function field(fields: NamedValue[], name: string): Uint8Array | undefined {
  const f = fields.find((x) => x.name === name);
  return f === undefined ? undefined : encodeText(f.value);
}

/** The attributes a request sent, for the digest (the value field its DataType names). */
function sentAttributes(fields: NamedValue[]): MessageAttribute[] {
  const items = new Map<string, Map<string, Uint8Array>>();
  for (const f of fields) {
    const m = /^MessageAttribute\.(\d+)\.(.+)$/.exec(f.name);
    if (!m) continue;
    if (!items.has(m[1]!)) items.set(m[1]!, new Map());
    items.get(m[1]!)!.set(m[2]!, encodeText(f.value));
  }
  return [...items.values()].map((item) => {
    const text = (k: string): string => Buffer.from(item.get(k) ?? new Uint8Array()).toString('utf8');
    const dataType = text('Value.DataType');
    return {
      name: text('Name'),
      dataType,
      value: dataType.startsWith('Binary') ? new Uint8Array(Buffer.from(text('Value.BinaryValue'), 'base64')) : text('Value.StringValue'),
    };
  });
}

const FORMATS: Record<string, (v: string) => boolean> = {
  'md5-hex': (v) => /^[0-9a-f]{32}$/.test(v),
  'non-empty': (v) => v.length > 0,
  'decimal-uint128': (v) => /^\d+$/.test(v) && BigInt(v) < 1n << 128n,
};

/** One named check on a response; a message when it fails. */
function check(p: Prepared, res: RefResponse, ref: CheckRef): string | undefined {
  const args = (ref.args ?? {}) as Record<string, unknown>;
  const tree = parse(res);
  switch (ref.name) {
    case 'status-documented':
      return op.statuses.includes(res.status) ? undefined : `status ${res.status} is not documented`;
    case 'error-code':
      return undefined; // judged with the outcome
    case 'error-body': {
      if (res.status < 400) return undefined;
      const text = bodyText(res);
      if (XMLValidator.validate(text) !== true) return 'error body is not well-formed XML';
      for (const path of ['ErrorResponse/Error/Code', 'ErrorResponse/Error/Message', 'ErrorResponse/RequestId']) {
        if (!at(tree, path)) return `error body has no ${path}`;
      }
      return undefined;
    }
    case 'response-body': {
      const text = bodyText(res);
      if (XMLValidator.validate(text) !== true) return 'response body is not well-formed XML';
      return tree && Object.keys(tree).length === 1 && String(args.root) in tree ? undefined : `root is not ${String(args.root)}`;
    }
    case 'response-field': {
      const path = String(args.path);
      const value = at(tree, path);
      const hasAttrs = p.fields.some((f) => f.name.startsWith('MessageAttribute.'));
      // A presence with a condition judges only the requests that meet it.
      const when = args.when as { entity?: string; has?: string; lacks?: string } | undefined;
      const carries = (name: string): boolean => p.fields.some((f) => f.name === name || f.name.startsWith(`${name}.`));
      if (when?.entity !== undefined && when.entity !== p.entity) return undefined;
      if (when?.has !== undefined && !carries(when.has)) return undefined;
      if (when?.lacks !== undefined && carries(when.lacks)) return undefined;
      const must =
        args.presence === 'always' || (args.presence === 'with-attributes' && hasAttrs);
      if (args.presence === 'absent') return value === undefined ? undefined : `${path} is present`;
      if (value === undefined) return must ? `${path} is missing` : undefined;
      const format = (args.format as { named?: string } | undefined)?.named;
      return format === undefined || FORMATS[format]!(value) ? undefined : `${path} = ${JSON.stringify(value)} is not ${format}`;
    }
    case 'md5-of-message-body': {
      const expected = md5Hex(field(p.fields, 'MessageBody') ?? new Uint8Array());
      const got = at(tree, 'SendMessageResponse/SendMessageResult/MD5OfMessageBody');
      return got === expected ? undefined : `MD5OfMessageBody ${got} ≠ ${expected}`;
    }
    case 'md5-of-message-attributes': {
      const expected = md5OfMessageAttributes(sentAttributes(p.fields));
      const got = at(tree, 'SendMessageResponse/SendMessageResult/MD5OfMessageAttributes');
      return got === expected ? undefined : `MD5OfMessageAttributes ${got} ≠ ${expected}`;
    }
    case 'example-response': {
      const name = p.rule.stimulus.kind === 'example' ? p.rule.stimulus.example : '';
      const example = op.examples.find((e) => e.name === name)!;
      for (const [k, v] of Object.entries(example.response ?? {})) {
        const got = at(tree, `SendMessageResponse/SendMessageResult/${k}`);
        if (got !== v) return `${k} ${got} ≠ the document's ${v}`;
      }
      return undefined;
    }
    case 'sequence-number-increasing':
      return undefined; // judged over the sequence
    default:
      return `unknown check ${ref.name}`;
  }
}

/** Every outcome a rejection may have: the rule's own and those of its accepted readings. */
function rejectOutcomes(rule: Rule): Outcome[] {
  if (rule.expect.outcome !== 'reject') return [];
  const alt = (rule.ambiguity?.alternatives ?? []).filter((a) => a.accepted && a.expect?.outcome === 'reject');
  return [...rule.expect.outcomes, ...alt.flatMap((a) => (a.expect?.outcome === 'reject' ? a.expect.outcomes : []))];
}

/** Why one answer fails its case, or undefined. */
function judge(p: Prepared, res: RefResponse): string | undefined {
  const { rule, c } = p;
  const code = res.status >= 400 ? errorCode(res) : undefined;
  const seen = `${res.status}${code ? ` ${code}` : ''}`;
  if (rule.expect.outcome === 'none') return undefined;
  if (c.expect === 'accept') {
    const statuses = rule.expect.outcome === 'accept' ? rule.expect.status : rule.expect.acceptStatus;
    if (!statuses.includes(res.status)) return `expected ${statuses.join('/')}, got ${seen}`;
    if (rule.expect.outcome === 'accept') {
      for (const ref of rule.expect.checks) {
        const why = check(p, res, ref);
        if (why) return why;
      }
    }
    return check(p, res, { name: 'status-documented' });
  }
  const ok = rejectOutcomes(rule).some((o) => o.status.includes(res.status) && (o.code === undefined || o.code === code));
  if (!ok) return `expected ${rejectOutcomes(rule).map((o) => `${o.status.join('/')}${o.code ? ` ${o.code}` : ''}`).join(' or ')}, got ${seen}`;
  for (const ref of rule.expect.checks) {
    const why = check(p, res, ref);
    if (why) return why;
  }
  return undefined;
}

const prepared: Prepared[] = [];

beforeAll(async () => {
  for (const entity of CONTEXTS) {
    const ctx: GenContext = { entity, entityValue: spec.target.entities[entity]!, deviceHandles: {} };
    for (const rule of caseRules) {
      if (rule.appliesTo !== 'any' && rule.appliesTo !== entity) continue;
      const options = Object.entries(rule.requires ?? {});
      const contentBased = options.length > 0 && options.every(([k, v]) => EMBEDDED_OPTION_VARIANTS[SPEC]![0]!.options[k] === v);
      if (!contentBased && options.some(([k, v]) => spec.options[k] !== v)) continue;
      if (SPEC_CONFLICTS.some((x) => x.rule === rule.id && x.entity === entity)) continue;
      const rc = ruleCases(rule, op, ctx);
      const cases = [...rc.fixed, ...(rc.random ? fc.sample(rc.random, { seed: 42, numRuns: RANDOM_RUNS }) : [])];
      for (const [i, c] of cases.entries()) {
        const wire = await prepareRequest(op, spec.target, spec.credentials, c.request, NOW, i);
        prepared.push({ rule, contentBased, entity, c, wire, fields: decodeForm(wire.body) });
      }
    }
  }
}, 60_000);

/**
 * Runs every prepared case against `cfg` in order; failures per rule id. With `until`, it stops
 * at the first case of that rule that fails (the cases before it ran as in a whole run, so it is
 * the failure a whole run finds first); a rule judged over a sequence is judged after the last case.
 */
async function run(cfg: RefConfig, until?: string): Promise<Map<string, string[]>> {
  const failures = new Map<string, string[]>();
  const fail = (rule: string, why: string): void => void failures.set(rule, [...(failures.get(rule) ?? []), why]);
  const sequences = new Map<string, Array<{ step: number; seq: string | undefined; rule: Rule }>>();
  for (const p of prepared) {
    const res = await answer(p.contentBased ? { ...cfg, yandex: { ...cfg.yandex, contentBasedDeduplication: true } } : cfg, p.wire);
    const why = judge(p, res);
    const label = `[${p.entity}] ${p.c.label}: ${why}`;
    if (why) fail(p.rule.id, label);
    if (why && p.rule.id === until) return failures;
    if (p.c.sequence) {
      const key = `${p.entity}|${p.c.sequence.id}`;
      sequences.set(key, [...(sequences.get(key) ?? []), { step: p.c.sequence.step, seq: at(parse(res), 'SendMessageResponse/SendMessageResult/SequenceNumber'), rule: p.rule }]);
    }
  }
  for (const [key, steps] of sequences) {
    const rule = steps[0]!.rule;
    if (rule.expect.outcome !== 'accept' || !rule.expect.checks.some((c) => c.name === 'sequence-number-increasing')) continue;
    const nums = steps.sort((a, b) => a.step - b.step).map((s) => (s.seq !== undefined && /^\d+$/.test(s.seq) ? BigInt(s.seq) : undefined));
    const increasing = nums.every((n, i) => n !== undefined && (i === 0 || n > nums[i - 1]!));
    if (!increasing) fail(rule.id, `${key}: SequenceNumbers ${steps.map((s) => s.seq).join(', ')} do not increase`);
  }
  return failures;
}

describe(`${SPEC} reference`, () => {
  it('every testable rule has cases in some context', () => {
    const covered = new Set(prepared.map((p) => p.rule.id));
    const conflicted = new Set(SPEC_CONFLICTS.map((x) => x.rule));
    expect(caseRules.filter((r) => !covered.has(r.id) && !conflicted.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('the pristine handler passes every case of every rule', async () => {
    const failures = await run({ ...baseCfg });
    expect(Object.fromEntries(failures)).toEqual({});
  });

  it('names a mutant for every testable rule, and only for those', () => {
    expect(Object.keys(yandex.mutants).sort()).toEqual(testable.map((r) => r.id).sort());
  });

  it.each(Object.keys(yandex.mutants).filter((m) => !scenarioRules.has(m)))('mutant %s fails its own rule', async (mutant) => {
    const failures = await run({ ...baseCfg, mutant }, mutant);
    expect([...failures.keys()], yandex.mutants[mutant]).toContain(mutant);
  });
});

describe(`${SPEC} reference: SigV4 verification`, () => {
  const ctx: GenContext = { entity: 'standard-queue', entityValue: spec.target.entities['standard-queue']!, deviceHandles: {} };
  const rule = testable.find((r) => r.id === `${SPEC}/sigv4-accepted`)!;
  const signed = async (variant: Parameters<typeof sign>[1], pick = 0): Promise<WireRequest> => {
    const [c] = ruleCases(rule, op, ctx).fixed;
    return sign(encodeRequest(op, spec.target, c!.request), variant, { credentials: spec.credentials, now: NOW, resource: '', pick });
  };
  const outcome = async (wire: WireRequest, cfg: RefConfig = { ...baseCfg }): Promise<[number, string | undefined]> => {
    const res = await answer(cfg, wire);
    return [res.status, res.status >= 400 ? errorCode(res) : undefined];
  };

  it('a request signed by src/sign/sigv4.ts verifies', async () => {
    expect(await outcome(await signed('valid'))).toEqual([200, undefined]);
  });

  it.each(SIGV4_MALFORMED_FORMS.map((f, i) => [f, i] as const))('malformed form %s → 400 IncompleteSignature', async (_form, i) => {
    expect(await outcome(await signed('malformed', i))).toEqual([400, 'IncompleteSignature']);
  });

  it('each auth variant gets its documented answer', async () => {
    expect(await outcome(await signed('missing'))).toEqual([403, 'MissingAuthenticationToken']);
    expect(await outcome(await signed('empty'))).toEqual([403, 'MissingAuthenticationToken']);
    expect(await outcome(await signed('unknown-key-id'))).toEqual([403, 'InvalidClientTokenId']);
    expect(await outcome(await signed('bad-signature'))).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome(await signed('clock-skew'))).toEqual([400, 'RequestExpired']);
    expect(await outcome(await signed('clock-skew', 1))).toEqual([400, 'RequestExpired']);
  });

  it('a changed body, header or path no longer verifies; an unsigned extra header does not matter', async () => {
    const wire = await signed('valid');
    const body = Buffer.from(wire.body).toString('latin1').replace('Hello', 'Jello');
    expect(await outcome({ ...wire, body: Buffer.from(body, 'latin1') })).toEqual([403, 'SignatureDoesNotMatch']);
    const headers = wire.headers.map(([k, v]): [string, string] => (k.toLowerCase() === 'content-type' ? [k, `${v}; charset=utf-8`] : [k, v]));
    expect(await outcome({ ...wire, headers })).toEqual([403, 'SignatureDoesNotMatch']);
    expect(await outcome({ ...wire, headers: [...wire.headers, ['User-Agent', 'ruleprobe-test']] })).toEqual([200, undefined]);
    const ref = wireToRef(wire);
    const res = await yandex.handle({ ...ref, rawQuery: 'extra=1' }, { ...baseCfg });
    expect(res.status).toBe(403);
  });

  it('checks the signature before any parameter', async () => {
    const [c] = ruleCases(rule, op, ctx).fixed;
    const req = structuredClone(c!.request);
    if (req.body.kind === 'form') req.body.fields = req.body.fields.filter((f) => f.name !== 'Action' && f.name !== 'QueueUrl');
    const wire = encodeRequest(op, spec.target, req);
    const unsigned = await sign(wire, 'missing', { credentials: spec.credentials, now: NOW, resource: '' });
    expect(await outcome(unsigned)).toEqual([403, 'MissingAuthenticationToken']);
    const signedWire = await sign(wire, 'valid', { credentials: spec.credentials, now: NOW, resource: '' });
    expect(await outcome(signedWire)).toEqual([400, 'MissingAction']);
  });

  it('the signing time may be off by up to 15 minutes either way', async () => {
    const wire = await signed('valid');
    const at15 = (ms: number): RefConfig => ({ ...baseCfg, now: () => new Date(NOW.getTime() + ms) });
    expect((await outcome(wire, at15(15 * 60_000)))[0]).toBe(200);
    expect((await outcome(wire, at15(-15 * 60_000)))[0]).toBe(200);
    expect(await outcome(wire, at15(15 * 60_000 + 1000))).toEqual([400, 'RequestExpired']);
    expect(await outcome(wire, at15(-15 * 60_000 - 1000))).toEqual([400, 'RequestExpired']);
  });
});
