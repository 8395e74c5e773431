/**
 * Yandex Message Queue — SendMessage, as seed 002 and PROTOCOL-FACTS §2 describe it, and the
 * companion operations a harness needs to observe what SendMessage did from outside.
 *
 * Request: `POST /`, form-urlencoded parameters (query-string parameters are read too, the
 * body's after them), SigV4-signed with the configured key. Checked in this order, each answer
 * the first problem found: signature (reference/yandex/sigv4.ts), Content-Type, Action, Version,
 * then per Action — SendMessage: its parameters, QueueUrl, MessageBody, DelaySeconds, message
 * attributes, FIFO ids. A `%` without two hex digits in the query or the form is 404
 * MalformedQueryString; a parameter the Action does not have is 400 InvalidQueryParameter
 * (YC-ERR; each Action has its own list); an Action not served is 400 InvalidAction.
 *
 * Response: `<SendMessageResponse><SendMessageResult>` with MD5OfMessageBody,
 * MD5OfMessageAttributes (only when the message has attributes), MessageId, SequenceNumber (FIFO
 * only), then `<ResponseMetadata><RequestId>`, as text/xml, without an XML declaration (as the
 * seed's sample). Errors: `<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>` (the documented shape, with Type) and the §2.3 status. The live
 * profile (reference/yandex/live.ts) writes the declaration and ydb's error shape, for every Action.
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
 *  - delay-seconds-fifo: seed — DelaySeconds is checked on a FIFO queue but not applied, the
 *    queue's delay is; live — the message's DelaySeconds applies when given (ydb, §2.8 item 6).
 *  - unsupported-operation: `MessageAttribute.N.Value.StringListValue.N` or `.BinaryListValue.N`
 *    (YC-MAV: "not implemented") is 400 UnsupportedOperation, the seed's "operation is not
 *    supported"; the documents name no other request that gets it. Both profiles (what ydb answers
 *    to a list value is not in the facts).
 * FIFO deduplication: a repeated MessageDeduplicationId within 5 minutes is answered 200 with the
 * first message's MessageId and SequenceNumber and the digests of what this request sent; the
 * message is not queued again (so not delivered, YC-DEDUP). On a standard queue MessageGroupId
 * and MessageDeduplicationId are ignored.
 *
 * Queues and messages (reference/yandex/queues.ts): one store per configuration. The configured
 * queues exist from the start (DelaySeconds 0, VisibilityTimeout 30, FIFO when the name ends in
 * `.fifo`, content-based deduplication as configured); CreateQueue adds others. Each accepted
 * send (not a deduplicated repeat) is stored with its body bytes, its attributes as sent (DataType
 * with any custom suffix, string or binary value), digests, MessageId, SentTimestamp, group, id,
 * SequenceNumber, and the time it becomes visible: standard queue — now + the message's
 * DelaySeconds, else the queue's; FIFO queue — now + the queue's (see delay-seconds-fifo). A queue
 * created with MaximumMessageSize below 256 KiB limits body plus attributes to it (§2.4). Time is
 * `cfg.now()`; long polling alone waits in real time.
 *
 * Companions (reference/yandex/companions.ts; companion-facts A1–A11), and the readings taken
 * where the documents are silent or disagree:
 *  - CreateQueue (QueueName, Attribute.N.Name/Value, Tag.N.Key/Value): name 1–80 characters of
 *    [A-Za-z0-9_-] plus an optional `.fifo` (counted in the 80), else 400 InvalidParameterValue; a
 *    `.fifo` name needs FifoQueue=true and FifoQueue=true needs a `.fifo` name (400
 *    InvalidParameterValue; the error is not documented). Attributes DelaySeconds 0–900,
 *    VisibilityTimeout 0–43200 (YC-VIS / YC-LIM's 12 hours, not YC-CQ's "43000"),
 *    MessageRetentionPeriod 60–1209600, MaximumMessageSize 1024–262144,
 *    ReceiveMessageWaitTimeSeconds 0–20, FifoQueue and ContentBasedDeduplication true/false (a
 *    value outside: 400 InvalidAttributeValue, ydb's id), RedrivePolicy kept and reported but not
 *    acted on; any other name (KmsMasterKeyId included), or ContentBasedDeduplication on a standard
 *    queue: 400 InvalidAttributeName. QueueUrl = `http://{Host}{folder}/{name}`, the folder being
 *    the path of the first configured queue without its last segment. The same name again: the
 *    same URL when every attribute the request gives has the queue's value, else 400
 *    QueueAlreadyExists (YC-CQ names the error, not when; moto's reading, companion-facts C3:
 *    attributes left out are not compared). A name deleted
 *    less than 60 s ago: 400 QueueDeletedRecently (YC-CQ, YC-DQ).
 *  - GetQueueUrl (QueueName, QueueOwnerAWSAccountId ignored): the URL, or 400
 *    AWS.SimpleQueueService.NonExistentQueue. For every missing queue the reference answers that
 *    id, SendMessage's (ydb's); YC-GQU and YC-PQ write `NonExistentQueue` without the prefix.
 *  - DeleteQueue (QueueUrl): the queue is gone at once (the service takes up to 60 s); a queue
 *    that does not exist is deleted with success (YC-DQ).
 *  - PurgeQueue (QueueUrl): every message is gone at once (the service takes up to a minute); a
 *    second purge within 60 s is 403 PurgeQueueInProgress (YC-PQ).
 *  - GetQueueAttributes (QueueUrl, AttributeName.N: All or names): ApproximateNumberOfMessages
 *    (receivable now), …NotVisible (in flight), …Delayed, CreatedTimestamp and
 *    LastModifiedTimestamp (epoch seconds; no SetQueueAttributes, so the same), DelaySeconds,
 *    MaximumMessageSize, MessageRetentionPeriod, QueueArn (`yrn:yc:ymq:{region}:{folder}:{name}`,
 *    the YC docs' form), ReceiveMessageWaitTimeSeconds, RedrivePolicy (when set),
 *    VisibilityTimeout, and FifoQueue / ContentBasedDeduplication on FIFO queues only; an unknown
 *    name is 400 InvalidAttributeName (YC-GQA).
 *  - ReceiveMessage (QueueUrl, MaxNumberOfMessages 1–10 default 1, VisibilityTimeout 0–43200
 *    default the queue's, WaitTimeSeconds 0–20 default the queue's; out of range 400
 *    InvalidParameterValue; AttributeName.N, MessageAttributeName.N, ReceiveRequestAttemptId):
 *    receivable messages oldest first; each taken becomes invisible for the visibility timeout,
 *    counts a receive and gets a fresh ReceiptHandle. Short polling reads every message (the
 *    service may return fewer, YC-RECV; returning all is one allowed answer). FIFO: one message
 *    per group per call (YC-RECV), a group's in send order, and nothing of a group whose oldest
 *    message is in flight or delayed. WaitTimeSeconds > 0 with nothing to take waits until a
 *    message can be taken or the time ends, then answers what there is. System attributes:
 *    SenderId (the access key id that signed the send; its value is not documented),
 *    SentTimestamp, ApproximateReceiveCount, ApproximateFirstReceiveTimestamp (epoch ms), and on
 *    FIFO queues MessageGroupId, MessageDeduplicationId, SequenceNumber; an unknown name is 400
 *    InvalidAttributeName. Message attributes: `All`, `.*`, `prefix.*` or names, and
 *    MD5OfMessageAttributes (§2.6) over those returned, absent when none is. The Body (and every
 *    text) is escaped so that an XML parser reads back the exact text: `&`, `<`, `>`, and CR as
 *    `&#xD;` (a raw CR would be read as LF); supplementary-plane characters as UTF-8. A repeated
 *    FIFO ReceiveRequestAttemptId within 5 minutes gets the same messages and handles while all of
 *    them are still in flight under those handles (YC-DEDUP); otherwise it is a new receive.
 *    Element order: MessageId, ReceiptHandle, MD5OfBody, Body, Attribute*, MD5OfMessageAttributes,
 *    MessageAttribute* (Name, Value/DataType, Value/StringValue or BinaryValue in base64).
 *  - DeleteMessage (QueueUrl, ReceiptHandle): a handle the queue never gave is 400
 *    ReceiptHandleIsInvalid; an older handle of a message that has since been received again
 *    succeeds without deleting it (YC-DEL: "successful but the message might not be deleted");
 *    deleting again succeeds.
 * Every companion answers `<{Action}Response>[<{Action}Result>…</{Action}Result>]<ResponseMetadata>
 * <RequestId/></ResponseMetadata>` (Delete*, PurgeQueue without a Result), no namespace (YC-API).
 * The spelling mutants and the SendMessage-only mutants leave the companions alone; the mutants
 * observed through them (delays, delivery of duplicates, FIFO order, bodies and attributes as
 * received) are in reference/yandex/mutants.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isMutant, type OperationHandler, type RefConfig, type RefRequest, type RefResponse } from './types.js';
import { COMPANION_PARAMETERS, createQueue, deleteMessage, deleteQueue, getQueueAttributes, getQueueUrl, purgeQueue, receiveMessage, type Document } from './yandex/companions.js';
import { xmlEscape, YmqError } from './yandex/errors.js';
import { badEscape, Params, parseForm } from './yandex/form.js';
import { refusedSpelling, spellingMutants, type DocumentedSpellings } from './spellings.js';
import { MAX_BODY_BYTES, md5OfAttributes, messageTooLong, readAttributes, readBody, readDelay, readFifoId, type Attribute } from './yandex/message.js';
import { liveError, liveErrorResponse, liveSizeError, liveSuccessBody } from './yandex/live.js';
import { M, YANDEX_MUTANTS } from './yandex/mutants.js';
import { enqueue, queueByUrl, type Queue } from './yandex/queues.js';
import { DEDUP_WINDOW_MS, nextSequence } from './yandex/state.js';
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

/** The parameters SendMessage has (seed S2, PROTOCOL-FACTS §2.4 wire names, YC-MAV's list values); the query may carry SigV4's own X-Amz-* too. */
const KNOWN_PARAMETER = /^(?:Action|Version|QueueUrl|MessageBody|DelaySeconds|MessageDeduplicationId|MessageGroupId|MessageAttribute\.[1-9]\d*\.(?:Name|Value\.DataType|Value\.StringValue|Value\.BinaryValue|Value\.(?:String|Binary)ListValue\.[1-9]\d*))$/;

