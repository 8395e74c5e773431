/**
 * The embedded reference's Notification Hubs direct send against the harness's own cases: every
 * testable rule of the spec passes against the pristine handler, and each rule's mutant fails at
 * least one case of that rule. Responses are judged here from the rule records (statuses,
 * accepted ambiguity readings, and the response checks the rules name), not by the checks module.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ruleCases } from '../../generators/ruleCases.js';
import { referenceConfig, targetsFor } from '../../reference/embedded.js';
import { notificationHubs } from '../../reference/notification-hubs.js';
import { parseMediaType } from '../../reference/notification-hubs/payload.js';
import { verifySas } from '../../reference/notification-hubs/sas.js';
import { answer } from '../../reference/testing.js';
import type { RefConfig, RefRequest, RefResponse } from '../../reference/types.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { AbstractRequest, RequestCase, WireRequest } from '../../src/model/request.js';
import type { CheckRef, Expectation, Rule } from '../../src/model/rule.js';
import { prepareRequest } from '../../src/transport/prepare.js';

const SPEC_ID = 'azure-notification-hubs/direct-send';
/** The server's clock and the signer's are the same fixed instant. */
const NOW = new Date('2031-05-17T09:30:00Z');
const RANDOM_CASES = 5;
// A seed whose draws include every body kind, both direct spellings, both sr hex cases.
const SEED = 2;
/** Seed 004, Response Codes. */
const DOCUMENTED_STATUSES = [201, 400, 401, 403, 404, 413];

const cfg: RefConfig = referenceConfig({ now: () => NOW });
const BASE_URL = 'http://127.0.0.1:9';
const set = loadAllSpecs().find((s) => s.specId === SPEC_ID)!;
const target = targetsFor(BASE_URL, cfg)[SPEC_ID]!;
const genCtx = { entity: 'hub', entityValue: target.target.entities.hub!, deviceHandles: target.deviceHandles };

const applies = (rule: Rule): boolean => ['any', 'hub'].includes(rule.appliesTo) && (rule.requires?.['tier'] === undefined || rule.requires['tier'] === cfg.notificationHubs.tier);
// Scenario rules (the telemetry companion) run step by step through the engine: the companion is
// tested in notification-hubs-telemetry.test.ts, their mutants by the mutation test.
const RULES = set.rules.filter((r) => r.testable && r.stimulus.kind !== 'scenario' && applies(r));

interface Prepared {
  c: RequestCase;
  wire: WireRequest;
  /** The case in its other readings' forms (either-of), signed. */
  alternatives: WireRequest[];
}

function prepare(req: AbstractRequest, pick: number): Promise<WireRequest> {
  return prepareRequest(set.operation, target.target, target.credentials, req, NOW, pick);
}

/** Each rule's fixed cases, then RANDOM_CASES of its random ones (fixed seed), signed. */
const PREPARED = new Map<string, Prepared[]>();
for (const rule of RULES) {
  const { fixed, random } = ruleCases(rule, set.operation, genCtx);
  const cases = [...fixed, ...(random ? fc.sample(random, { numRuns: RANDOM_CASES, seed: SEED }) : [])];
  PREPARED.set(rule.id, await Promise.all(cases.map(async (c, i) => ({ c, wire: await prepare(c.request, i), alternatives: await Promise.all((c.eitherOf ?? []).map((a) => prepare(a.request, i))) }))));
}

// --- Judging a response by the rule record -----------------------------------------------------

