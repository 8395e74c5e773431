/**
 * Notification Hubs requests say only what the seed says: Content-Type and body agree, one MPNS
 * spelling outside its own rule, no made-up device handle, no near media-type variant required to
 * be refused, and a missing hub signed for itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GenContext } from '../../generators/_internals/build.js';
import { ruleCases } from '../../generators/ruleCases.js';
import { loadAllSpecs } from '../../specs/loader.js';
import type { AbstractRequest, RequestCase } from '../../src/model/request.js';
import { prepareRequest } from '../../src/transport/prepare.js';

const SPEC = 'azure-notification-hubs/direct-send';
const set = loadAllSpecs().find((s) => s.specId === SPEC)!;
const HANDLES: Record<string, string> = { windows: 'w-handle', apple: 'a'.repeat(64), gcm: 'g-handle', 'windows phone': 'http://mpns/handle', adm: 'adm-handle', nokiax: 'nx-handle', baidu: 'b-handle' };
const CTX: GenContext = { entity: 'hub', entityValue: 'myhub', deviceHandles: HANDLES };
const rule = (slug: string) => set.rules.find((r) => r.slug === slug)!;
const fixed = (slug: string, ctx = CTX): RequestCase[] => ruleCases(rule(slug), set.operation, ctx).fixed;
const header = (r: AbstractRequest, name: string): string | undefined => {
  const v = r.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  return typeof v === 'string' ? v : undefined;
};
const body = (r: AbstractRequest): string => (r.body.kind === 'raw' && typeof r.body.value === 'string' ? r.body.value : '');
/** What kind of document a body is: json, xml, or something else. */
const shape = (r: AbstractRequest): string => (body(r).startsWith('{') ? 'json' : body(r).startsWith('<') ? 'xml' : 'other');
const essence = (ct: string | undefined): string => (ct ?? '').split(';')[0]!.trim().toLowerCase();

describe('Content-Type and body agree', () => {
  it('content-type-by-format: WNS JSON carries a JSON object, WNS XML a toast, each platform its own', () => {
    expect(fixed('content-type-by-format').map((c) => [header(c.request, 'ServiceBusNotification-Format'), header(c.request, 'Content-Type'), shape(c.request)])).toEqual([
      ['windows', 'application/json;charset=utf-8', 'json'],
      ['windows', 'application/xml', 'xml'],
      ['apple', 'application/json;charset=utf-8', 'json'],
      ['gcm', 'application/json;charset=utf-8', 'json'],
      ['windows phone', 'application/xml;charset=utf-8', 'xml'],
    ]);
  });

  it('content-type-mismatch: another media type only, with a body of that type (XML for apple), never a near variant of a documented one', () => {
    const rows = fixed('content-type-mismatch').map((c) => [header(c.request, 'ServiceBusNotification-Format'), header(c.request, 'Content-Type'), c.expect, shape(c.request)]);
    expect(rows).toEqual([
      ['windows', 'application/xml', 'accept', 'xml'],
      ['windows', 'text/plain', 'reject', 'xml'],
      ['apple', 'application/json;charset=utf-8', 'accept', 'json'],
      ['apple', 'application/xml', 'reject', 'xml'],
      ['apple', 'text/plain', 'reject', 'json'],
      ['gcm', 'application/json;charset=utf-8', 'accept', 'json'],
      ['gcm', 'application/xml', 'reject', 'xml'],
      ['gcm', 'text/plain', 'reject', 'json'],
      ['windows phone', 'application/xml;charset=utf-8', 'accept', 'xml'],
      ['windows phone', 'application/json;charset=utf-8', 'reject', 'json'],
      ['windows phone', 'text/plain', 'reject', 'xml'],
    ]);
  });

  it('random valid requests: every body is of its Content-Type, and only the listed spelling of each platform is drawn', () => {
    const formats = new Set<string>();
    for (const slug of ['success-201', 'status-documented', 'content-type-required', 'body-native-payload']) {
      const random = ruleCases(rule(slug), set.operation, CTX).random!;
      for (const c of fc.sample(random, { seed: 5, numRuns: 300 })) {
        const format = header(c.request, 'ServiceBusNotification-Format');
        if (format !== undefined) formats.add(format);
        const ct = essence(header(c.request, 'Content-Type'));
        if (ct === 'application/json') expect(shape(c.request), `${slug}: ${c.label}`).toBe('json');
        if (ct === 'application/xml') expect(shape(c.request), `${slug}: ${c.label}`).toBe('xml');
      }
    }
    expect([...formats].sort()).toEqual(['adm', 'apple', 'baidu', 'gcm', 'nokiax', 'windows', 'windows phone']);
  });

  it('every accepted windows phone case outside the spelling rule is written "windows phone", with "windowsphone" kept to try', () => {
    for (const r of set.rules.filter((x) => x.testable && x.slug !== 'format-windows-phone')) {
      for (const c of fixed(r.slug)) {
        const format = header(c.request, 'ServiceBusNotification-Format');
        expect(format, `${r.id}: ${c.label}`).not.toBe('windowsphone');
        if (format === 'windows phone' && c.expect === 'accept') {
          expect(c.eitherOf?.map((e) => [e.reading, header(e.request, 'ServiceBusNotification-Format')]), `${r.id}: ${c.label}`).toEqual([['later-revision', 'windowsphone']]);
          expect(c.reading, `${r.id}: ${c.label}`).toBeUndefined();
        }
      }
    }
  });
});

