/**
 * Yandex Message Queue — SendMessage, as seed 002 and PROTOCOL-FACTS §2 describe it.
 *
 * Request: `POST /`, form-urlencoded parameters (query-string parameters are read too, the
 * body's after them), SigV4-signed with the configured key. Checked in this order, each answer
 * the first problem found: signature (reference/yandex/sigv4.ts), Content-Type, Action, Version,
 * QueueUrl, MessageBody, DelaySeconds, message attributes, FIFO ids. A `%` without two hex
 * digits in the query or the form is 404 MalformedQueryString; a parameter SendMessage does not
 * have is 400 InvalidQueryParameter (YC-ERR).
 *
 * Response: `<SendMessageResponse><SendMessageResult>` with MD5OfMessageBody,
 * MD5OfMessageAttributes (only when the message has attributes), MessageId, SequenceNumber (FIFO
 * only), then `<ResponseMetadata><RequestId>`, as text/xml, without an XML declaration (as the
 * seed's sample). Errors: `<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>` (the documented shape, with Type) and the §2.3 status.
 *
 * Readings of the spec's ambiguities:
 *  - version-required: seed — a missing Version is 400 (MissingParameter).
 *  - message-body-size: the body alone is limited to 262144 bytes, and with attributes the body
 *    and every attribute's name, type and value together (YC-MAV, message-size-with-attributes).
 *  - message-body-empty: invalid-value — an empty body is 400 InvalidParameterValue.
 *  - content-type-value: documented-status — another media type is 400 InvalidParameterValue.
 *  - unknown-parameter: doc — 400 InvalidQueryParameter.
 *  - message-body-charset: seed — 400 InvalidMessageContents (also for invalid UTF-8).
 *  - message-attribute-optional: wire — MessageAttribute.N.Name / .Value.* are the attribute names.
 *  - message-deduplication-id-required: seed-text — no id on a FIFO queue is 400 MissingParameter
 *    unless the queue deduplicates by content (`contentBasedDeduplication`), when the id is the
 *    SHA-256 of the body (PROTOCOL-FACTS §2.7).
 *  - message-group-id-required: live — no group on a FIFO queue is 400 MissingParameter.
 *  - response-sequence-number: both — a decimal number within 64 bits (so also within 128).
 *  - auth-bad-signature: sqs — 403 SignatureDoesNotMatch.
 *  - error-response-shape: doc — Error carries Type, Code and Message.
 *  - delay-seconds-fifo (untestable): seed — DelaySeconds is checked on a FIFO queue but not applied.
 * FIFO deduplication: a repeated MessageDeduplicationId within 5 minutes is answered 200 with the
 * first message's MessageId and SequenceNumber and the digests of what this request sent; the
 * message is not queued again. On a standard queue MessageGroupId and MessageDeduplicationId are
 * ignored.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isMutant, type OperationHandler, type RefConfig, type RefRequest, type RefResponse } from './types.js';
import { xmlEscape, YmqError } from './yandex/errors.js';
import { badEscape, Params, parseForm } from './yandex/form.js';
import { refusedSpelling, spellingMutants, type DocumentedSpellings } from './spellings.js';
import { md5OfAttributes, messageTooLong, readAttributes, readBody, readDelay, readFifoId, type Attribute } from './yandex/message.js';
import { liveError, liveErrorResponse, liveSizeError, liveSuccessBody } from './yandex/live.js';
import { M, YANDEX_MUTANTS } from './yandex/mutants.js';
import { DEDUP_WINDOW_MS, nextSequence, queueState } from './yandex/state.js';
import { verifySigV4 } from './yandex/sigv4.js';

const ACTION = 'SendMessage';
const VERSION = '2012-11-05';
const XML_HEADERS = { 'content-type': 'text/xml' };

function md5(bytes: Buffer | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

function errorResponse(cfg: RefConfig, e: YmqError): RefResponse {
  if (cfg.yandex.profile === 'live') return liveErrorResponse(liveError(e));
  const body = isMutant(cfg, M.errorShape)
    ? `<ErrorResponse><Error><Code>${xmlEscape(e.code)}</Code></Error></ErrorResponse>`
    : `<ErrorResponse><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: e.status, headers: XML_HEADERS, body };
}

/** What the document writes (YC-IDX, the sample request), for the mutants that refuse every other spelling. */
const SPELLINGS: DocumentedSpellings = {
  specId: 'yandex-message-queue/send-message',
  headerNames: ['Content-Type'],
  contentTypes: ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'],
  form: true,
};
const SPELLING_RULES = ['header-name-case', 'content-type-case', 'content-type-charset-spelling', 'content-type-parameter-spacing', 'form-space-encoding', 'form-hex-case', 'form-field-order'];