function headerOf(res: RefResponse, name: string): string | undefined {
  const key = Object.keys(res.headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : res.headers![key];
}

function bodyText(res: RefResponse): string {
  return res.body === undefined ? '' : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
}

function sameMediaType(actual: string, documented: string): boolean {
  const a = parseMediaType(actual);
  const d = parseMediaType(documented);
  if (!a || !d || a.essence !== d.essence || a.params.size !== d.params.size) return false;
  return [...d.params].every(([k, v]) => a.params.get(k)?.toLowerCase() === v.toLowerCase());
}

/** `https://{your namespace}.servicebus.windows.net/…` → a regex with each placeholder one non-empty run without / ? # (nor . inside a host). */

function templateRegex(template: string): RegExp {
  const parts = template.split(/(\{[^}]+\})/);
  const hostEnd = template.indexOf('/', template.indexOf('//') + 2);
  let at = 0;
  const source = parts
    .map((p) => {
      const inHost = at < hostEnd;
      at += p.length;
      if (/^\{[^}]+\}$/.test(p)) return inHost ? '[^/?#.]+' : '[^/?#]+';
      return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * A template bound to the request (the Location): the hub segment is the one the request went to,
 * on the documented host or on the request's own host (its scheme or https).
 */
function boundRegex(template: string, wire: WireRequest): RegExp {
  const u = new URL(wire.url);
  const hub = u.pathname.split('/')[1]!;
  const rest = template.replace(/^https:\/\/[^/]+/, '').replace('{your hub name}', hub);
  const path = rest
    .split(/(\{[^}]+\})/)
    .map((p) => (/^\{[^}]+\}$/.test(p) ? '[^/?#]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const host = `(?:https://[^/?#.]+\\.servicebus\\.windows\\.net|https?://${u.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`;
  return new RegExp(`^${host}${path}$`, '');
}

function checkFails(check: CheckRef, res: RefResponse, wire: WireRequest): string | undefined {
  const args = (check.args ?? {}) as Record<string, unknown>;
  const statuses = args.status as number[] | undefined;
  if (statuses && !statuses.includes(res.status)) return undefined;
  switch (check.name) {
    case 'status-documented':
      return DOCUMENTED_STATUSES.includes(res.status) ? undefined : `status ${res.status} is not documented`;
    case 'response-header': {
      const name = args.name as string;
      const format = args.format as { mediaType?: string; template?: string; pattern?: string; bind?: unknown };
      const value = headerOf(res, name);
      if (value === undefined) return `no ${name} header`;
      if (format.mediaType !== undefined && !sameMediaType(value, format.mediaType)) return `${name} "${value}" is not ${format.mediaType}`;
      if (format.template !== undefined && format.bind !== undefined && !boundRegex(format.template, wire).test(value)) return `${name} "${value}" does not name the request's hub in ${format.template}`;
      if (format.template !== undefined && format.bind === undefined && !templateRegex(format.template).test(value)) return `${name} "${value}" does not fit ${format.template}`;
      if (format.pattern !== undefined && !new RegExp(format.pattern).test(value)) return `${name} "${value}" does not match ${format.pattern}`;
      return undefined;
    }
    case 'response-body': {
      const body = bodyText(res);
      if (args.format === 'none') return body === '' ? undefined : `a body (${JSON.stringify(body.slice(0, 40))}) where none is documented`;
      if (args.format === 'xml') return XMLValidator.validate(body) === true ? undefined : `body is not well-formed XML: ${JSON.stringify(body.slice(0, 40))}`;
      throw new Error(`unknown body format ${String(args.format)}`);
    }
    default:
      throw new Error(`the test does not know check "${check.name}"`);
  }
}

/** The rule's own expectation and every accepted ambiguity reading's. */
function readings(rule: Rule): Expectation[] {
  return [rule.expect, ...(rule.ambiguity?.alternatives ?? []).filter((a) => a.accepted).map((a) => a.expect ?? rule.expect)];
}

/** Why the response fails the case, or undefined when it passes. */
function judge(rule: Rule, c: RequestCase, res: RefResponse, wire: WireRequest): string | undefined {
  const why: string[] = [];
  for (const e of readings(rule)) {
    if (e.outcome === 'none') continue;
    let statuses: number[];
    if (c.expect === 'accept') statuses = e.outcome === 'accept' ? e.status : e.acceptStatus;
    else if (e.outcome === 'reject') statuses = e.outcomes.flatMap((o) => o.status);
    else continue;
    if (!statuses.includes(res.status)) {
      why.push(`status ${res.status}, expected ${statuses.join('/')}`);
      continue;
    }
    const failed = e.checks.map((check) => checkFails(check, res, wire)).filter((m) => m !== undefined);
    if (failed.length === 0) return undefined;
    why.push(failed.join('; '));
  }
  return why.length ? [...new Set(why)].join(' | ') : 'no reading applies';
}

/** Why the response fails the case, where the readings differ on it: it passes accepted or rejected. */
function judgeCase(rule: Rule, c: RequestCase, res: RefResponse, wire: WireRequest): string | undefined {
  if (c.expect !== 'either') return judge(rule, c, res, wire);
  const asAccept = judge(rule, { ...c, expect: 'accept' }, res, wire);
  return asAccept === undefined ? undefined : judge(rule, { ...c, expect: 'reject' }, res, wire) && asAccept;
}

/** The rule's failing cases (an either-of case fails only when every reading's form fails); skipped cases are not sent. */
async function failures(rule: Rule, config: RefConfig): Promise<string[]> {
  const out: string[] = [];
  for (const { c, wire, alternatives } of PREPARED.get(rule.id)!) {
    if (c.skip !== undefined) continue;
    const whys = [judgeCase(rule, c, await answer(config, wire), wire)];
    for (const alt of alternatives) {
      if (whys.includes(undefined)) break;
      whys.push(judgeCase(rule, c, await answer(config, alt), alt));
    }
    if (!whys.includes(undefined)) out.push(`[${c.expect}] ${c.label}: ${whys.join(' | ')}`);
  }
  return out;
}

// --- Tests -------------------------------------------------------------------------------------

describe('notification hubs reference: mutant registry', () => {
  it('has exactly one mutant per testable rule of the spec', () => {
    const testable = set.rules.filter((r) => r.testable).map((r) => r.id).sort();
    expect(Object.keys(notificationHubs.mutants).sort()).toEqual(testable);
    for (const d of Object.values(notificationHubs.mutants)) expect(d.length).toBeGreaterThan(10);
  });

  it('exercises every testable rule', () => {
    expect(RULES.length).toBe(set.rules.filter((r) => r.testable && r.stimulus.kind !== 'scenario').length);
    for (const rule of RULES) expect(PREPARED.get(rule.id)!.length, rule.id).toBeGreaterThan(0);
  });
});

describe('notification hubs reference: pristine handler passes every rule', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s', async (_id, rule) => {
    expect(await failures(rule, cfg)).toEqual([]);
  });

  it('answers every accepted send with 201, application/xml; charset=utf-8, a Location on the hub, no body', async () => {
    let sent = 0;
    for (const rule of RULES) {
      for (const { wire } of PREPARED.get(rule.id)!) {
        const res = await answer(cfg, wire);
        expect(DOCUMENTED_STATUSES, `${rule.id}: status`).toContain(res.status);
        if (res.status !== 201) continue;
        sent += 1;
        expect(sameMediaType(headerOf(res, 'content-type') ?? '', 'application/xml; charset=utf-8')).toBe(true);
        expect(headerOf(res, 'location')).toMatch(/^http:\/\/127\.0\.0\.1:9\/ruleprobe-hub\/messages\/[0-9a-f-]{36}\?api-version=2015-04$/);
        expect(bodyText(res)).toBe('');
      }
    }
    expect(sent).toBeGreaterThan(50);
  });

  it('sends no Location on a basic tier hub', async () => {
    const basic: RefConfig = { ...cfg, notificationHubs: { ...cfg.notificationHubs, tier: 'basic' } };
    const { wire } = PREPARED.get(`${SPEC_ID}/success-201`)![0]!;
    const res = await answer(basic, wire);
    expect(res.status).toBe(201);
    expect(headerOf(res, 'location')).toBeUndefined();
  });

  it('refuses every malformed form and every missing field with 401, and the other wrong tokens too', async () => {
    const rule = (slug: string): Rule => RULES.find((r) => r.id === `${SPEC_ID}/${slug}`)!;
    const signed = (slug: string): AbstractRequest => PREPARED.get(rule(slug).id)!.find((p) => p.c.expect === 'reject')!.c.request;
    for (const slug of ['auth-malformed', 'auth-missing-field']) {
      for (let pick = 0; pick < 4; pick++) {
        const res = await answer(cfg, await prepare(signed(slug), pick));
        expect(res.status, `${slug} pick ${pick}`).toBe(401);
      }
    }
    const base = signed('auth-expired');
    for (const auth of ['empty', 'wrong-scheme', 'unknown-key-id'] as const) {
      const res = await answer(cfg, await prepare({ ...base, auth }, 0));
      expect(res.status, auth).toBe(401);
    }
  });
});