/** The companions by Action: each checks its own parameters and answers its document or an error. */
const COMPANIONS: Record<string, (req: RefRequest, cfg: RefConfig, params: Params) => Document | YmqError | Promise<Document | YmqError>> = {
  CreateQueue: (req, cfg, params) => createQueue(cfg, req, params),
  GetQueueUrl: (_req, cfg, params) => getQueueUrl(cfg, params),
  DeleteQueue: (_req, cfg, params) => deleteQueue(cfg, params),
  PurgeQueue: (_req, cfg, params) => purgeQueue(cfg, params),
  GetQueueAttributes: (_req, cfg, params) => getQueueAttributes(cfg, params),
  ReceiveMessage: (_req, cfg, params) => receiveMessage(cfg, params),
  DeleteMessage: (_req, cfg, params) => deleteMessage(cfg, params),
};

async function serve(req: RefRequest, cfg: RefConfig): Promise<RefResponse | YmqError> {
  const authError = verifySigV4(req, cfg);
  if (authError) return authError;
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !isFormContentType(contentType) && !isMutant(cfg, M.contentType)) {
    return new YmqError('InvalidParameterValue', `Content-Type ${contentType} is not supported; send application/x-www-form-urlencoded.`);
  }
  const query = Buffer.from(req.rawQuery, 'latin1');
  const at = badEscape(query) ?? badEscape(req.body);
  if (at !== undefined && !isMutant(cfg, M.malformedQuery)) return new YmqError('MalformedQueryString', 'The query string has a "%" that is not followed by two hex digits.');
  const params = new Params([...parseForm(query), ...parseForm(req.body)]);
  const action = params.text('Action');
  const companion = action !== undefined && Object.hasOwn(COMPANIONS, action) ? COMPANIONS[action] : undefined;
  // The spelling mutants refuse a well-formed form written in another spelling (SendMessage's rules: not the companions').
  const spelling = companion ? undefined : refusedSpelling(req, cfg, SPELLINGS);
  if (spelling) return new YmqError('InvalidParameterValue', spelling);

  if (action === undefined) {
    return isMutant(cfg, M.actionRequired) ? new YmqError('MissingParameter', 'The request must contain the parameter Action.') : new YmqError('MissingAction', 'The request must contain the parameter Action.');
  }
  if (action !== ACTION && !companion && !isMutant(cfg, M.actionValue)) return new YmqError('InvalidAction', `The action ${action} is not valid for this endpoint.`);

  const version = params.text('Version');
  if (version === undefined) {
    if (!isMutant(cfg, M.versionRequired)) return new YmqError('MissingParameter', 'The request must contain the parameter Version.');
  } else if (version !== VERSION && !isMutant(cfg, M.versionValue)) {
    return new YmqError('InvalidParameterValue', `Version ${version} is not supported; the API version is ${VERSION}.`);
  }

  if (companion) {
    const own = COMPANION_PARAMETERS[action!]!;
    const unknownHere = params.names().find((n) => n !== 'Action' && n !== 'Version' && !own.test(n) && !/^X-Amz-/i.test(n));
    if (unknownHere !== undefined) return new YmqError('InvalidQueryParameter', `The parameter ${unknownHere} does not exist for ${action}.`);
    const out = await companion(req, cfg, params);
    if (out instanceof YmqError) return out;
    return document(cfg, out);
  }
  return send(cfg, params);
}