/** application/x-www-form-urlencoded, in any case, with no charset or charset=utf-8. */
function isFormContentType(value: string): boolean {
  const [type, ...params] = value.split(';').map((s) => s.trim());
  if (type!.toLowerCase() !== 'application/x-www-form-urlencoded') return false;
  return params.every((p) => {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const v = eq < 0 ? '' : p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
    return name !== 'charset' || v === 'utf-8' || v === 'utf8';
  });
}

/** The configured queue whose URL has the path of `queueUrl` (hosts are not compared). */
/** The parameters SendMessage has (seed S2, PROTOCOL-FACTS §2.4 wire names); the query may carry SigV4's own X-Amz-* too. */
const KNOWN_PARAMETER = /^(?:Action|Version|QueueUrl|MessageBody|DelaySeconds|MessageDeduplicationId|MessageGroupId|MessageAttribute\.[1-9]\d*\.(?:Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue))$/;

function findQueue(cfg: RefConfig, queueUrl: string): string | undefined {
  const pathOf = (u: string): string | undefined => {
    try {
      return new URL(u).pathname.replace(/\/+$/, '');
    } catch {
      return undefined;
    }
  };
  const wanted = pathOf(queueUrl);
  if (wanted === undefined || wanted === '') return undefined;
  return cfg.yandex.queues.map(pathOf).find((p) => p === wanted);
}

function send(req: RefRequest, cfg: RefConfig): RefResponse | YmqError {
  const authError = verifySigV4(req, cfg);
  if (authError) return authError;
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !isFormContentType(contentType) && !isMutant(cfg, M.contentType)) {
    return new YmqError('InvalidParameterValue', `Content-Type ${contentType} is not supported; send application/x-www-form-urlencoded.`);
  }
  const query = Buffer.from(req.rawQuery, 'latin1');
  const at = badEscape(query) ?? badEscape(req.body);
  if (at !== undefined && !isMutant(cfg, M.malformedQuery)) return new YmqError('MalformedQueryString', 'The query string has a "%" that is not followed by two hex digits.');
  // The spelling mutants refuse a well-formed form written in another spelling.
  const spelling = refusedSpelling(req, cfg, SPELLINGS);
  if (spelling) return new YmqError('InvalidParameterValue', spelling);
  const params = new Params([...parseForm(query), ...parseForm(req.body)]);

  const action = params.text('Action');
  if (action === undefined) {
    return isMutant(cfg, M.actionRequired) ? new YmqError('MissingParameter', 'The request must contain the parameter Action.') : new YmqError('MissingAction', 'The request must contain the parameter Action.');
  }
  if (action !== ACTION && !isMutant(cfg, M.actionValue)) return new YmqError('InvalidAction', `The action ${action} is not valid for this endpoint.`);

  const version = params.text('Version');
  if (version === undefined) {
    if (!isMutant(cfg, M.versionRequired)) return new YmqError('MissingParameter', 'The request must contain the parameter Version.');
  } else if (version !== VERSION && !isMutant(cfg, M.versionValue)) {
    return new YmqError('InvalidParameterValue', `Version ${version} is not supported; the API version is ${VERSION}.`);
  }

  const unknown = params.names().find((n) => !KNOWN_PARAMETER.test(n) && !/^X-Amz-/i.test(n));
  if (unknown !== undefined && !isMutant(cfg, M.unknownParameter)) return new YmqError('InvalidQueryParameter', `The parameter ${unknown} does not exist for SendMessage.`);

  const queueUrl = params.text('QueueUrl');
  let queuePath: string | undefined;
  if (queueUrl === undefined) {
    if (!isMutant(cfg, M.queueUrlRequired)) return new YmqError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    queuePath = findQueue(cfg, cfg.yandex.queues[0] ?? '');
  } else queuePath = findQueue(cfg, queueUrl);
  if (queuePath === undefined) return new YmqError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  const fifo = queuePath.endsWith('.fifo');

  let bodyBytes = params.bytes('MessageBody');
  if (bodyBytes === undefined) {
    if (!isMutant(cfg, M.bodyRequired)) return new YmqError('MissingParameter', 'The request must contain the parameter MessageBody.');
    bodyBytes = Buffer.alloc(0);
  }
  const body = readBody(cfg, bodyBytes);
  if (body instanceof YmqError) return body;

  const delay = readDelay(cfg, params.text('DelaySeconds'), fifo);
  if (delay instanceof YmqError) return delay;

  const attributes = readAttributes(cfg, params);
  if (attributes instanceof YmqError) return attributes;
  const tooLong = cfg.yandex.profile === 'live' ? liveSizeError(body.bytes, attributes) : messageTooLong(cfg, body, attributes);
  if (tooLong) return tooLong;

  let group: string | undefined;
  let dedupId: string | undefined;
  if (fifo) {
    const groupBytes = params.bytes('MessageGroupId');
    if (groupBytes !== undefined) {
      const g = readFifoId(cfg, 'MessageGroupId', groupBytes);
      if (g instanceof YmqError) return g;
      group = g;
    } else if (isMutant(cfg, M.groupRequired)) group = '';
    else return new YmqError('MissingParameter', 'No MessageGroupId parameter.');

    const dedupBytes = params.bytes('MessageDeduplicationId');
    if (dedupBytes !== undefined) {
      const d = readFifoId(cfg, 'MessageDeduplicationId', dedupBytes);
      if (d instanceof YmqError) return d;
      dedupId = d;
    } else if ((cfg.yandex.contentBasedDeduplication === true && !isMutant(cfg, M.dedupContentBased)) || isMutant(cfg, M.dedupRequired)) {
      dedupId = createHash('sha256').update(body.bytes).digest('hex');
    } else return new YmqError('MissingParameter', 'No MessageDeduplicationId parameter.');
  } else if (isMutant(cfg, M.groupStandardOptional) && params.bytes('MessageGroupId') === undefined) {
    return new YmqError('MissingParameter', 'No MessageGroupId parameter.');
  }

  return accepted(cfg, queuePath, body.bytes, body.text, attributes, delay, group, dedupId);
}

