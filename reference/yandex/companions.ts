/**
 * The operations beside SendMessage that let a harness observe what SendMessage did: CreateQueue,
 * GetQueueUrl, DeleteQueue, PurgeQueue, GetQueueAttributes, ReceiveMessage and DeleteMessage
 * (companion-facts A1–A11, PROTOCOL-FACTS §2). reference/yandex.ts verifies the signature and
 * reads Action and Version for them as for SendMessage; each function here checks its own
 * parameters, answering the first problem as a YmqError, and returns the success document.
 * The readings taken where the documents are silent are listed in reference/yandex.ts.
 */
import { randomUUID } from 'node:crypto';
import { isMutant, type RefConfig, type RefRequest } from '../types.js';
import { YmqError } from './errors.js';
import type { Params } from './form.js';
import { md5OfAttributes, type Attribute } from './message.js';
import { M } from './mutants.js';
import {
  addQueue,
  DEFAULT_SETTINGS,
  deletedAt,
  newQueue,
  newReceiptHandle,
  pathForName,
  prune,
  queueByName,
  queueByUrl,
  removeQueue,
  stateOf,
  waitClock,
  waitForSend,
  type Queue,
  type QueueSettings,
  type StoredMessage,
} from './queues.js';
import { DEDUP_WINDOW_MS } from './state.js';

/** The parameters each companion has (its page's table; array parameters numbered from 1). */
export const COMPANION_PARAMETERS: Record<string, RegExp> = {
  CreateQueue: /^(?:QueueName|Attribute\.[1-9]\d*\.(?:Name|Value)|Tag\.[1-9]\d*\.(?:Key|Value))$/,
  GetQueueUrl: /^(?:QueueName|QueueOwnerAWSAccountId)$/,
  DeleteQueue: /^QueueUrl$/,
  PurgeQueue: /^QueueUrl$/,
  GetQueueAttributes: /^(?:QueueUrl|AttributeName\.[1-9]\d*)$/,
  ReceiveMessage: /^(?:QueueUrl|MaxNumberOfMessages|VisibilityTimeout|WaitTimeSeconds|AttributeName\.[1-9]\d*|MessageAttributeName\.[1-9]\d*|ReceiveRequestAttemptId)$/,
  DeleteMessage: /^(?:QueueUrl|ReceiptHandle)$/,
};

/** A success document of one companion: `<{Action}Response>[<{Action}Result>…]<ResponseMetadata>` (YC-API). */
export type Document = Array<string | Buffer>;

const QUEUE_NAME = /^[A-Za-z0-9_-]+$/;
const MAX_QUEUE_NAME = 80;
/** YC-VIS and YC-LIM: 0 s to 12 h (YC-CQ writes "0 to 43000"; read as 43200, see reference/yandex.ts). */
const MAX_VISIBILITY = 43_200;
const MAX_WAIT = 20;
const MAX_RECEIVE = 10;
const PURGE_INTERVAL_MS = 60_000;
const RECREATE_AFTER_MS = 60_000;

/** Text content an XML parser gives back exactly: `&`, `<`, `>` escaped, CR as a reference (it would be read as LF). */
export function xmlText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[c]!);
}