/** A companion's success document: 200 text/xml, with the XML declaration in the live profile. */
function document(cfg: RefConfig, parts: Document): RefResponse {
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
  return { status: 200, headers: XML_HEADERS, body: cfg.yandex.profile === 'live' ? Buffer.concat([Buffer.from(liveSuccessBody(''), 'utf8'), body]) : body };
}

function send(cfg: RefConfig, params: Params): RefResponse | YmqError {
  const unknown = params.names().find((n) => !KNOWN_PARAMETER.test(n) && !/^X-Amz-/i.test(n));
  if (unknown !== undefined && !isMutant(cfg, M.unknownParameter)) return new YmqError('InvalidQueryParameter', `The parameter ${unknown} does not exist for SendMessage.`);

  const queueUrl = params.text('QueueUrl');
  let queue: Queue | undefined;
  if (queueUrl === undefined) {
    if (!isMutant(cfg, M.queueUrlRequired)) return new YmqError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    queue = queueByUrl(cfg, cfg.yandex.queues[0] ?? '');
  } else queue = queueByUrl(cfg, queueUrl);
  if (queue === undefined) return new YmqError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  const fifo = queue.settings.FifoQueue;

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
  // A queue created with a smaller MaximumMessageSize limits body and attributes together to it
  // (§2.4: min(256 KiB, the queue's)); at 256 KiB the checks above are the whole limit.
  const size = body.bytes.length + attributes.reduce((n, a) => n + Buffer.byteLength(a.name) + Buffer.byteLength(a.dataType) + a.value.length, 0);
  if (queue.settings.MaximumMessageSize < MAX_BODY_BYTES && size > queue.settings.MaximumMessageSize) return new YmqError('InvalidParameterValue', `Message must be shorter than ${queue.settings.MaximumMessageSize} bytes.`);

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
    } else if ((queue.settings.ContentBasedDeduplication && !isMutant(cfg, M.dedupContentBased)) || isMutant(cfg, M.dedupRequired)) {
      dedupId = createHash('sha256').update(body.bytes).digest('hex');
    } else return new YmqError('MissingParameter', 'No MessageDeduplicationId parameter.');
  } else if (isMutant(cfg, M.groupStandardOptional) && params.bytes('MessageGroupId') === undefined) {
    return new YmqError('MissingParameter', 'No MessageGroupId parameter.');
  }

  return accepted(cfg, queue, body.bytes, body.text, attributes, delay, group, dedupId);
}