describe('notification hubs reference: behaviour the generated cases do not reach', () => {
  const canonical = PREPARED.get(`${SPEC_ID}/success-201`)![0]!.c.request;
  const setHeader = (req: AbstractRequest, name: string, value: string | undefined): AbstractRequest => {
    const headers = req.headers.filter((h) => h.name.toLowerCase() !== name.toLowerCase());
    return { ...req, headers: value === undefined ? headers : [...headers, { name, value }] };
  };
  const send = async (edit: (req: AbstractRequest) => AbstractRequest): Promise<number> => (await answer(cfg, await prepare(edit(structuredClone(canonical)), 0))).status;
  const platform = (format: string, contentType: string, body: string) => (req: AbstractRequest): AbstractRequest =>
    setHeader(setHeader({ ...req, body: { kind: 'raw', value: body } }, 'ServiceBusNotification-Format', format), 'Content-Type', contentType);
  const JSON_BODY = '{"data":{"msg":"hi"}}';
  const MPNS = '<wp:Notification xmlns:wp="WPNotification"><wp:Tile><wp:Count>1</wp:Count></wp:Tile></wp:Notification>';

  it('takes application/json with or without charset for adm, nokiax and baidu only', async () => {
    for (const f of ['adm', 'nokiax', 'baidu']) {
      expect(await send(platform(f, 'application/json', JSON_BODY)), f).toBe(201);
      expect(await send(platform(f, 'Application/JSON; charset="UTF-8"', JSON_BODY)), f).toBe(201);
      expect(await send(platform(f, 'application/json; charset=iso-8859-1', JSON_BODY)), f).toBe(400);
    }
    for (const f of ['apple', 'gcm']) expect(await send(platform(f, 'application/json', '{"aps":{"alert":"hi"}}')), f).toBe(400);
  });

  it('refuses application/octet-stream for windows unless X-WNS-Type is wns/raw, and takes any raw payload then', async () => {
    const raw = platform('windows', 'application/octet-stream', 'not xml at all');
    expect(await send(raw)).toBe(400);
    expect(await send((r) => setHeader(raw(r), 'X-WNS-Type', 'wns/raw'))).toBe(201);
    expect(await send((r) => setHeader(platform('windows', 'application/xml', '<toast/>')(r), 'X-WNS-Type', 'wns/toast'))).toBe(201);
  });

  it('checks the native payload by platform: WNS toast/tile/badge, MPNS wp:Notification, JSON objects', async () => {
    expect(await send(platform('windows', 'application/xml', '<tile><visual/></tile>'))).toBe(201);
    expect(await send(platform('windows', 'application/xml', '<badge value="1"/>'))).toBe(201);
    expect(await send(platform('windows', 'application/xml', '<notification/>'))).toBe(400);
    expect(await send(platform('windows', 'application/xml', '<toast/>trailing'))).toBe(400);
    expect(await send(platform('windows', 'application/xml', '<toast>&nbsp;</toast>'))).toBe(400);
    expect(await send(platform('windowsphone', 'application/xml;charset=utf-8', MPNS))).toBe(201);
    expect(await send(platform('windows phone', 'application/xml;charset=utf-8', MPNS.replace('WPNotification', 'urn:other')))).toBe(400);
    expect(await send(platform('windows phone', 'application/xml;charset=utf-8', '<toast/>'))).toBe(400);
    expect(await send(platform('apple', 'application/json;charset=utf-8', '[1,2]'))).toBe(400);
    expect(await send(platform('gcm', 'application/json;charset=utf-8', ''))).toBe(400);
  });

  it('reads the body as its Content-Type says: WNS as application/json takes a JSON object, as application/xml a toast', async () => {
    const TOAST = '<toast><visual><binding template="ToastText01"><text id="1">hi</text></binding></visual></toast>';
    expect(await send(platform('windows', 'application/json;charset=utf-8', JSON_BODY))).toBe(201);
    expect(await send(platform('windows', 'application/json;charset=utf-8', TOAST))).toBe(400);
    expect(await send(platform('windows', 'application/xml', JSON_BODY))).toBe(400);
    expect(await send(platform('apple', 'application/xml', TOAST))).toBe(400);
    // The mismatch mutant takes any documented type for any platform, and then reads the body as that type.
    const mismatch: RefConfig = { ...cfg, mutant: `${SPEC_ID}/content-type-mismatch` };
    expect((await answer(mismatch, await prepare(platform('apple', 'application/xml', TOAST)(structuredClone(canonical)), 0))).status).toBe(201);
  });

  it('checks the token for the hub the URI names before the hub itself: a token for a missing hub gets 404, one for another hub 401', async () => {
    const missing = { ...structuredClone(canonical), path: 'unknown-entity' as const };
    expect((await answer(cfg, await prepare(missing, 0))).status).toBe(404);
    const unsigned = await prepare(canonical, 0);
    const elsewhere = { ...unsigned, url: unsigned.url.replace('/ruleprobe-hub/', '/ruleprobe-missing-hub/') };
    expect((await answer(cfg, elsewhere)).status).toBe(401);
  });

  it('serves only the MPNS spellings it is configured with (a variant, not a mutant)', async () => {
    const MPNS_CT = 'application/xml;charset=utf-8';
    const later: RefConfig = { ...cfg, notificationHubs: { ...cfg.notificationHubs, mpnsSpellings: ['windowsphone'] } };
    const status = async (c: RefConfig, format: string): Promise<number> => (await answer(c, await prepare(platform(format, MPNS_CT, MPNS)(structuredClone(canonical)), 0))).status;
    expect([await status(cfg, 'windows phone'), await status(cfg, 'windowsphone')]).toEqual([201, 201]);
    expect([await status(later, 'windows phone'), await status(later, 'windowsphone')]).toEqual([400, 201]);
  });

  it('counts the limit in bytes whatever the platform, and refuses a list of tags', async () => {
    // 19 bytes of frame, 32,758 two-byte characters, one more byte: 65,536 bytes in 32,778 characters.
    const atLimit = `{"data":{"msg":"${'é'.repeat(32_758)}x"}}`;
    expect(Buffer.byteLength(atLimit)).toBe(65_536);
    expect(await send(platform('adm', 'application/json', atLimit))).toBe(201);
    expect(await send(platform('adm', 'application/json', `${atLimit} `))).toBe(413);
    expect(await send((r) => setHeader(r, 'ServiceBusNotification-Tags', 'a,b'))).toBe(400);
    expect(await send((r) => setHeader(r, 'ServiceBusNotification-Tags', 'ruleprobe_1'))).toBe(201);
  });

  it('takes api-version and x-ms-version from 2015-01 to 2015-04 only', async () => {
    const withApi = (v: string) => (r: AbstractRequest): AbstractRequest => ({ ...r, query: r.query.map((q) => (q.name === 'api-version' ? { ...q, value: v } : q)) });
    for (const [v, status] of [['2015-01', 201], ['2015-03', 201], ['2014-09', 400], ['2015-04-01', 400]] as const) {
      expect(await send(withApi(v)), `api-version ${v}`).toBe(status);
      expect(await send((r) => setHeader(r, 'x-ms-version', v)), `x-ms-version ${v}`).toBe(status);
    }
    expect(await send((r) => ({ ...r, query: r.query.map((q) => (q.name === 'direct' ? { ...q, value: 'false' } : q)) }))).toBe(400);
  });
});