/** Each supplementary-plane character replaced by U+FFFD, as a server that stores text as UCS-2 would lose it. */
function lossy(s: string): string {
  return s.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

function doc(action: string, result: Document | undefined): Document {
  const metadata = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
  return result === undefined ? [`<${action}Response>`, metadata, `</${action}Response>`] : [`<${action}Response><${action}Result>`, ...result, `</${action}Result>`, metadata, `</${action}Response>`];
}

/** Numbered parameters `prefix.1`, `prefix.2`, … in index order, as text. */
function numbered(params: Params, prefix: string): string[] {
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.([1-9]\\d*)$`);
  return params
    .names()
    .map((n) => [n, re.exec(n)?.[1]] as const)
    .filter((x): x is readonly [string, string] => x[1] !== undefined)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([n]) => params.text(n)!);
}

/** A decimal integer in [min, max], undefined when absent; other text or a value out of range is `code`. */
function integer(params: Params, name: string, min: number, max: number, code = 'InvalidParameterValue'): number | undefined | YmqError {
  const v = params.text(name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) return new YmqError(code, `Value ${v} for parameter ${name} is not an integer.`);
  const n = Number(v);
  if (n < min || n > max) return new YmqError(code, `Value ${v} for parameter ${name} is outside ${min}..${max}.`);
  return n;
}

function requireQueue(cfg: RefConfig, params: Params): Queue | YmqError {
  const url = params.text('QueueUrl');
  if (url === undefined) return new YmqError('MissingParameter', 'The request must contain the parameter QueueUrl.');
  return queueByUrl(cfg, url) ?? new YmqError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
}

function queueName(params: Params): string | YmqError {
  const name = params.text('QueueName');
  if (name === undefined) return new YmqError('MissingParameter', 'The request must contain the parameter QueueName.');
  const base = name.endsWith('.fifo') ? name.slice(0, -'.fifo'.length) : name;
  if (name.length > MAX_QUEUE_NAME || !QUEUE_NAME.test(base)) return new YmqError('InvalidParameterValue', `Queue name ${name} must be 1 to ${MAX_QUEUE_NAME} characters of letters, digits, "_" and "-" (a FIFO queue's ending in .fifo).`);
  return name;
}

// ——— Queues ———

type Limits = Record<'DelaySeconds' | 'VisibilityTimeout' | 'MessageRetentionPeriod' | 'MaximumMessageSize' | 'ReceiveMessageWaitTimeSeconds', [number, number]>;

/** YC-CQ's ranges (VisibilityTimeout as YC-VIS / YC-LIM give it). */
const LIMITS: Limits = {
  DelaySeconds: [0, 900],
  VisibilityTimeout: [0, MAX_VISIBILITY],
  MessageRetentionPeriod: [60, 1_209_600],
  MaximumMessageSize: [1024, 262_144],
  ReceiveMessageWaitTimeSeconds: [0, MAX_WAIT],
};

/** CreateQueue's `Attribute.N.Name` / `Attribute.N.Value` as settings; FIFO iff FifoQueue=true. */
function readSettings(params: Params, name: string): QueueSettings | YmqError {
  const given = new Map<string, string>();
  for (const [n, v, i] of numberedPairs(params)) {
    if (n === undefined) return new YmqError('MissingParameter', `Attribute.${i}.Name is missing.`);
    if (v === undefined) return new YmqError('MissingParameter', `Attribute.${i}.Value is missing.`);
    given.set(n, v);
  }
  const settings: QueueSettings = { ...DEFAULT_SETTINGS, FifoQueue: false, ContentBasedDeduplication: false };
  const bool = (n: string, v: string): boolean | YmqError => (v === 'true' ? true : v === 'false' ? false : new YmqError('InvalidAttributeValue', `Attribute ${n} must be true or false, not ${v}.`));
  for (const [n, v] of given) {
    if (Object.hasOwn(LIMITS, n)) {
      const [min, max] = LIMITS[n as keyof Limits];
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) return new YmqError('InvalidAttributeValue', `Attribute ${n} must be an integer from ${min} to ${max}, not ${v}.`);
      settings[n as keyof Limits] = Number(v);
    } else if (n === 'FifoQueue' || n === 'ContentBasedDeduplication') {
      const b = bool(n, v);
      if (b instanceof YmqError) return b;
      settings[n] = b;
    } else if (n === 'RedrivePolicy') settings.RedrivePolicy = v;
    else return new YmqError('InvalidAttributeName', `Unknown or unsupported queue attribute ${n}.`);
  }
  const fifoName = name.endsWith('.fifo');
  if (settings.FifoQueue !== fifoName) {
    return new YmqError('InvalidParameterValue', fifoName ? `Queue ${name} ends in .fifo: it needs the attribute FifoQueue=true.` : `A FIFO queue's name must end in .fifo; ${name} does not.`);
  }
  if (!settings.FifoQueue && given.has('ContentBasedDeduplication')) return new YmqError('InvalidAttributeName', 'ContentBasedDeduplication is an attribute of FIFO queues only.');
  return settings;
}

/** Whether every attribute the request gave has the existing queue's value (moto's reading, companion-facts C3). */
function sameSettings(existing: QueueSettings, asked: QueueSettings, params: Params): boolean {
  const given = numberedPairs(params).map(([n]) => n) as Array<keyof QueueSettings>;
  return given.every((k) => existing[k] === asked[k]);
}

/** `Attribute.N.Name` / `Attribute.N.Value` pairs in index order (a missing half is undefined). */
function numberedPairs(params: Params): Array<[string | undefined, string | undefined, string]> {
  const indexes = new Set(params.names().flatMap((n) => /^Attribute\.([1-9]\d*)\./.exec(n)?.[1] ?? []));
  return [...indexes].sort((a, b) => Number(a) - Number(b)).map((i) => [params.text(`Attribute.${i}.Name`), params.text(`Attribute.${i}.Value`), i]);
}

export function createQueue(cfg: RefConfig, req: RefRequest, params: Params): Document | YmqError {
  const name = queueName(params);
  if (name instanceof YmqError) return name;
  const settings = readSettings(params, name);
  if (settings instanceof YmqError) return settings;
  const now = cfg.now().getTime();
  const existing = queueByName(cfg, name);
  if (existing) {
    if (!sameSettings(existing.settings, settings, params)) return new YmqError('QueueAlreadyExists', `The queue ${name} already exists with other attributes.`);
    return doc('CreateQueue', [`<QueueUrl>${xmlText(existing.url)}</QueueUrl>`]);
  }
  const gone = deletedAt(cfg, name);
  if (gone !== undefined && now - gone < RECREATE_AFTER_MS) return new YmqError('QueueDeletedRecently', `The queue ${name} was deleted less than 60 seconds ago.`);
  const path = pathForName(cfg, name);
  const q = newQueue(name, path, `http://${req.host}${path}`, settings, now);
  addQueue(cfg, q);
  return doc('CreateQueue', [`<QueueUrl>${xmlText(q.url)}</QueueUrl>`]);
}

export function getQueueUrl(cfg: RefConfig, params: Params): Document | YmqError {
  const name = queueName(params);
  if (name instanceof YmqError) return name;
  const q = queueByName(cfg, name);
  if (!q) return new YmqError('AWS.SimpleQueueService.NonExistentQueue', `The queue ${name} does not exist.`);
  return doc('GetQueueUrl', [`<QueueUrl>${xmlText(q.url)}</QueueUrl>`]);
}

/** YC-DQ: deleting a queue that does not exist succeeds. */
export function deleteQueue(cfg: RefConfig, params: Params): Document | YmqError {
  const url = params.text('QueueUrl');
  if (url === undefined) return new YmqError('MissingParameter', 'The request must contain the parameter QueueUrl.');
  const q = queueByUrl(cfg, url);
  if (q) removeQueue(cfg, q);
  return doc('DeleteQueue', undefined);
}

/** YC-PQ: every message in the queue is gone at once (the document allows up to a minute); a second purge within 60 s is 403. */
export function purgeQueue(cfg: RefConfig, params: Params): Document | YmqError {
  const q = requireQueue(cfg, params);
  if (q instanceof YmqError) return q;
  const now = cfg.now().getTime();
  if (q.purgedAt !== undefined && now - q.purgedAt < PURGE_INTERVAL_MS) return new YmqError('PurgeQueueInProgress', 'The queue was purged less than 60 seconds ago.');
  q.purgedAt = now;
  for (const m of q.messages) m.deleted = true;
  prune(q, now);
  return doc('PurgeQueue', undefined);
}

/** YC-GQA's names, in the order `All` reports them; the FIFO two only for a FIFO queue. */
const QUEUE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
] as const;

