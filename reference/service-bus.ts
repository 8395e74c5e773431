/**
 * Azure Service Bus — Send Message, as the seed (000_a86207686787fef9.txt) describes it:
 * `POST /{topic path}/messages`, `Authorization: WRAP access_token="{swt}"`, Content-Type
 * `application/atom+xml;type=entry;charset=utf-8`, optional `x-ms-retrypolicy: NoRetry` (the seed
 * says nothing of other values, so they are ignored, as the real service ignores what it does not
 * recognise), an Atom entry in, and 200 with an Atom entry out: its id and self link name the
 * topic the request was sent to, and its content echoes the description that was sent. Where the live service differs (201, raw payloads,
 * SAS) the seed wins: this is the reference for the seed.
 *
 * Order of checks: authorization first (PROTOCOL-FACTS §1.5: before the entity), then the topic,
 * then Content-Type, x-ms-retrypolicy and the body. Errors are `<Error><Code>{status}</Code>
 * <Detail>…</Detail></Error>` (§1.5). 409 is never answered: a send has nothing to conflict with.
 */
import { randomUUID } from 'node:crypto';
import { buildEntry, describeElement, readEntry } from './service-bus/atom.js';
import { isMediaType } from './service-bus/media-type.js';
import { handleLive, matchesLive } from './service-bus/live.js';
import { refusedSpelling, spellingMutants, type DocumentedSpellings } from './spellings.js';
import { verifyWrap } from './service-bus/wrap.js';
import { escapeText } from './service-bus/xml.js';
import { isMutant, type OperationHandler, type RefConfig, type RefRequest, type RefResponse } from './types.js';

const SPEC = 'azure-service-bus/send-message';

/** The mutants: each the id of the one rule whose behaviour it breaks. */
export const SERVICE_BUS_MUTANTS = {
  [`${SPEC}/auth-missing`]: 'accepts a request without an Authorization header (anonymous send)',
  [`${SPEC}/auth-empty`]: 'accepts a request whose Authorization header is empty',
  [`${SPEC}/auth-wrong-key`]: 'does not verify the SWT HMACSHA256, so a token signed with another key is accepted',
  [`${SPEC}/auth-wrong-scheme`]: 'ignores the scheme word, so access_token="{swt}" under Bearer (or anything) is accepted',
  [`${SPEC}/auth-malformed`]: 'reads the token leniently: access_token= optional, any quotes (typographic, unbalanced) or none',
  [`${SPEC}/auth-expired`]: 'ignores ExpiresOn, so an expired token is accepted',
  [`${SPEC}/auth-wrong-resource`]: 'ignores the Audience, so a token for another namespace is accepted',
  [`${SPEC}/wrap-token-accepted`]: 'refuses WRAP tokens with 401, as the live service does (SAS/Bearer only)',
  [`${SPEC}/content-type-required`]: 'accepts a request without Content-Type',
  [`${SPEC}/content-type-value`]: 'accepts any Content-Type value (text/plain, application/json, ...)',
  [`${SPEC}/x-ms-retrypolicy-optional`]: 'requires x-ms-retrypolicy: 400 without it',
  [`${SPEC}/x-ms-retrypolicy-no-retry`]: 'rejects x-ms-retrypolicy NoRetry with 400',
  [`${SPEC}/request-uri`]: 'serves the operation only at /{topic path}/messages/ (trailing slash): POST {topic path}/messages gets 404',
  [`${SPEC}/request-body-atom-entry`]: 'rejects a description that holds child elements (only text-only descriptions are accepted)',
  [`${SPEC}/request-body-not-xml`]: 'sends a body that is not XML at all as a raw payload (200)',
  [`${SPEC}/request-body-malformed-xml`]: 'sends markup that is not well-formed XML as a raw payload (200)',
  [`${SPEC}/request-body-wrong-namespace`]: 'accepts any root named entry, whatever its namespace',
  [`${SPEC}/request-content-type-other`]: "answers 415 Unsupported Media Type, a status the seed does not list, to a <content> whose type is not application/xml",
  [`${SPEC}/sample-request`]: "rejects entries whose attributes are single-quoted, as the seed's example writes them (400)",
  [`${SPEC}/success-status`]: 'answers a successful send 201 Created',
  [`${SPEC}/status-documented`]: 'answers a successful send 202 Accepted, a status the seed does not list',
  [`${SPEC}/response-header-content-type`]: 'answers Content-Type application/atom+xml; charset=utf-8, without type=entry',
  [`${SPEC}/response-body`]: 'answers an <entry> outside the Atom namespace',
  [`${SPEC}/response-id`]: "gives <id> the namespace's URL (https://{host}/) instead of the topic's",
  [`${SPEC}/response-published`]: 'leaves <published> out of the response entry',
  [`${SPEC}/response-updated`]: 'leaves <updated> out of the response entry',
  [`${SPEC}/response-link`]: 'points <link rel="self"> at the messages URL ({topic}/messages) instead of the topic',
  [`${SPEC}/response-content`]: 'answers <content> with an empty description element instead of the one that was sent',
} as const satisfies Record<string, string>;