/**
 * When a message becomes visible (epoch ms): standard queue — the message's DelaySeconds, else
 * the queue's; FIFO queue — the queue's, the message's ignored (seed S2, YC-DELAY), or in the live
 * profile the message's when it has one (ydb's GetDelay, PROTOCOL-FACTS §2.4, §2.8 item 6). The
 * delay-seconds-fifo mutant takes the other reading of the profile's.
 */
function visibleAt(cfg: RefConfig, queue: Queue, delay: number | undefined, now: number): number {
  const fifo = queue.settings.FifoQueue;
  const fifoTakesMessage = (cfg.yandex.profile === 'live') !== isMutant(cfg, M.delayFifo);
  let seconds = delay !== undefined && (!fifo || fifoTakesMessage) ? delay : queue.settings.DelaySeconds;
  if (!fifo && delay !== undefined && isMutant(cfg, M.delayHonoured)) seconds = 0;
  if (delay === undefined && isMutant(cfg, M.delayDefault)) seconds = 0;
  return now + seconds * 1000;
}

function accepted(
  cfg: RefConfig,
  queue: Queue,
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

  const q = queue.state;
  const now = cfg.now().getTime();
  let messageId: string = randomUUID();
  let sequenceNumber: bigint | undefined;
  let queued = true;
  if (group !== undefined && dedupId !== undefined) {
    const previous = q.dedup.get(dedupId);
    if (previous && now - previous.at < DEDUP_WINDOW_MS) {
      // Accepted, not queued again: the first message's id and number.
      messageId = previous.messageId;
      sequenceNumber = previous.sequenceNumber;
      queued = isMutant(cfg, M.dedupNotDelivered);
      if (isMutant(cfg, M.dedupDuplicate)) md5OfBody = previous.md5OfBody;
    } else {
      sequenceNumber = nextSequence(q);
      if (!q.groupFirst.has(group)) q.groupFirst.set(group, sequenceNumber);
      if (isMutant(cfg, M.sequenceIncreasing)) sequenceNumber = q.groupFirst.get(group)!;
      q.dedup.set(dedupId, { at: now, messageId, sequenceNumber, md5OfBody });
    }
    if (isMutant(cfg, M.responseSequenceNumber)) sequenceNumber += 1n << 128n;
  } else if (isMutant(cfg, M.sequenceStandardAbsent)) sequenceNumber = nextSequence(q);
  if (queued) {
    const stored = {
      messageId,
      body: bytes,
      md5OfBody: md5(bytes),
      attributes,
      sentAt: now,
      senderId: cfg.yandex.accessKeyId,
      visibleAt: visibleAt(cfg, queue, delay, now),
      ...(queue.settings.FifoQueue && group !== undefined ? { group } : {}),
      ...(queue.settings.FifoQueue && dedupId !== undefined ? { dedupId } : {}),
      ...(queue.settings.FifoQueue && sequenceNumber !== undefined ? { sequenceNumber: q.dedup.get(dedupId!)?.sequenceNumber ?? sequenceNumber } : {}),
    };
    enqueue(cfg, queue, stored);
  }

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
  async handle(req, cfg) {
    const out = await serve(req, cfg);
    return out instanceof YmqError ? errorResponse(cfg, out) : out;
  },
  mutants: { ...YANDEX_MUTANTS, ...spellingMutants(SPELLINGS, SPELLING_RULES) },
};
