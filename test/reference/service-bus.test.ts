/**
 * The reference's Service Bus Send Message against the harness's own cases: every case of every
 * testable rule of azure-service-bus/send-message passes against the pristine handler, and each
 * mutant (named by a rule id) makes at least one case of that rule fail.
 *
 * Responses are checked here directly (status, and for response rules the header, the XML root
 * and the entry's fields, read from the rule's check arguments), independently of src/checks.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { GenContext } from '../../generators/_internals/build.js';
import { ruleCases } from '../../generators/ruleCases.js';
import { referenceConfig, targetsFor, type SpecTarget } from '../../reference/embedded.js';
import { serviceBus } from '../../reference/service-bus.js';
import { route } from '../../reference/server.js';
import { answer } from '../../reference/testing.js';
import type { RefConfig, RefRequest, RefResponse } from '../../reference/types.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { RequestCase, WireRequest } from '../../src/model/request.js';
import type { CheckRef, Outcome, Rule } from '../../src/model/rule.js';
import { prepareRequest } from '../../src/transport/prepare.js';

const SPEC_ID = 'azure-service-bus/send-message';
const NOW = new Date('2025-06-01T12:00:00Z');
const ATOM = 'http://www.w3.org/2005/Atom';
const RANDOM_RUNS = 5;
const MALFORMED_FORMS = 4;

const set = loadAllSpecs().find((s) => s.specId === SPEC_ID)!;
const testable = set.rules.filter((r) => r.testable);
const base: RefConfig = { ...referenceConfig(), now: () => NOW };
const loopback = targetsFor('http://127.0.0.1:9', base)[SPEC_ID]!;
/**
 * The harness mints the wrong-resource token by renaming the host's first label; on an IPv4
 * host (`127-ruleprobe-other.0.0.1` still ends in a number) the URL setter ignores the new name,
 * so the "wrong" audience equals the right one. That rule runs against a named host instead.
 */
const named = targetsFor('http://localhost:9', base)[SPEC_ID]!;

function targetFor(rule: Rule): SpecTarget {
  return rule.slug === 'auth-wrong-resource' ? named : loopback;
}

interface Prepared {
  case: RequestCase;
  wire: WireRequest;
}

async function prepareRule(rule: Rule): Promise<Prepared[]> {
  const t = targetFor(rule);
  const gen: GenContext = { entity: 'topic', entityValue: t.target.entities['topic']!, deviceHandles: {} };
  const rc = ruleCases(rule, set.operation, gen);
  const cases = [...rc.fixed, ...(rc.random ? fc.sample(rc.random, { seed: 20250601, numRuns: RANDOM_RUNS }) : [])];
  const out: Prepared[] = [];
  let index = 0;
  for (const c of cases) {
    // Each of the signer's malformed WRAP forms, not just the one the case index picks.
    const picks = c.request.auth === 'malformed' ? Array.from({ length: MALFORMED_FORMS }, (_, i) => i) : [index];
    for (const pick of picks) out.push({ case: c, wire: await prepareRequest(set.operation, t.target, t.credentials, c.request, NOW, pick) });
    index++;
  }
  return out;
}

const prepared = new Map<string, Prepared[]>();
for (const rule of testable) prepared.set(rule.id, await prepareRule(rule));

// ---------------------------------------------------------------------------------------------
// Response checks, read from the rule's check arguments.

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, parseTagValue: false, parseAttributeValue: false, trimValues: true, preserveOrder: true });
type Node = Record<string, unknown>;

