/**
 * The queues of one reference configuration and the messages in them: what SendMessage stores and
 * ReceiveMessage, DeleteMessage, PurgeQueue and GetQueueAttributes read (companion-facts A1–A11).
 *
 * One store per configuration object, as the FIFO state always was, so each reference (and each
 * mutant run) starts empty. The configured queues (`cfg.yandex.queues`) join the store the first
 * time it is read after they are configured (the worker thread sets them after it starts); a
 * configured queue that is deleted stays deleted. Queues are found by the path of their URL
 * (hosts are not compared), as SendMessage always found the configured ones.
 *
 * Time is `cfg.now()` everywhere (a test may fix or step it); long polling waits on `cfg.clock`,
 * real time unless a test gives its clock.
 */
import { randomBytes } from 'node:crypto';
import type { RefClock, RefConfig } from '../types.js';
import type { Attribute } from './message.js';
import { newQueueState, type QueueState } from './state.js';

/** The queue attributes CreateQueue takes and GetQueueAttributes reports (YC-CQ, YC-GQA). */
export interface QueueSettings {
  DelaySeconds: number;
  VisibilityTimeout: number;
  MessageRetentionPeriod: number;
  MaximumMessageSize: number;
  ReceiveMessageWaitTimeSeconds: number;
  /** Kept and reported as given; no dead-letter queue is served (no message moves by it). */
  RedrivePolicy?: string;
  FifoQueue: boolean;
  ContentBasedDeduplication: boolean;
}

/** YC-CQ's defaults (and YC-GQA's example values). */
export const DEFAULT_SETTINGS: Omit<QueueSettings, 'FifoQueue' | 'ContentBasedDeduplication'> = {
  DelaySeconds: 0,
  VisibilityTimeout: 30,
  MessageRetentionPeriod: 345_600,
  MaximumMessageSize: 262_144,
  ReceiveMessageWaitTimeSeconds: 0,
};

export interface StoredMessage {
  /** Arrival order in the store (oldest first). */
  arrival: number;
  messageId: string;
  /** The body's bytes (valid UTF-8: SendMessage checked it), read back as text at each receive. */
  body: Buffer;
  md5OfBody: string;
  attributes: Attribute[];
  /** Epoch ms. */
  sentAt: number;
  senderId: string;
  group?: string;
  dedupId?: string;
  sequenceNumber?: bigint;
  /** Epoch ms from which the message may be received: the end of its delay, then of each visibility timeout. */
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** The latest ReceiptHandle (companion-facts A2: each receive assigns a new one). */
  receiptHandle?: string;
  deleted: boolean;
}

export interface Queue {
  name: string;
  /** URL path, without a trailing slash: the key the store finds the queue by. */
  path: string;
  /** The URL CreateQueue and GetQueueUrl answer. */
  url: string;
  settings: QueueSettings;
  /** Epoch ms. */
  createdAt: number;
  state: QueueState;
  messages: StoredMessage[];
  /** Every ReceiptHandle handed out in this queue → its message (an older one no longer deletes it). */
  handles: Map<string, StoredMessage>;
  /** FIFO ReceiveRequestAttemptId → what that attempt received (companion-facts A11, 5 minutes). */
  attempts: Map<string, { at: number; received: Array<{ message: StoredMessage; handle: string }> }>;
  /** Epoch ms of the last PurgeQueue (403 PurgeQueueInProgress within 60 s, YC-PQ). */
  purgedAt?: number;
}

interface Store {
  queues: Map<string, Queue>;
  /** Configured URLs already taken in (so a deleted configured queue is not taken in again). */
  seenConfigured: Set<string>;
  /** Queue name → epoch ms of its deletion (YC-CQ: the name is free again after 60 seconds). */
  deletedAt: Map<string, number>;
  arrivals: number;
  /** Long polls waiting for a message. */
  waiters: Set<() => void>;
}

const STORES = new WeakMap<RefConfig, Store>();

export function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function newQueue(name: string, path: string, url: string, settings: QueueSettings, now: number): Queue {
  return { name, path, url, settings, createdAt: now, state: newQueueState(), messages: [], handles: new Map(), attempts: new Map() };
}