function accepted(
  cfg: RefConfig,
  queuePath: string,
  bytes: Buffer,
  text: string,
  attributes: Attribute[],
  delay: number | undefined,
  group: string | undefined,
  dedupId: string | undefined,
): RefResponse {
  let md5OfBody = md5(bytes);
  if (isMutant(cfg, M.md5Body)) md5OfBody = md5(Buffer.from(text, 'latin1'));
  if (isMutant(cfg, M.sampleRequest)) md5OfBody = md5(Buffer.from(text.replace(/ /g, '+'), 'utf8'));

  const q = queueState(cfg, queuePath);
  const now = cfg.now().getTime();
  let messageId: string = randomUUID();
  let sequenceNumber: bigint | undefined;
  if (group !== undefined && dedupId !== undefined) {
    const previous = q.dedup.get(dedupId);
    if (previous && now - previous.at < DEDUP_WINDOW_MS) {
      // Accepted, not queued again: the first message's id and number.
      messageId = previous.messageId;
      sequenceNumber = previous.sequenceNumber;
      if (isMutant(cfg, M.dedupDuplicate)) md5OfBody = previous.md5OfBody;
    } else {
      sequenceNumber = nextSequence(q);
      if (!q.groupFirst.has(group)) q.groupFirst.set(group, sequenceNumber);
      if (isMutant(cfg, M.sequenceIncreasing)) sequenceNumber = q.groupFirst.get(group)!;
      q.dedup.set(dedupId, { at: now, messageId, sequenceNumber, md5OfBody });
    }
    if (isMutant(cfg, M.responseSequenceNumber)) sequenceNumber += 1n << 128n;
  } else if (isMutant(cfg, M.sequenceStandardAbsent)) sequenceNumber = nextSequence(q);

  let md5OfAttrs: string | undefined;
  if (attributes.length > 0) md5OfAttrs = isMutant(cfg, M.responseMd5Attrs) ? undefined : md5OfAttributes(cfg, attributes);
  else if (isMutant(cfg, M.md5AttrsAbsent)) md5OfAttrs = md5(Buffer.alloc(0));

  const result = [
    isMutant(cfg, M.responseMd5Body) ? '' : `<MD5OfMessageBody>${md5OfBody}</MD5OfMessageBody>`,
    md5OfAttrs === undefined ? '' : `<MD5OfMessageAttributes>${md5OfAttrs}</MD5OfMessageAttributes>`,
    isMutant(cfg, M.responseMessageId) ? '<MessageId/>' : `<MessageId>${messageId}</MessageId>`,
    sequenceNumber === undefined ? '' : `<SequenceNumber>${sequenceNumber}</SequenceNumber>`,
  ].join('');
  const metadata = isMutant(cfg, M.responseRequestId) ? '<ResponseMetadata/>' : `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
  let xml = `<SendMessageResponse><SendMessageResult>${result}</SendMessageResult>${metadata}</SendMessageResponse>`;
  if (isMutant(cfg, M.responseBody)) xml += '</SendMessageResult>';
  if (cfg.yandex.profile === 'live') xml = liveSuccessBody(xml);
  const status = isMutant(cfg, M.statusDocumented) && delay !== undefined && delay > 0 ? 202 : 200;
  return { status, headers: XML_HEADERS, body: xml };
}

export const yandex: OperationHandler = {
  name: 'yandex-message-queue/send-message',
  // Every YMQ call is POST / (PROTOCOL-FACTS §2.2); the other operations' paths end in /messages.
  matches: (req) => req.method === 'POST' && req.rawPath === '/',
  handle(req, cfg) {
    const out = send(req, cfg);
    return out instanceof YmqError ? errorResponse(cfg, out) : out;
  },
  mutants: { ...YANDEX_MUTANTS, ...spellingMutants(SPELLINGS, SPELLING_RULES) },
};