describe('notification hubs reference: each mutant fails its own rule', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s', async (id, rule) => {
    expect(await failures(rule, { ...cfg, mutant: id })).not.toEqual([]);
  });
});

describe('notification hubs reference: SAS verification (PROTOCOL-FACTS §4 worked example)', () => {
  const RESOURCE = 'http://contoso.servicebus.windows.net/myhub';
  const KEY = 'abc123keyvalue=';
  const KEY_NAME = 'DefaultFullSharedAccessSignature';
  const SR = 'http%3a%2f%2fcontoso.servicebus.windows.net%2fmyhub';
  const SIG = '55hOtI7X7KiXNybus9yc7%2FF%2FjzU9OM%2FRzF8Ug4gHP8s%3D';
  const example: RefConfig = {
    ...cfg,
    notificationHubs: { hubs: ['myhub'], keyName: KEY_NAME, key: KEY, tier: 'standard' },
    now: () => new Date((1_700_000_000 - 60) * 1000),
  };

  it('accepts the worked example in any field order, with the resource in any case', () => {
    expect(verifySas(`SharedAccessSignature sr=${SR}&sig=${SIG}&se=1700000000&skn=${KEY_NAME}`, RESOURCE, example)).toEqual({ ok: true });
    expect(verifySas(`SharedAccessSignature sig=${SIG}&se=1700000000&skn=${KEY_NAME}&sr=${SR}`, RESOURCE, example)).toEqual({ ok: true });
    expect(verifySas(`SharedAccessSignature sr=${SR}&sig=${SIG}&se=1700000000&skn=${KEY_NAME}`, 'http://Contoso.servicebus.windows.net/MyHub', example)).toEqual({ ok: true });
  });

  it('signs sr exactly as sent: an upper-case-hex sr verifies only with its own signature', () => {
    const upper = SR.replace(/%[0-9a-f]{2}/g, (e) => e.toUpperCase());
    const sig = encodeURIComponent(createHmac('sha256', Buffer.from(KEY, 'utf8')).update(`${upper}\n1700000000`).digest('base64'));
    expect(verifySas(`SharedAccessSignature sr=${upper}&sig=${sig}&se=1700000000&skn=${KEY_NAME}`, RESOURCE, example)).toEqual({ ok: true });
    expect(verifySas(`SharedAccessSignature sr=${upper}&sig=${SIG}&se=1700000000&skn=${KEY_NAME}`, RESOURCE, example).ok).toBe(false);
  });

  it('refuses an expired token, another resource, another rule name and a broken frame', () => {
    const late: RefConfig = { ...example, now: () => new Date(1_700_000_000 * 1000) };
    const good = `SharedAccessSignature sr=${SR}&sig=${SIG}&se=1700000000&skn=${KEY_NAME}`;
    expect(verifySas(good, RESOURCE, late).ok).toBe(false);
    expect(verifySas(good, 'http://contoso.servicebus.windows.net/otherhub', example).ok).toBe(false);
    expect(verifySas(good.replace(KEY_NAME, 'RootManageSharedAccessKey'), RESOURCE, example).ok).toBe(false);
    expect(verifySas(good.replace('SharedAccessSignature ', 'SharedAccessSignature  &'), RESOURCE, example).ok).toBe(false);
    expect(verifySas(`${good}&sig=${SIG}`, RESOURCE, example).ok).toBe(false);
    expect(verifySas(good.replaceAll('&', ', '), RESOURCE, example).ok).toBe(false);
  });
});