describe('device handles come from the target config', () => {
  it('device-handle-empty sends the configured handle and an empty one, no one-character handle', () => {
    expect(fixed('device-handle-empty').map((c) => [header(c.request, 'ServiceBusNotification-DeviceHandle'), c.expect])).toEqual([
      ['w-handle', 'accept'],
      ['', 'reject'],
    ]);
  });

  it('a case of a platform without a configured handle is marked skipped with the reason', () => {
    const only = { ...CTX, deviceHandles: { apple: HANDLES['apple']! } };
    expect(fixed('body-bad-format', only).map((c) => [header(c.request, 'ServiceBusNotification-Format'), c.skip])).toEqual([
      ['windows', 'no device handle for "windows" in the target config (deviceHandles.windows)'],
      ['windows', 'no device handle for "windows" in the target config (deviceHandles.windows)'],
      ['apple', undefined],
      ['gcm', 'no device handle for "gcm" in the target config (deviceHandles.gcm)'],
      ['windows phone', 'no device handle for "windows phone" in the target config (deviceHandles."windows phone")'],
      ['adm', 'no device handle for "adm" in the target config (deviceHandles.adm)'],
      ['nokiax', 'no device handle for "nokiax" in the target config (deviceHandles.nokiax)'],
      ['baidu', 'no device handle for "baidu" in the target config (deviceHandles.baidu)'],
    ]);
    // Cases that need no handle (none, or an empty one) and unlisted formats are sent.
    expect(fixed('device-handle-required', only).map((c) => [c.expect, c.skip])).toEqual([
      ['accept', 'no device handle for "windows" in the target config (deviceHandles.windows)'],
      ['reject', undefined],
    ]);
    expect(fixed('format-unlisted', only).map((c) => [header(c.request, 'ServiceBusNotification-Format'), c.skip !== undefined])).toEqual([
      ['windows', true],
      ['RuleprobeUnlisted', false],
      ['', false],
    ]);
  });
});

describe('a hub that does not exist', () => {
  it('is signed for that hub, so a service that checks the token first gets to the hub', async () => {
    const [control, missing] = fixed('unknown-hub');
    const target = { baseUrl: 'https://ns.servicebus.windows.net', entities: { hub: 'myhub' } };
    const credentials = { scheme: 'sas', keyName: 'DefaultFullSharedAccessSignature', key: 'k' } as const;
    const sr = async (c: RequestCase): Promise<string> => {
      const wire = await prepareRequest(set.operation, target, credentials, c.request, new Date('2030-01-01T00:00:00Z'));
      return decodeURIComponent(/sr=([^&]+)/.exec(wire.headers.find(([k]) => k === 'Authorization')![1])![1]!);
    };
    expect(await sr(control!)).toBe('http://ns.servicebus.windows.net/myhub');
    expect(await sr(missing!)).toMatch(/^http:\/\/ns\.servicebus\.windows\.net\/ruleprobe-missing-[0-9a-f]{12}$/);
  });
});