type MutantId = keyof typeof SERVICE_BUS_MUTANTS;

function m(cfg: RefConfig, id: MutantId): boolean {
  return isMutant(cfg, id);
}

const PATH = /^\/(.+)\/messages$/;
const PATH_MUTANT = /^\/(.+)\/messages\/$/;

export const REQUEST_CONTENT_TYPE = { essence: 'application/atom+xml', params: { type: 'entry', charset: 'utf-8' } } as const;
export const RESPONSE_CONTENT_TYPE = 'application/atom+xml; type=entry';

function error(req: RefRequest, cfg: RefConfig, status: number, detail: string): RefResponse {
  const tracking = `TrackingId:${randomUUID()}_G0, SystemTracker:${req.host}${req.rawPath}, Timestamp:${cfg.now().toISOString()}`;
  return {
    status,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body: `<Error><Code>${status}</Code><Detail>${escapeText(`${detail} ${tracking}`)}</Detail></Error>`,
  };
}

/** Percent-encodes each segment of an entity path, keeping `/` between them. */
function entityUrlPath(topic: string): string {
  return topic.split('/').map(encodeURIComponent).join('/');
}

/** Authorization, per the seed: `WRAP access_token="{swt}"` with a SWT for this namespace. */
function authorize(req: RefRequest, cfg: RefConfig): string | null {
  const header = req.headers['authorization'];
  if (header === undefined) return m(cfg, `${SPEC}/auth-missing`) ? null : 'The request has no Authorization header.';
  if (header.trim() === '') return m(cfg, `${SPEC}/auth-empty`) ? null : 'The Authorization header is empty.';
  const verdict = verifyWrap({
    header,
    host: req.host,
    issuer: cfg.serviceBus.issuer,
    issuerKey: cfg.serviceBus.issuerKey,
    now: cfg.now(),
    checks: {
      scheme: !m(cfg, `${SPEC}/auth-wrong-scheme`),
      framing: !m(cfg, `${SPEC}/auth-malformed`),
      hmac: !m(cfg, `${SPEC}/auth-wrong-key`),
      expiry: !m(cfg, `${SPEC}/auth-expired`),
      audience: !m(cfg, `${SPEC}/auth-wrong-resource`),
    },
  });
  if (!verdict.ok) return verdict.detail;
  if (m(cfg, `${SPEC}/wrap-token-accepted`) && verdict.scheme.toLowerCase() === 'wrap') return 'WRAP/ACS tokens are not accepted; use SharedAccessSignature or Bearer.';
  return null;
}

function contentTypeProblem(req: RefRequest, cfg: RefConfig): string | null {
  const ct = req.headers['content-type'];
  if (ct === undefined) return m(cfg, `${SPEC}/content-type-required`) ? null : 'The request has no Content-Type; send application/atom+xml;type=entry;charset=utf-8.';
  if (m(cfg, `${SPEC}/content-type-value`)) return null;
  if (!isMediaType(ct, REQUEST_CONTENT_TYPE.essence, REQUEST_CONTENT_TYPE.params)) {
    return `Content-Type ${JSON.stringify(ct)} is not application/atom+xml;type=entry;charset=utf-8.`;
  }
  return null;
}

/** NoRetry turns automatic retries off; the seed gives no other value, and another is ignored. */
function retryPolicyProblem(req: RefRequest, cfg: RefConfig): string | null {
  const v = req.headers['x-ms-retrypolicy'];
  if (v === undefined) return m(cfg, `${SPEC}/x-ms-retrypolicy-optional`) ? 'The request has no x-ms-retrypolicy.' : null;
  if (v === 'NoRetry') return m(cfg, `${SPEC}/x-ms-retrypolicy-no-retry`) ? 'x-ms-retrypolicy NoRetry is not supported.' : null;
  return null;
}

/** A payload the body mutants let through, wrapped so the response entry stays well-formed. */
function rawPayload(text: string): string {
  return `<Payload>${escapeText(text)}</Payload>`;
}