describe('notification hubs reference: which requests it claims', () => {
  const req = (method: string, rawPath: string, rawQuery = ''): RefRequest => ({ method, rawPath, rawQuery, host: '127.0.0.1:9', headers: {}, body: Buffer.alloc(0) });

  it('claims direct sends, wrong branches under a hub and unknown hubs with ?direct', () => {
    expect(notificationHubs.matches(req('POST', '/ruleprobe-hub/messages/', 'direct&api-version=2015-04'), cfg)).toBe(true);
    expect(notificationHubs.matches(req('POST', '/ruleprobe-hub/messages/', 'api-version=2015-04'), cfg)).toBe(true);
    expect(notificationHubs.matches(req('POST', '/ruleprobe-hub/nomessages/', 'direct&api-version=2015-04'), cfg)).toBe(true);
    expect(notificationHubs.matches(req('POST', '/ruleprobe-missing-1/messages/', 'direct&api-version=2015-04'), cfg)).toBe(true);
  });

  it('leaves Service Bus and Yandex requests alone', () => {
    expect(notificationHubs.matches(req('POST', '/orders/messages'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('POST', '/orders/nomessages'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('POST', '/a/b/messages', 'timeout=60'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('POST', '/ruleprobe-missing-2/messages'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('POST', '/'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('POST', '/ruleprobe-wrong-path'), cfg)).toBe(false);
    expect(notificationHubs.matches(req('GET', '/ruleprobe-hub/messages/', 'direct'), cfg)).toBe(false);
  });
});