function store(cfg: RefConfig): Store {
  let s = STORES.get(cfg);
  if (!s) STORES.set(cfg, (s = { queues: new Map(), seenConfigured: new Set(), deletedAt: new Map(), arrivals: 0, waiters: new Set() }));
  for (const url of cfg.yandex.queues) {
    if (s.seenConfigured.has(url)) continue;
    s.seenConfigured.add(url);
    const path = pathOf(url);
    if (path === undefined || path === '' || s.queues.has(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const fifo = name.endsWith('.fifo');
    const settings: QueueSettings = { ...DEFAULT_SETTINGS, FifoQueue: fifo, ContentBasedDeduplication: fifo && cfg.yandex.contentBasedDeduplication === true };
    s.queues.set(path, newQueue(name, path, url, settings, cfg.now().getTime()));
  }
  return s;
}

/** The queue at the path of `url`, if it exists. */
export function queueByUrl(cfg: RefConfig, url: string): Queue | undefined {
  const path = pathOf(url);
  return path === undefined || path === '' ? undefined : store(cfg).queues.get(path);
}

export function queueByName(cfg: RefConfig, name: string): Queue | undefined {
  return [...store(cfg).queues.values()].find((q) => q.name === name);
}

/**
 * The path a created queue gets: the folder of the first configured queue (its path without the
 * last segment) and the name, so a created queue looks like the configured ones. YC-CQ's URLs are
 * /<folder-id>/<queue-id>/<name>; the folder here stands for both ids.
 */
export function pathForName(cfg: RefConfig, name: string): string {
  const first = cfg.yandex.queues.map(pathOf).find((p) => p !== undefined && p !== '');
  const folder = first === undefined ? '' : first.slice(0, first.lastIndexOf('/'));
  return `${folder}/${name}`;
}

export function addQueue(cfg: RefConfig, q: Queue): void {
  store(cfg).queues.set(q.path, q);
}

export function removeQueue(cfg: RefConfig, q: Queue): void {
  const s = store(cfg);
  if (s.queues.get(q.path) !== q) return;
  s.queues.delete(q.path);
  s.deletedAt.set(q.name, cfg.now().getTime());
}

export function deletedAt(cfg: RefConfig, name: string): number | undefined {
  return store(cfg).deletedAt.get(name);
}

/** Stores a message and wakes the long polls. */
export function enqueue(cfg: RefConfig, q: Queue, m: Omit<StoredMessage, 'arrival' | 'receiveCount' | 'deleted'>): StoredMessage {
  const s = store(cfg);
  // Copies of the bytes: the request's buffers (a body is a view into them) are not kept alive by
  // the message, so a queue holds what its messages are, not every request they came in.
  const body = Buffer.from(m.body);
  const attributes = m.attributes.map((a) => ({ ...a, value: Buffer.from(a.value) }));
  const stored: StoredMessage = { ...m, body, attributes, arrival: s.arrivals++, receiveCount: 0, deleted: false };
  q.messages.push(stored);
  for (const wake of [...s.waiters]) wake();
  return stored;
}

/** Drops deleted messages and those older than the retention period. */
export function prune(q: Queue, now: number): void {
  const keepUntil = now - q.settings.MessageRetentionPeriod * 1000;
  q.messages = q.messages.filter((m) => !m.deleted && m.sentAt > keepUntil);
}

export function newReceiptHandle(): string {
  return randomBytes(24).toString('base64url');
}

const REAL_TIME: RefClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))) };

/** What long polling measures and waits on: the configured clock, else real time. */
export function waitClock(cfg: RefConfig): RefClock {
  return cfg.clock ?? REAL_TIME;
}

/**
 * Waits until a message is sent to the store or `ms` pass, whichever comes first; a delayed or
 * invisible message becoming visible is noticed by the caller polling again, so the wait is also
 * cut to `maxSliceMs`. On a configured clock the wait is that clock's slice alone (a send during
 * it is seen at the next look).
 */
export function waitForSend(cfg: RefConfig, ms: number, maxSliceMs = 100): Promise<void> {
  const slice = Math.max(0, Math.min(ms, maxSliceMs));
  if (cfg.clock) return cfg.clock.sleep(slice);
  const s = store(cfg);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      s.waiters.delete(done);
      resolve();
    };
    const timer = setTimeout(done, slice);
    s.waiters.add(done);
  });
}

/** State of one message at `now` (YC-MSGC: in the queue, in processing, deleted; plus delayed). */
export function stateOf(m: StoredMessage, now: number): 'visible' | 'delayed' | 'in-flight' | 'deleted' {
  if (m.deleted) return 'deleted';
  if (m.visibleAt <= now) return 'visible';
  return m.receiveCount > 0 ? 'in-flight' : 'delayed';
}
