/** Hand-built exchanges for the check tests, over the shipped specs' real operations and rules. */
import type { CheckContext } from '../../src/checks/types.js';
import type { Exchange, HttpResponse } from '../../src/model/exchange.js';
import type { AbstractRequest, BodyContent, NamedValue, RequestCase, TextValue } from '../../src/model/request.js';
import type { Rule, RuleSet } from '../../src/model/rule.js';
import { loadAllSpecs } from '../../specs/loader.js';

const SETS = loadAllSpecs();

export const YMQ = 'yandex-message-queue/send-message';
export const SB = 'azure-service-bus/send-message';
export const NH = 'azure-notification-hubs/direct-send';

export function ruleSet(specId: string): RuleSet {
  const set = SETS.find((s) => s.specId === specId);
  if (!set) throw new Error(`no spec ${specId}`);
  return set;
}

export function rule(specId: string, slug: string): Rule {
  const r = ruleSet(specId).rules.find((x) => x.slug === slug);
  if (!r) throw new Error(`no rule ${specId}/${slug}`);
  return r;
}

export function ctx(specId: string, slug: string, sequence?: Exchange[]): CheckContext {
  return { op: ruleSet(specId).operation, rule: rule(specId, slug), ...(sequence ? { sequence } : {}) };
}

export const QUEUE_URL = 'https://message-queue.api.cloud.yandex.net/b1g8ad42m6he1ooql78r/dj600000000000le07ol/sample-queue';

/** An aws-query SendMessage request with these extra form fields. */
export function sendMessage(extra: Array<[string, TextValue]> = [], entity = 'standard-queue'): AbstractRequest {
  const fields: NamedValue[] = [
    { name: 'Action', value: 'SendMessage' },
    { name: 'Version', value: '2012-11-05' },
    { name: 'QueueUrl', value: QUEUE_URL },
    ...extra.map(([name, value]) => ({ name, value })),
  ];
  return {
    entity,
    path: 'operation',
    query: [],
    headers: [],
    body: { kind: 'form', fields, style: { order: 'as-is', space: 'plus', hexCase: 'upper' } },
    auth: 'valid',
  };
}

export function request(entity: string, body: BodyContent = { kind: 'none' }): AbstractRequest {
  return { entity, path: 'operation', query: [], headers: [], body, auth: 'valid' };
}

export interface ExchangeOptions {
  status: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
  truncated?: boolean;
  request?: AbstractRequest;
  expect?: RequestCase['expect'];
  url?: string;
  ruleId?: string;
  /** The values the request URL's placeholders were filled with (Exchange.placeholders). */
  placeholders?: Record<string, string>;
  /** The request body as sent (UTF-8). */
  requestBody?: string;
}

export function exchange(o: ExchangeOptions): Exchange {
  const req = o.request ?? sendMessage([['MessageBody', 'Hello world']]);
  const response: HttpResponse = {
    status: o.status,
    headers: Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : (o.body ?? Buffer.alloc(0)),
    truncated: o.truncated ?? false,
  };
  return {
    case: { ruleId: o.ruleId ?? 'test/rule', label: 'hand-built', origin: 'example', expect: o.expect ?? 'accept', request: req },
    request: req,
    wire: { method: 'POST', url: o.url ?? 'https://message-queue.api.cloud.yandex.net/', headers: [], body: new TextEncoder().encode(o.requestBody ?? '') },
    response,
    ...(o.placeholders ? { placeholders: o.placeholders } : {}),
  };
}

/** The seed's sample response (PROTOCOL-FACTS §2.1): no XML declaration, no namespace. */
export const YANDEX_SAMPLE_RESPONSE =
  '<SendMessageResponse><SendMessageResult><MD5OfMessageBody>3e25960a79dbc69b674cd4ec67a72c62</MD5OfMessageBody><MessageId>cddcbbe4-b0571f5c-d7b94ce4-1523191</MessageId></SendMessageResult><ResponseMetadata><RequestId>75eb03b2-fba0e60e-b1c5641-12f7a5bc-2bf4e677831c06c5f9d7ea1063ffeb3f</RequestId></ResponseMetadata></SendMessageResponse>';

/** A SendMessage success as ydb writes it (PROTOCOL-FACTS §2.5), with the given result children. */
export function yandexResponse(result: Record<string, string>): string {
  const inner = Object.entries(result)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<SendMessageResponse><SendMessageResult>${inner}</SendMessageResult><ResponseMetadata><RequestId>7a3e2f51-4c1b9d0e-5f6a7b8c-1d2e3f4a</RequestId></ResponseMetadata></SendMessageResponse>`;
}

/** ydb's error body: no <Type> (PROTOCOL-FACTS §2.2). */
export function yandexError(code: string, message = 'The request is not valid.'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Message>${message}</Message><Code>${code}</Code></Error><RequestId>2b9d9e4e-0c5e1f2a-8d7c6b5a-3e4f5a6b</RequestId></ErrorResponse>`;
}

/** The seed's Atom entry response (seed 000, Response Body), placeholders filled in. */
export const SB_ENTRY = `<?xml version="1.0" encoding="utf-8" ?>
<entry xmlns='http://www.w3.org/2005/Atom'>
  <id>https://rp-ns.servicebus.Windows.net/orders</id>
  <published>2024-05-01T10:00:00Z</published>
  <updated>2024-05-01T10:00:00.1234567Z</updated>
  <link rel='self'>https://rp-ns.servicebus.Windows.net/orders </link>
  <content type='application/xml'>
    <MessageDescription>Hello from ruleprobe</MessageDescription>
  </content>
</entry>`;

/** A body that defines an entity in a DOCTYPE: the checks must refuse it, never expand it. */
export const DOCTYPE_BODY = `<?xml version="1.0"?>
<!DOCTYPE SendMessageResponse [<!ENTITY md5 "3e25960a79dbc69b674cd4ec67a72c62">]>
<SendMessageResponse><SendMessageResult><MD5OfMessageBody>&md5;</MD5OfMessageBody><MessageId>m</MessageId></SendMessageResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendMessageResponse>`;