function queueAttribute(cfg: RefConfig, q: Queue, name: (typeof QUEUE_ATTRIBUTES)[number], now: number): string | undefined {
  const count = (state: ReturnType<typeof stateOf>): string => String(q.messages.filter((m) => stateOf(m, now) === state).length);
  const s = q.settings;
  switch (name) {
    case 'ApproximateNumberOfMessages':
      return count('visible');
    case 'ApproximateNumberOfMessagesDelayed':
      return count('delayed');
    case 'ApproximateNumberOfMessagesNotVisible':
      return count('in-flight');
    case 'CreatedTimestamp':
    case 'LastModifiedTimestamp':
      // Epoch seconds (YC-GQA); no SetQueueAttributes is served, so a queue is last modified when created.
      return String(Math.floor(q.createdAt / 1000));
    case 'QueueArn': {
      // The YC docs' ARN form, yrn:yc:ymq:<region>:<folder id>:<queue name>; the folder is the path's first segment.
      const folder = q.path.split('/')[1] ?? '';
      return `yrn:yc:ymq:${cfg.yandex.region}:${folder}:${q.name}`;
    }
    case 'RedrivePolicy':
      return s.RedrivePolicy;
    case 'FifoQueue':
    case 'ContentBasedDeduplication':
      return s.FifoQueue ? String(s[name]) : undefined;
    default:
      return String(s[name]);
  }
}