function nameOf(n: Node): string {
  return Object.keys(n).find((k) => k !== ':@')!;
}
function elementsOf(nodes: unknown): Node[] {
  return (Array.isArray(nodes) ? (nodes as Node[]) : []).filter((n) => !nameOf(n).startsWith('#') && !nameOf(n).startsWith('?'));
}
function attrOf(n: Node, name: string): string | undefined {
  const a = (n[':@'] ?? {}) as Record<string, unknown>;
  return typeof a[`@_${name}`] === 'string' ? (a[`@_${name}`] as string) : undefined;
}
function textOf(n: Node): string {
  const kids = n[nameOf(n)];
  return (Array.isArray(kids) ? (kids as Node[]) : []).map((k) => (typeof k['#text'] === 'string' ? k['#text'] : '')).join('');
}
function localName(q: string): string {
  return q.includes(':') ? q.slice(q.indexOf(':') + 1) : q;
}

function bodyText(res: RefResponse): string {
  return res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
}

function header(res: RefResponse, name: string): string | undefined {
  const h = Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return h?.[1];
}

/** `type/subtype; a=b` → essence and parameters, lower-cased names, for comparison. */
function mediaType(v: string): { essence: string; params: Record<string, string> } {
  const [essence = '', ...params] = v.split(';').map((s) => s.trim());
  const p: Record<string, string> = {};
  for (const kv of params.filter(Boolean)) {
    const eq = kv.indexOf('=');
    p[kv.slice(0, eq).trim().toLowerCase()] = kv.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { essence: essence.toLowerCase(), params: p };
}

/** Same essence and the expected parameters; other parameters only when `listed` (charset always allowed). */
function sameMediaType(actual: string, expected: string, listed = false): boolean {
  const a = mediaType(actual);
  const e = mediaType(expected);
  const extra = Object.keys(a.params).filter((k) => !(k in e.params) && k !== 'charset' && !listed);
  return a.essence === e.essence && extra.length === 0 && Object.entries(e.params).every(([k, v]) => a.params[k] === v);
}

function rootOf(res: RefResponse): Node | string {
  const text = bodyText(res);
  const valid = XMLValidator.validate(text);
  if (valid !== true) return `body is not XML: ${valid.err.msg}`;
  const roots = elementsOf(xml.parse(text));
  if (roots.length !== 1) return `body has ${roots.length} root elements`;
  return roots[0]!;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function isAbsoluteUrl(s: string): boolean {
  try {
    return /^https?:$/.test(new URL(s.trim()).protocol);
  } catch {
    return false;
  }
}

/** The entity URL the seed's <id> and self link give for the request: https://{host}/{topic path}. */
function entityUrl(wire: WireRequest): string {
  const u = new URL(wire.url);
  return `https://${u.host}${u.pathname.replace(/\/messages$/, '')}`;
}

/** An element as its local name, attributes (namespace declarations aside), trimmed text and children. */
function shape(n: Node): string {
  const attrs = Object.entries((n[':@'] ?? {}) as Record<string, string>)
    .filter(([k]) => !k.startsWith('@_xmlns'))
    .sort()
    .map(([k, v]) => `${k}=${v}`);
  return `${localName(nameOf(n))}(${attrs.join(',')})"${textOf(n).trim()}"[${elementsOf(n[nameOf(n)]).map(shape).join(',')}]`;
}

/** The elements inside the request body's <content>. */
function sentContent(wire: WireRequest): Node[] {
  const roots = elementsOf(xml.parse(Buffer.from(wire.body).toString('utf8')));
  const content = elementsOf(roots[0]?.[nameOf(roots[0]!)]).find((n) => localName(nameOf(n)) === 'content');
  return content ? elementsOf(content[nameOf(content)]) : [];
}

/** The problem a response check finds, or null. */
function checkResponse(check: CheckRef, res: RefResponse, wire: WireRequest): string | null {
  const args = (check.args ?? {}) as Record<string, unknown>;
  switch (check.name) {
    case 'response-header': {
      const value = header(res, String(args['name']));
      const want = (args['format'] as { mediaType?: string } | undefined)?.mediaType;
      if (value === undefined) return `no ${String(args['name'])} header`;
      const listed = (args['format'] as { match?: string } | undefined)?.match === 'listed';
      if (want !== undefined && !sameMediaType(value, want, listed)) return `${String(args['name'])} is ${JSON.stringify(value)}, not ${want}`;
      return null;
    }
    case 'response-body': {
      if (!bodyText(res).startsWith('<?xml version="1.0" encoding="utf-8"?>')) return 'body does not start with the XML declaration';
      const root = rootOf(res);
      if (typeof root === 'string') return root;
      const qname = nameOf(root);
      if (localName(qname) !== args['root']) return `root is <${qname}>, not <${String(args['root'])}>`;
      const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '';
      const ns = attrOf(root, prefix ? `xmlns:${prefix}` : 'xmlns');
      if (ns !== args['namespace']) return `root namespace is ${JSON.stringify(ns)}, not ${String(args['namespace'])}`;
      return null;
    }
    case 'response-field': {
      const root = rootOf(res);
      if (typeof root === 'string') return root;
      const [rootName, fieldName] = String(args['path']).split('/');
      if (localName(nameOf(root)) !== rootName) return `root is not <${rootName}>`;
      const found = elementsOf(root[nameOf(root)]).filter((n) => localName(nameOf(n)) === fieldName);
      if (found.length === 0) return `no <${fieldName}>`;
      const format = (args['format'] ?? {}) as { named?: string; template?: string; echoes?: string };
      const named = format.named ?? (format.template !== undefined ? 'template' : undefined);
      const ok = (n: Node): boolean => {
        switch (named) {
          case 'template':
            return textOf(n).trim() === entityUrl(wire);
          case 'uri':
            return isAbsoluteUrl(textOf(n));
          case 'datetime':
            return RFC3339.test(textOf(n)) && !Number.isNaN(Date.parse(textOf(n)));
          case 'atom-link': {
            const url = (attrOf(n, 'href') ?? textOf(n)).trim();
            return attrOf(n, 'rel') === 'self' && isAbsoluteUrl(url) && (format.template === undefined || url === entityUrl(wire));
          }
          case 'xml-content': {
            const kids = n[nameOf(n)] as Node[];
            const text = kids.filter((k) => typeof k['#text'] === 'string' && (k['#text'] as string).trim() !== '');
            const one = mediaType(attrOf(n, 'type') ?? '').essence === 'application/xml' && elementsOf(kids).length === 1 && text.length === 0;
            return one && (format.echoes === undefined || elementsOf(kids).map(shape).join() === sentContent(wire).map(shape).join());
          }
          default:
            return true;
        }
      };
      const good = named === 'atom-link' ? found.some(ok) : found.every(ok);
      return good ? null : `<${fieldName}> is not a well-formed ${named ?? 'value'}: ${JSON.stringify(found.map(textOf))}`;
    }
    default:
      // status-documented: the status check below covers it for these rules.
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Verdicts.

function statusesOf(outcomes: Outcome[]): number[] {
  return outcomes.flatMap((o) => o.status);
}

function acceptStatuses(rule: Rule): number[] {
  if (rule.expect.outcome === 'accept') return rule.expect.status;
  if (rule.expect.outcome === 'reject') return rule.expect.acceptStatus;
  return [];
}

function rejectStatuses(rule: Rule): number[] {
  const own = rule.expect.outcome === 'reject' ? statusesOf(rule.expect.outcomes) : [];
  const alternatives = (rule.ambiguity?.alternatives ?? []).filter((a) => a.accepted && a.expect?.outcome === 'reject');
  return [...own, ...alternatives.flatMap((a) => (a.expect?.outcome === 'reject' ? statusesOf(a.expect.outcomes) : []))];
}

/** Why a case fails against `res`, or null when it passes. */
function judge(rule: Rule, c: RequestCase, res: RefResponse, wire: WireRequest): string | null {
  if (c.expect === 'either') {
    // The readings disagree on this case: accepted or rejected both pass.
    const accepted = judge(rule, { ...c, expect: 'accept' }, res, wire);
    return accepted && judge(rule, { ...c, expect: 'reject' }, res, wire) ? `neither reading fits: ${accepted}` : null;
  }
  if (c.expect === 'reject') {
    const want = rejectStatuses(rule);
    return want.includes(res.status) ? null : `expected ${want.join('/')}, got ${res.status}: ${bodyText(res).slice(0, 160)}`;
  }
  const want = acceptStatuses(rule);
  if (!want.includes(res.status)) return `expected ${want.join('/')}, got ${res.status}: ${bodyText(res).slice(0, 200)}`;
  if (rule.expect.outcome !== 'accept') return null;
  for (const check of rule.expect.checks) {
    const problem = checkResponse(check, res, wire);
    if (problem) return `${check.name}: ${problem}`;
  }
  return null;
}

/** Failures of a rule's cases. */
async function failures(rule: Rule, cfg: RefConfig): Promise<string[]> {
  const out: string[] = [];
  for (const p of prepared.get(rule.id)!) {
    const problem = judge(rule, p.case, await answer(cfg, p.wire), p.wire);
    if (problem) out.push(`${p.case.label}: ${problem}`);
  }
  return out;
}

describe('reference Service Bus Send Message: the harness cases', () => {
  it('has cases for every testable rule', () => {
    expect(testable.length).toBeGreaterThan(0);
    for (const rule of testable) expect(prepared.get(rule.id)!.length, rule.id).toBeGreaterThan(0);
  });

  it.each(testable.map((r) => [r.id, r] as const))('pristine passes %s', async (_id, rule) => {
    expect(await failures(rule, base)).toEqual([]);
  });

  it('names a mutant after every testable rule, and nothing else', () => {
    expect(Object.keys(serviceBus.mutants).sort()).toEqual(testable.map((r) => r.id).sort());
  });

  it.each(testable.map((r) => [r.id, r] as const))('mutant %s fails its own rule', async (id, rule) => {
    expect(Object.hasOwn(serviceBus.mutants, id)).toBe(true);
    expect((await failures(rule, { ...base, mutant: id })).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Behaviour the harness's cases do not reach.

const HOST = '127.0.0.1:9';
const ENTRY = `<entry xmlns="${ATOM}"><content type="application/xml"><MessageDescription>Hello</MessageDescription></content></entry>`;
const CT = 'application/atom+xml;type=entry;charset=utf-8';

function enc(s: string): string {
  return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
}

/** A SWT minted here, independently of src/sign: claims form-encoded, HMACSHA256 last. */
function swt(over: Partial<Record<'action' | 'audience' | 'expiresOn' | 'issuer', string>> = {}, key = base.serviceBus.issuerKey): string {
  const claims: Array<[string, string]> = [
    ['net.windows.servicebus.action', over.action ?? 'Listen,Manage,Send'],
    ['Audience', over.audience ?? `http://${HOST}/`],
    ['ExpiresOn', over.expiresOn ?? String(NOW.getTime() / 1000 + 600)],
    ['Issuer', over.issuer ?? base.serviceBus.issuer],
  ];
  const unsigned = claims.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const mac = createHmac('sha256', Buffer.from(key, 'base64')).update(unsigned).digest('base64');
  return `${unsigned}&HMACSHA256=${enc(mac)}`;
}

function req(over: { path?: string; method?: string; headers?: Record<string, string | undefined>; body?: string } = {}): RefRequest {
  const headers: Record<string, string> = {};
  const all = { authorization: `WRAP access_token="${swt()}"`, 'content-type': CT, ...over.headers };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) headers[k] = v;
  return { method: over.method ?? 'POST', rawPath: over.path ?? '/orders/messages', rawQuery: '', host: HOST, headers, body: Buffer.from(over.body ?? ENTRY, 'utf8') };
}

async function send(r: RefRequest, cfg: RefConfig = base): Promise<RefResponse> {
  return route(r, cfg);
}

describe('reference Service Bus Send Message: details', () => {
  it('claims POST /{topic path}/messages only', () => {
    expect(serviceBus.matches(req(), base)).toBe(true);
    expect(serviceBus.matches(req({ path: '/a/b/messages' }), base)).toBe(true);
    expect(serviceBus.matches(req({ path: '/orders/messages/' }), base)).toBe(false);
    expect(serviceBus.matches(req({ method: 'GET' }), base)).toBe(false);
    expect(serviceBus.matches(req({ path: '/messages' }), base)).toBe(false);
  });

  it('answers the seed entry with 200 and echoes the description', async () => {
    const res = await send(req());
    expect(res.status).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/atom+xml; type=entry');
    const body = bodyText(res);
    expect(body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><entry xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(body).toContain(`<id>https://${HOST}/orders</id>`);
    expect(body).toContain(`<link rel="self" href="https://${HOST}/orders">https://${HOST}/orders</link>`);
    expect(body).toContain(`<published>${NOW.toISOString()}</published>`);
    expect(body).toContain('<content type="application/xml"><MessageDescription>Hello</MessageDescription></content>');
  });

  it('keeps the description meaning: inherited namespaces are declared on it', async () => {
    const body = `<a:entry xmlns:a="${ATOM}" xmlns:m="urn:m"><a:content type="application/xml"><m:D x='say "hi"'><E>&amp;<![CDATA[<x>]]></E></m:D></a:content></a:entry>`;
    const res = await send(req({ body }));
    expect(res.status).toBe(200);
    expect(bodyText(res)).toContain(`<content type="application/xml"><m:D x="say &quot;hi&quot;" xmlns:a="${ATOM}" xmlns:m="urn:m" xmlns=""><E>&amp;<![CDATA[<x>]]></E></m:D></content>`);
    expect(XMLValidator.validate(bodyText(res))).toBe(true);
  });

  it('serves nested topic paths, percent-encoded or not, and 404s unknown topics after auth', async () => {
    const cfg = { ...base, serviceBus: { ...base.serviceBus, topics: ['orders', 'a/b'] } };
    expect((await send(req({ path: '/a/b/messages' }), cfg)).status).toBe(200);
    expect((await send(req({ path: '/a%2Fb/messages' }), cfg)).status).toBe(200);
    expect(bodyText(await send(req({ path: '/a%2Fb/messages' }), cfg))).toContain(`<id>https://${HOST}/a/b</id>`);
    expect((await send(req({ path: '/nope/messages' }), cfg)).status).toBe(404);
    expect((await send(req({ path: '/nope/messages', headers: { authorization: undefined } }), cfg)).status).toBe(401);
  });

  it.each([
    ['wrong issuer', `WRAP access_token="${swt({ issuer: 'someone-else' })}"`],
    ['no Send action', `WRAP access_token="${swt({ action: 'Listen' })}"`],
    ['audience of another host', `WRAP access_token="${swt({ audience: 'http://other.example/' })}"`],
    ['audience without trailing slash', `WRAP access_token="${swt({ audience: `http://${HOST}` })}"`],
    ['expired this very second', `WRAP access_token="${swt({ expiresOn: String(NOW.getTime() / 1000) })}"`],
    ['ExpiresOn not a number', `WRAP access_token="${swt({ expiresOn: 'soon' })}"`],
    ['wrong key', `WRAP access_token="${swt({}, Buffer.alloc(32, 7).toString('base64'))}"`],
    ['HMACSHA256 not last', `WRAP access_token="${swt().replace(/^(.*)(&HMACSHA256=[^&]*)$/, (_w, a: string, b: string) => `${b.slice(1)}&${a}`)}"`],
    ['typographic quotes', `WRAP access_token=\u00e2\u0080\u009d${swt()}\u00e2\u0080\u009d`],
    ['single quotes', `WRAP access_token='${swt()}'`],
    ['two tokens', `WRAP access_token="${swt()}", WRAP access_token="${swt()}"`],
    ['SharedAccessSignature', `SharedAccessSignature sr=x&sig=y&se=1&skn=z`],
    ['scheme only', 'WRAP'],
  ])('401 for %s', async (_label, authorization) => {
    const res = await send(req({ headers: { authorization } }));
    expect(res.status).toBe(401);
    expect(bodyText(res)).toMatch(/^<Error><Code>401<\/Code><Detail>[^<]+<\/Detail><\/Error>$/);
  });

  it('accepts the scheme and parameter name in any case, and spaces around =', async () => {
    expect((await send(req({ headers: { authorization: `wrap ACCESS_TOKEN = "${swt()}"` } }))).status).toBe(200);
  });

  it.each([
    ['application/atom+xml; charset="UTF-8"; type="entry"', 200],
    ['Application/Atom+XML ; type=ENTRY ; charset=utf-8', 200],
    ['application/atom+xml;type=entry', 400],
    ['application/atom+xml;type=feed;charset=utf-8', 400],
    ['application/atom+xml;type=entry;charset=utf-8;x=y', 400],
    ['application/atom+xml;type=entry;type=entry;charset=utf-8', 400],
    ['application/atom+xml;type=entry;charset=utf-8, text/plain', 400],
    ['application/xml', 400],
    ['', 400],
  ] as const)('Content-Type %j → %i', async (ct, status) => {
    expect((await send(req({ headers: { 'content-type': ct } }))).status).toBe(status);
  });

  // The seed gives NoRetry only and says nothing of other values: they are ignored.
  it.each([
    ['NoRetry', 200],
    ['noretry', 200],
    ['Retry', 200],
    ['', 200],
    [' NoRetry', 200],
  ] as const)('x-ms-retrypolicy %j → %i', async (v, status) => {
    expect((await send(req({ headers: { 'x-ms-retrypolicy': v } }))).status).toBe(status);
  });

  const C = (inner: string): string => `<entry xmlns="${ATOM}"><content type="application/xml">${inner}</content></entry>`;
  it.each([
    ['a DOCTYPE', 400, `<!DOCTYPE entry [<!ENTITY x "y">]>${C('<D>&x;</D>')}`],
    ['an undefined entity', 400, C('<D>&x;</D>')],
    ['a reference to NUL', 400, C('<D>&#0;</D>')],
    ['a raw control character', 400, C('<D>\u0001</D>')],
    ['two root elements', 400, `${C('<D/>')}<entry/>`],
    ['text after the root', 400, `${C('<D/>')}tail`],
    ['an undeclared prefix', 400, C('<p:D/>')],
    ['"<" in an attribute', 400, C('<D a="<"/>')],
    ['"]]>" in text', 400, C('<D>]]></D>')],
    ['a <feed> root', 400, `<feed xmlns="${ATOM}"><content type="application/xml"><D/></content></feed>`],
    ['content of type text', 400, `<entry xmlns="${ATOM}"><content type="text">hi</content></entry>`],
    ['content with text only', 400, C('hi')],
    ['content with two elements', 400, C('<D/><E/>')],
    ['two contents', 400, `<entry xmlns="${ATOM}"><content type="application/xml"><D/></content><content type="application/xml"><D/></content></entry>`],
    ['an empty body', 400, ''],
    ['an XML declaration not first', 400, ` <?xml version="1.0"?>${C('<D/>')}`],
    ['an XML declaration, comments and a title', 200, `<?xml version="1.0" encoding="utf-8"?><!-- c -->${C('<D/>').replace('<content', '<title>t</title><content')}<!-- d -->`],
  ] as const)('body with %s → %i', async (_label, status, body) => {
    const res = await send(req({ body }));
    expect(res.status, bodyText(res)).toBe(status);
  });

  it('refuses a body that is not UTF-8', async () => {
    const r = req();
    r.body = Buffer.concat([Buffer.from(C('<D>'), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from('</D>', 'utf8')]);
    expect((await send(r)).status).toBe(400);
  });
});
