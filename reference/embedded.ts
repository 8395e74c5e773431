/**
 * The reference started for a run without a target config: one server, fresh random secrets,
 * and the matching target of every spec, so the harness and the reference agree on entities and
 * keys without anyone typing a secret.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../src/model/clock.js';
import type { TargetContext } from '../src/model/request.js';
import type { Credentials } from '../src/sign/index.js';
import { startReference, type RunningReference } from './server.js';
import type { RefConfig, RefProfile } from './types.js';

/** The reference's operations, each serving one profile. */
export type ReferenceOperation = 'serviceBus' | 'yandex' | 'notificationHubs';

/** One profile for every operation, or one per operation (the others serve `seed`). */
export type ReferenceProfiles = RefProfile | Partial<Record<ReferenceOperation, RefProfile>>;

export interface ReferenceOptions {
  mutant?: string;
  now?: () => Date;
  /** The clock the reference reads (unless `now` is given) and long-polls on: real time unless given (a test's virtual clock, shared with its run's `clock`). */
  clock?: Clock;
  /** `seed` unless given. */
  profile?: ReferenceProfiles;
  /** Whether the FIFO queues deduplicate by content (the default target: off). */
  contentBasedDeduplication?: boolean;
}

/** The spec each operation of the reference serves. */
export const REFERENCE_SPECS: Record<ReferenceOperation, string> = {
  serviceBus: 'azure-service-bus/send-message',
  yandex: 'yandex-message-queue/send-message',
  notificationHubs: 'azure-notification-hubs/direct-send',
};

/**
 * The reference profiles for a run's profile per spec id: `live` where the run asks for `live`,
 * `seed` for every other name (a user's own profile of a shipped spec has no reference mode).
 */
export function referenceProfiles(bySpec: Readonly<Record<string, string>>): Record<ReferenceOperation, RefProfile> {
  const out = {} as Record<ReferenceOperation, RefProfile>;
  for (const [op, spec] of Object.entries(REFERENCE_SPECS) as Array<[ReferenceOperation, string]>) out[op] = bySpec[spec] === 'live' ? 'live' : 'seed';
  return out;
}

function profileOf(profile: ReferenceProfiles | undefined, op: ReferenceOperation): RefProfile {
  if (profile === undefined) return 'seed';
  return typeof profile === 'string' ? profile : (profile[op] ?? 'seed');
}

export interface SpecTarget {
  target: TargetContext;
  credentials: Credentials;
  /** A valid device handle per notification platform. */
  deviceHandles: Record<string, string>;
  /** Facts about the target that rules may require (`tier: standard` enables the Location rule). */
  options: Record<string, string>;
  /** Seconds for the spec's named timings where the reference needs other values than the spec's defaults. */
  timings?: Record<string, number>;
}

export interface Embedded {
  ref: RunningReference;
  config: RefConfig;
  targets: Record<string, SpecTarget>;
}

export const EMBEDDED_ENTITIES = {
  topic: 'orders',
  /** Live Service Bus takes queues too (PROTOCOL-FACTS §1.2). */
  queue: 'ruleprobe-queue',
  hub: 'ruleprobe-hub',
  standardQueuePath: '/b1gruleprobe/dj6ruleprobe/ruleprobe-queue',
  fifoQueuePath: '/b1gruleprobe/dj6ruleprobe/ruleprobe-queue.fifo',
} as const;

const DEVICE_HANDLES: Record<string, string> = {
  windows: 'https://db5.notify.windows.com/?token=AwYAAADRuleprobe',
  apple: 'a'.repeat(64),
  gcm: 'ruleprobe-gcm-registration-id',
  'windows phone': 'http://s.notify.live.net/u/1/db5/ruleprobe',
  adm: 'amzn1.adm-registration.v3.ruleprobe',
  nokiax: 'ruleprobe-nokiax-registration-id',
  baidu: 'ruleprobe-baidu-user-id-channel-id',
};

/**
 * Well-known development credentials of `ruleprobe serve` — published in the README like the
 * dev keys of other local emulators, so they are no secret and may be printed.
 */
export const DEV_CREDENTIALS = {
  RULEPROBE_DEV_SB_ISSUER_KEY: Buffer.from('ruleprobe-dev-service-bus-issuer-key-32b').toString('base64'),
  RULEPROBE_DEV_SB_SAS_KEY: 'ruleprobe-dev-service-bus-sas-key',
  RULEPROBE_DEV_YMQ_ACCESS_KEY_ID: 'AKIDRULEPROBEDEV',
  RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY: 'ruleprobe-dev-secret-access-key',
  RULEPROBE_DEV_NH_SAS_KEY: 'ruleprobe-dev-notification-hubs-sas-key',
} as const;