export function getQueueAttributes(cfg: RefConfig, params: Params): Document | YmqError {
  const q = requireQueue(cfg, params);
  if (q instanceof YmqError) return q;
  const now = cfg.now().getTime();
  prune(q, now);
  const wanted: Array<(typeof QUEUE_ATTRIBUTES)[number]> = [];
  for (const n of numbered(params, 'AttributeName')) {
    if (n === 'All') wanted.push(...QUEUE_ATTRIBUTES);
    else if ((QUEUE_ATTRIBUTES as readonly string[]).includes(n)) wanted.push(n as (typeof QUEUE_ATTRIBUTES)[number]);
    else return new YmqError('InvalidAttributeName', `Unknown or unsupported queue attribute ${n}.`);
  }
  const out: string[] = [];
  for (const n of new Set(wanted)) {
    const v = queueAttribute(cfg, q, n, now);
    if (v !== undefined) out.push(`<Attribute><Name>${n}</Name><Value>${xmlText(v)}</Value></Attribute>`);
  }
  return doc('GetQueueAttributes', out);
}

// ——— Messages ———

/** YC-RECV's and YC-MSG's system attributes, in the order `All` reports them. */
const MESSAGE_ATTRIBUTES = ['SenderId', 'SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp', 'MessageGroupId', 'MessageDeduplicationId', 'SequenceNumber'] as const;
type MessageAttributeName = (typeof MESSAGE_ATTRIBUTES)[number];

function systemAttribute(m: StoredMessage, name: MessageAttributeName): string | undefined {
  switch (name) {
    case 'SenderId':
      return m.senderId;
    case 'SentTimestamp':
      return String(m.sentAt);
    case 'ApproximateReceiveCount':
      return String(m.receiveCount);
    case 'ApproximateFirstReceiveTimestamp':
      return m.firstReceiveAt === undefined ? undefined : String(m.firstReceiveAt);
    case 'MessageGroupId':
      return m.group;
    case 'MessageDeduplicationId':
      return m.dedupId;
    case 'SequenceNumber':
      return m.sequenceNumber === undefined ? undefined : String(m.sequenceNumber);
  }
}

/** YC-RECV: `All` or `.*` is every attribute, `prefix.*` those starting with `prefix.`, otherwise the exact name. */
function attributeFilter(names: string[]): (name: string) => boolean {
  return (name) =>
    names.some((n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))));
}

/** The messages this receive takes, oldest first (FIFO: one per group, and none of a group whose head is not free). */
function pick(cfg: RefConfig, q: Queue, max: number, now: number): StoredMessage[] {
  const live = q.messages.filter((m) => !m.deleted).sort((a, b) => a.arrival - b.arrival);
  if (!q.settings.FifoQueue) return live.filter((m) => stateOf(m, now) === 'visible').slice(0, max);
  const groups = new Map<string, StoredMessage[]>();
  for (const m of live) groups.set(m.group ?? '', [...(groups.get(m.group ?? '') ?? []), m]);
  // A group whose oldest message is in flight or still delayed gives nothing (send order within the group).
  const free = [...groups.values()].filter((ms) => stateOf(ms[0]!, now) === 'visible');
  // fifo-order mutant: with more than one group to take from, each group's newest visible message instead.
  const newestFirst = isMutant(cfg, M.fifoOrder) && free.length > 1;
  const heads = free.map((ms) => (newestFirst ? ms.filter((m) => stateOf(m, now) === 'visible').at(-1)! : ms[0]!));
  return heads.sort((a, b) => a.arrival - b.arrival).slice(0, max);
}

function messageXml(cfg: RefConfig, m: StoredMessage, handle: string, system: (n: string) => boolean, custom: (n: string) => boolean): Document {
  const out: Document = [`<Message><MessageId>${m.messageId}</MessageId><ReceiptHandle>${handle}</ReceiptHandle><MD5OfBody>${m.md5OfBody}</MD5OfBody><Body>`];
  const body = xmlText(m.body.toString('utf8'));
  out.push(isMutant(cfg, M.bodyReceivedIntact) ? lossy(body) : body, '</Body>');
  for (const n of MESSAGE_ATTRIBUTES) {
    if (!system(n)) continue;
    const v = systemAttribute(m, n);
    if (v !== undefined) out.push(`<Attribute><Name>${n}</Name><Value>${xmlText(v)}</Value></Attribute>`);
  }
  const attrs: Attribute[] = m.attributes.filter((a) => custom(a.name));
  if (attrs.length > 0) {
    // The digest as §2.6 has it: SendMessage's digest mutants break SendMessage's answer, not this one.
    const { mutant: _sendMutant, ...pristine } = cfg;
    out.push(`<MD5OfMessageAttributes>${md5OfAttributes(pristine, attrs)}</MD5OfMessageAttributes>`);
    for (const a of attrs) {
      const dataType = isMutant(cfg, M.attrsReceivedIntact) ? a.dataType.replace(/\..*$/s, '') : a.dataType;
      const value = a.transport === 2 ? `<BinaryValue>${a.value.toString('base64')}</BinaryValue>` : `<StringValue>${xmlText(a.value.toString('utf8'))}</StringValue>`;
      out.push(`<MessageAttribute><Name>${xmlText(a.name)}</Name><Value><DataType>${xmlText(dataType)}</DataType>${value}</Value></MessageAttribute>`);
    }
  }
  out.push('</Message>');
  return out;
}

