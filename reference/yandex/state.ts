/**
 * What a queue remembers between sends: FIFO deduplication ids (5-minute window, PROTOCOL-FACTS
 * §2.7) and sequence numbers. One state per configuration object, so each reference (and each
 * mutant run) starts empty.
 */
import type { RefConfig } from '../types.js';

export const DEDUP_WINDOW_MS = 5 * 60 * 1000;

export interface SentMessage {
  at: number;
  messageId: string;
  sequenceNumber: bigint;
  md5OfBody: string;
}

interface QueueState {
  /** Last number handed out in this queue; each send takes a larger one, so every group's numbers increase. */
  sequence: bigint;
  dedup: Map<string, SentMessage>;
  /** First number of each group (the `sequence-number-increasing` mutant repeats it). */
  groupFirst: Map<string, bigint>;
}

const STATES = new WeakMap<RefConfig, Map<string, QueueState>>();

/** Sequence numbers start high, as the service's 20-digit ones do, and stay within 64 bits. */
const FIRST_SEQUENCE = 18_000_000_000_000_000_000n;

export function queueState(cfg: RefConfig, queuePath: string): QueueState {
  let queues = STATES.get(cfg);
  if (!queues) STATES.set(cfg, (queues = new Map()));
  let q = queues.get(queuePath);
  if (!q) queues.set(queuePath, (q = { sequence: FIRST_SEQUENCE, dedup: new Map(), groupFirst: new Map() }));
  return q;
}

/** The next sequence number: strictly larger than any before it in the queue, with gaps as the service has. */
export function nextSequence(q: QueueState): bigint {
  q.sequence += 1n + BigInt(Math.floor(Math.random() * 16));
  return q.sequence;
}