export function devReferenceConfig(overrides: ReferenceOptions = {}): RefConfig {
  const cfg = referenceConfig(overrides);
  cfg.serviceBus.issuerKey = DEV_CREDENTIALS.RULEPROBE_DEV_SB_ISSUER_KEY;
  cfg.serviceBus.sas.key = DEV_CREDENTIALS.RULEPROBE_DEV_SB_SAS_KEY;
  cfg.yandex.accessKeyId = DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_ACCESS_KEY_ID;
  cfg.yandex.secretAccessKey = DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY;
  cfg.notificationHubs.key = DEV_CREDENTIALS.RULEPROBE_DEV_NH_SAS_KEY;
  return cfg;
}

/**
 * A target config for a reference at `url`, secrets by the dev variables' names. A spec whose
 * operation serves `live` gets `profile: live` and the live credentials.
 */
export function devTargetConfigYaml(url: string, profile?: ReferenceProfiles): string {
  const live = (op: ReferenceOperation): boolean => profileOf(profile, op) === 'live';
  const profileLine = (op: ReferenceOperation): string => (live(op) ? '\n    profile: live' : '');
  const serviceBus = live('serviceBus')
    ? `entities: { topic: ${EMBEDDED_ENTITIES.topic}, queue: ${EMBEDDED_ENTITIES.queue} }
    credentials: { scheme: sas, keyName: ${SB_SAS_KEY_NAME}, key: { env: RULEPROBE_DEV_SB_SAS_KEY } }`
    : `entities: { topic: ${EMBEDDED_ENTITIES.topic} }
    credentials: { scheme: wrap, issuer: owner, issuerKey: { env: RULEPROBE_DEV_SB_ISSUER_KEY } }`;
  return `# ruleprobe target config for \`ruleprobe serve\` at ${url}
# Secrets are read from the environment; the dev values are printed by \`ruleprobe serve\`.
specs:
  azure-service-bus/send-message:${profileLine('serviceBus')}
    baseUrl: ${url}
    ${serviceBus}
  yandex-message-queue/send-message:${profileLine('yandex')}
    baseUrl: ${url}
    entities:
      standard-queue: ${url}${EMBEDDED_ENTITIES.standardQueuePath}
      fifo-queue: ${url}${EMBEDDED_ENTITIES.fifoQueuePath}
    credentials:
      scheme: sigv4
      accessKeyId: { env: RULEPROBE_DEV_YMQ_ACCESS_KEY_ID }
      secretAccessKey: { env: RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY }
      region: ru-central1
      service: sqs
    options: { contentBasedDeduplication: "off" }
  azure-notification-hubs/direct-send:${profileLine('notificationHubs')}
    baseUrl: ${url}
    entities: { hub: ${EMBEDDED_ENTITIES.hub} }
    credentials: { scheme: sas, keyName: DefaultFullSharedAccessSignature, key: { env: RULEPROBE_DEV_NH_SAS_KEY } }
    deviceHandles:
${Object.entries(DEVICE_HANDLES)
  .map(([k, v]) => `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  .join('\n')}
    options: { tier: standard }
`;
}

/** What a test may change of the embedded reference: a mutant, the clock, and how its FIFO queues deduplicate. */
export type EmbeddedOverrides = ReferenceOptions;

/**
 * The other target options the embedded reference can serve, per spec, with the overrides that
 * make it do so (the default target serves the first value of each): a rule that requires one
 * is SKIP against the default and runs against a reference started with these overrides.
 */
export const EMBEDDED_OPTION_VARIANTS: Record<string, Array<{ options: Record<string, string>; overrides: EmbeddedOverrides }>> = {
  'yandex-message-queue/send-message': [{ options: { contentBasedDeduplication: 'on' }, overrides: { contentBasedDeduplication: true } }],
};

/** The namespace-level SAS rule of the live Service Bus (PROTOCOL-FACTS §4's default rule name). */
export const SB_SAS_KEY_NAME = 'RootManageSharedAccessKey';

/** A reference configuration with fresh random secrets; `profile` picks what each operation serves. */
export function referenceConfig(options: ReferenceOptions = {}): RefConfig {
  const { profile, ...overrides } = options;
  return {
    serviceBus: {
      profile: profileOf(profile, 'serviceBus'),
      topics: [EMBEDDED_ENTITIES.topic],
      queues: [EMBEDDED_ENTITIES.queue],
      issuer: 'owner',
      issuerKey: randomBytes(32).toString('base64'),
      sas: { keyName: SB_SAS_KEY_NAME, key: randomBytes(32).toString('base64') },
    },
    yandex: {
      profile: profileOf(profile, 'yandex'),
      queues: [],
      accessKeyId: `AKID${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      region: 'ru-central1',
      service: 'sqs',
      ...(overrides.contentBasedDeduplication !== undefined ? { contentBasedDeduplication: overrides.contentBasedDeduplication } : {}),
    },
    notificationHubs: { profile: profileOf(profile, 'notificationHubs'), hubs: [EMBEDDED_ENTITIES.hub], keyName: 'DefaultFullSharedAccessSignature', key: randomBytes(32).toString('base64'), tier: 'standard' },
    now: () => new Date(),
    ...(overrides.mutant !== undefined ? { mutant: overrides.mutant } : {}),
    ...(overrides.clock ? { now: () => new Date(overrides.clock!.now()), clock: overrides.clock } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
  };
}