const ATTEMPT_ID = /^[\x21-\x7e]{1,128}$/;

export async function receiveMessage(cfg: RefConfig, params: Params): Promise<Document | YmqError> {
  const q = requireQueue(cfg, params);
  if (q instanceof YmqError) return q;
  const max = integer(params, 'MaxNumberOfMessages', 1, MAX_RECEIVE);
  if (max instanceof YmqError) return max;
  const visibility = integer(params, 'VisibilityTimeout', 0, MAX_VISIBILITY);
  if (visibility instanceof YmqError) return visibility;
  const wait = integer(params, 'WaitTimeSeconds', 0, MAX_WAIT);
  if (wait instanceof YmqError) return wait;
  const systemNames = numbered(params, 'AttributeName');
  const unknown = systemNames.find((n) => n !== 'All' && !(MESSAGE_ATTRIBUTES as readonly string[]).includes(n));
  if (unknown !== undefined) return new YmqError('InvalidAttributeName', `Unknown message attribute ${unknown}.`);
  const system = attributeFilter(systemNames);
  const custom = attributeFilter(numbered(params, 'MessageAttributeName'));
  const attemptId = params.text('ReceiveRequestAttemptId');
  if (attemptId !== undefined && !ATTEMPT_ID.test(attemptId)) return new YmqError('InvalidParameterValue', 'ReceiveRequestAttemptId must be 1 to 128 characters of letters, digits and punctuation.');

  const render = (received: Array<{ message: StoredMessage; handle: string }>): Document =>
    doc('ReceiveMessage', received.flatMap(({ message, handle }) => messageXml(cfg, message, handle, system, custom)));

  // FIFO: a repeated attempt within 5 minutes gets the same messages and handles while they are still in flight under them.
  if (q.settings.FifoQueue && attemptId !== undefined) {
    const now = cfg.now().getTime();
    const earlier = q.attempts.get(attemptId);
    if (earlier && now - earlier.at < DEDUP_WINDOW_MS && earlier.received.length > 0 && earlier.received.every(({ message, handle }) => message.receiptHandle === handle && stateOf(message, now) === 'in-flight')) {
      return render(earlier.received);
    }
  }

  const clock = waitClock(cfg);
  const deadline = clock.now() + (wait ?? q.settings.ReceiveMessageWaitTimeSeconds) * 1000;
  for (;;) {
    const now = cfg.now().getTime();
    prune(q, now);
    const taken = pick(cfg, q, max ?? 1, now);
    if (taken.length > 0 || clock.now() >= deadline || queueByUrl(cfg, q.url) !== q) {
      const received = taken.map((message) => {
        const handle = newReceiptHandle();
        message.receiveCount += 1;
        message.firstReceiveAt ??= now;
        message.visibleAt = now + (visibility ?? q.settings.VisibilityTimeout) * 1000;
        message.receiptHandle = handle;
        q.handles.set(handle, message);
        return { message, handle };
      });
      if (q.settings.FifoQueue && attemptId !== undefined) q.attempts.set(attemptId, { at: now, received });
      return render(received);
    }
    await waitForSend(cfg, deadline - clock.now());
  }
}

/**
 * YC-DEL: a handle this queue never gave is 400 ReceiptHandleIsInvalid; an older handle of a
 * message succeeds without deleting it ("the request will be successful but the message might not
 * be deleted"); a message already deleted deletes again without error.
 */
export function deleteMessage(cfg: RefConfig, params: Params): Document | YmqError {
  const q = requireQueue(cfg, params);
  if (q instanceof YmqError) return q;
  const handle = params.text('ReceiptHandle');
  if (handle === undefined) return new YmqError('MissingParameter', 'The request must contain the parameter ReceiptHandle.');
  const m = q.handles.get(handle);
  if (!m) return new YmqError('ReceiptHandleIsInvalid', `The receipt handle ${handle} is not valid for this queue.`);
  if (m.receiptHandle === handle) m.deleted = true;
  prune(q, cfg.now().getTime());
  return doc('DeleteMessage', undefined);
}
