/**
 * What a queue remembers between sends: FIFO deduplication ids (5-minute window, PROTOCOL-FACTS
 * §2.7) and sequence numbers. Each queue of the store (reference/yandex/queues.ts) has its own,
 * so each reference (and each mutant run, and a queue created again) starts empty.
 */

export const DEDUP_WINDOW_MS = 5 * 60 * 1000;

export interface SentMessage {
  at: number;
  messageId: string;
  sequenceNumber: bigint;
  md5OfBody: string;
}

export interface QueueState {
  /** Last number handed out in this queue; each send takes a larger one, so every group's numbers increase. */
  sequence: bigint;
  dedup: Map<string, SentMessage>;
  /** First number of each group (the `sequence-number-increasing` mutant repeats it). */
  groupFirst: Map<string, bigint>;
}

/** Sequence numbers start high, as the service's 20-digit ones do, and stay within 64 bits. */
const FIRST_SEQUENCE = 18_000_000_000_000_000_000n;

export function newQueueState(): QueueState {
  return { sequence: FIRST_SEQUENCE, dedup: new Map(), groupFirst: new Map() };
}

/** The next sequence number: strictly larger than any before it in the queue, with gaps as the service has. */
export function nextSequence(q: QueueState): bigint {
  q.sequence += 1n + BigInt(Math.floor(Math.random() * 16));
  return q.sequence;
}