/** The harness's view of a reference at `url` configured with `cfg`. */
export function targetsFor(url: string, cfg: RefConfig): Record<string, SpecTarget> {
  cfg.yandex.queues = [`${url}${EMBEDDED_ENTITIES.standardQueuePath}`, `${url}${EMBEDDED_ENTITIES.fifoQueuePath}`];
  return {
    'azure-service-bus/send-message':
      cfg.serviceBus.profile === 'live'
        ? {
            // Live: SAS for the namespace's rule, and a queue beside the topic.
            target: { baseUrl: url, entities: { topic: cfg.serviceBus.topics[0]!, queue: cfg.serviceBus.queues[0]! } },
            credentials: { scheme: 'sas', keyName: cfg.serviceBus.sas.keyName, key: cfg.serviceBus.sas.key },
            deviceHandles: {},
            options: {},
          }
        : {
            target: { baseUrl: url, entities: { topic: cfg.serviceBus.topics[0]! } },
            credentials: { scheme: 'wrap', issuer: cfg.serviceBus.issuer, issuerKey: cfg.serviceBus.issuerKey },
            deviceHandles: {},
            options: {},
          },
    'yandex-message-queue/send-message': {
      target: { baseUrl: url, entities: { 'standard-queue': cfg.yandex.queues[0]!, 'fifo-queue': cfg.yandex.queues[1]! } },
      credentials: { scheme: 'sigv4', accessKeyId: cfg.yandex.accessKeyId, secretAccessKey: cfg.yandex.secretAccessKey, region: cfg.yandex.region, service: cfg.yandex.service },
      deviceHandles: {},
      options: { contentBasedDeduplication: cfg.yandex.contentBasedDeduplication === true ? 'on' : 'off' },
      // The reference delivers a message at once and never delivers a duplicate: a message that
      // must arrive is there at the first receive, and one that must not never comes, so 1.5 s of
      // watching decides as much as the spec's default 3 s, at no risk under load. The delays keep
      // the spec's defaults (their margin is what a loaded machine needs).
      timings: { settle: 1.5 },
    },
    'azure-notification-hubs/direct-send': {
      target: { baseUrl: url, entities: { hub: EMBEDDED_ENTITIES.hub } },
      credentials: { scheme: 'sas', keyName: cfg.notificationHubs.keyName, key: cfg.notificationHubs.key },
      deviceHandles: { ...DEVICE_HANDLES },
      options: { tier: cfg.notificationHubs.tier },
    },
  };
}

export async function startEmbedded(overrides: ReferenceOptions = {}): Promise<Embedded> {
  const config = referenceConfig(overrides);
  const ref = await startReference(config);
  return { ref, config, targets: targetsFor(ref.url, config) };
}

/**
 * The embedded reference in a worker thread, as a loopback target of its own: the runner's event
 * loop then serves only the runner. The clock is the worker's (a fixed clock needs startEmbedded).
 */
export async function startEmbeddedThread(overrides: Omit<ReferenceOptions, 'now' | 'clock'> = {}): Promise<Embedded> {
  const config = referenceConfig(overrides);
  // Functions do not cross into a worker: the clock stays behind, the worker uses its own.
  const data: Omit<RefConfig, 'now' | 'clock'> & { now?: unknown; clock?: unknown } = { ...config };
  delete data.now;
  delete data.clock;
  const worker = new Worker(new URL(import.meta.url.endsWith('.ts') ? './worker.js' : './worker-main.js', import.meta.url), { workerData: { ...data, port: 0, host: '127.0.0.1' } });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { url } = await next<{ url: string }>();
  const targets = targetsFor(url, config);
  worker.postMessage({ type: 'queues', queues: config.yandex.queues });
  await next();
  const ref = {
    url,
    close: async (): Promise<void> => {
      worker.postMessage({ type: 'close' });
      await next();
      await worker.terminate();
    },
  };
  return { ref, config, targets };
}
