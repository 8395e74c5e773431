/**
 * The embedded reference implementation: one HTTP server serving the three operations as the
 * documents describe them, written from the documents (seeds + PROTOCOL-FACTS), never by
 * reading spec files — so it is an independent oracle for the harness.
 */

export interface RefRequest {
  method: string;
  /** Path as sent, still percent-encoded (`/orders%2Fa/messages`). */
  rawPath: string;
  /** Query string as sent, without `?` (`direct&api-version=2015-04`). */
  rawQuery: string;
  /** Host header as sent (`127.0.0.1:8080`). */
  host: string;
  /** Header names lowercased; values as latin1 strings (bytes one-to-one). */
  headers: Record<string, string>;
  /** Header names as sent, in order (only the header-name-case mutant reads their letter case). */
  headerNames?: string[];
  body: Buffer;
}

export interface RefResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Which document an operation serves: `seed`, the seed document as written, or `live`, the live
 * service as PROTOCOL-FACTS records it (§1.6, §2.4–2.8, §3.2, §4) and its real SDKs send to it.
 */
export type RefProfile = 'seed' | 'live';

export interface ServiceBusConfig {
  /** `seed` when absent. */
  profile?: RefProfile;
  /** Topic paths served (`orders`, `a/b`). */
  topics: string[];
  /** Queue paths served; the live service takes queues as well as topics (PROTOCOL-FACTS §1.2). */
  queues: string[];
  /** The ACS issuer whose key signs SWTs (base64, HMAC-SHA256 over the decoded bytes): seed profile. */
  issuer: string;
  issuerKey: string;
  /** The namespace's SAS rule (PROTOCOL-FACTS §4): live profile. */
  sas: { keyName: string; key: string };
}

export interface YandexConfig {
  /** `seed` when absent. */
  profile?: RefProfile;
  /** Queue URLs served; a name ending in `.fifo` is a FIFO queue. */
  queues: string[];
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  /** Whether the FIFO queues deduplicate by content (PROTOCOL-FACTS §2.7): a send without MessageDeduplicationId gets the body's SHA-256 as its id. */
  contentBasedDeduplication?: boolean;
}

export interface NotificationHubsConfig {
  /** `seed` when absent. */
  profile?: RefProfile;
  hubs: string[];
  keyName: string;
  /** The SAS key string as given (its UTF-8 bytes are the HMAC key). */
  key: string;
  /** `standard` adds the Location header (Standard tier only). */
  tier: 'standard' | 'basic';
  /**
   * The MPNS format spellings served (default both, `windows phone` and `windowsphone`): a variant
   * that knows one spelling, as a service written from one revision of the page would.
   */
  mpnsSpellings?: string[];
}

export interface RefConfig {
  serviceBus: ServiceBusConfig;
  yandex: YandexConfig;
  notificationHubs: NotificationHubsConfig;
  /** A mutant breaks exactly one documented behaviour; its name is the id of the rule it breaks. */
  mutant?: string;
  /** The server's clock (tests fix it). */
  now: () => Date;
  /**
   * What the server's waits (long polling) are measured on: real time unless given. A test on a
   * virtual clock gives it here, and `now` reads the same time.
   */
  clock?: RefClock;
}

/** A clock the server can wait on: epoch ms, and a wait of `ms` on it. */
export interface RefClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** One operation of the reference. */
export interface OperationHandler {
  name: string;
  /** Whether this request is for this operation (by method, path and query). */
  matches(req: RefRequest, cfg: RefConfig): boolean;
  handle(req: RefRequest, cfg: RefConfig): RefResponse | Promise<RefResponse>;
  /** Mutants this operation implements: name (= the rule id it breaks) → what it does wrong. */
  mutants: Record<string, string>;
}

export function isMutant(cfg: RefConfig, name: string): boolean {
  return cfg.mutant === name;
}