/** The description to echo, or the problem with the body (`unsupported`: the mutant's 415). */
function readBody(req: RefRequest, cfg: RefConfig): { description: string } | { problem: string; unsupported?: boolean } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
  } catch {
    return { problem: 'The body is not UTF-8, as charset=utf-8 says it is.' };
  }
  if (m(cfg, `${SPEC}/request-body-not-xml`) && !text.trimStart().startsWith('<')) return { description: rawPayload(text) };
  if (m(cfg, `${SPEC}/sample-request`) && /<[^!?/][^>]*=[ \t\r\n]*'/.test(text)) return { problem: 'Attribute values must be double-quoted.' };
  const entry = readEntry(text, { namespace: !m(cfg, `${SPEC}/request-body-wrong-namespace`) });
  if (!entry.ok) {
    if (m(cfg, `${SPEC}/request-content-type-other`) && entry.contentType) return { problem: entry.detail, unsupported: true };
    if (m(cfg, `${SPEC}/request-body-malformed-xml`) && entry.detail.startsWith('Not well-formed XML') && text.trimStart().startsWith('<')) return { description: rawPayload(text) };
    return { problem: entry.detail };
  }
  if (m(cfg, `${SPEC}/request-body-atom-entry`) && entry.description.children.some((c) => c.kind === 'element')) {
    return { problem: 'The description must be text only.' };
  }
  if (m(cfg, `${SPEC}/response-content`)) return { description: `<${entry.description.qname}/>` };
  return { description: describeElement(entry.description) };
}

/** What the seed writes (Request Headers), for the mutants that refuse every other spelling. */
const SPELLINGS: DocumentedSpellings = { specId: SPEC, headerNames: ['Content-Type'], contentTypes: ['application/atom+xml;type=entry;charset=utf-8'] };
const SPELLING_RULES = ['header-name-case', 'content-type-case', 'content-type-charset-spelling', 'content-type-parameter-spacing', 'content-type-parameter-order'];

export const serviceBus: OperationHandler = {
  name: 'service-bus',
  mutants: { ...SERVICE_BUS_MUTANTS, ...spellingMutants(SPELLINGS, SPELLING_RULES) },

  matches(req, cfg) {
    if (cfg.serviceBus.profile === 'live') return matchesLive(req);
    return req.method === 'POST' && (m(cfg, `${SPEC}/request-uri`) ? PATH_MUTANT : PATH).test(req.rawPath);
  },

  handle(req, cfg) {
    if (cfg.serviceBus.profile === 'live') return handleLive(req, cfg);
    const authProblem = authorize(req, cfg);
    if (authProblem !== null) return error(req, cfg, 401, authProblem);

    const path = (m(cfg, `${SPEC}/request-uri`) ? PATH_MUTANT : PATH).exec(req.rawPath)![1]!;
    let topicPath: string;
    try {
      topicPath = decodeURIComponent(path);
    } catch {
      return error(req, cfg, 400, 'The entity path is not percent-encoded UTF-8.');
    }
    // Entity names are case-insensitive in Service Bus.
    const topic = cfg.serviceBus.topics.find((t) => t.toLowerCase() === topicPath.toLowerCase());
    if (topic === undefined) return error(req, cfg, 404, `No topic ${JSON.stringify(topicPath)} in this namespace.`);

    const problem = refusedSpelling(req, cfg, SPELLINGS) ?? contentTypeProblem(req, cfg) ?? retryPolicyProblem(req, cfg);
    if (problem !== null) return error(req, cfg, 400, problem);
    const body = readBody(req, cfg);
    if ('problem' in body) return error(req, cfg, body.unsupported ? 415 : 400, body.problem);

    const now = cfg.now();
    // The seed's <id> and self link: https://{serviceNamespace}.servicebus.Windows.net/{path}, the topic sent to.
    const url = `https://${req.host}/${entityUrlPath(topic)}`;
    const entry = buildEntry(
      {
        url: m(cfg, `${SPEC}/response-id`) ? `https://${req.host}/` : url,
        selfLink: m(cfg, `${SPEC}/response-link`) ? `${url}/messages` : url,
        published: now,
        updated: now,
        description: body.description,
      },
      {
        noNamespace: m(cfg, `${SPEC}/response-body`),
        noPublished: m(cfg, `${SPEC}/response-published`),
        noUpdated: m(cfg, `${SPEC}/response-updated`),
      },
    );
    const status = m(cfg, `${SPEC}/success-status`) ? 201 : m(cfg, `${SPEC}/status-documented`) ? 202 : 200;
    const contentType = m(cfg, `${SPEC}/response-header-content-type`) ? 'application/atom+xml; charset=utf-8' : RESPONSE_CONTENT_TYPE;
    return { status, headers: { 'content-type': contentType }, body: entry };
  },
};
