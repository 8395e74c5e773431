/**
 * The reference started for a run without a target config: one server, fresh random secrets,
 * and the matching target of every spec, so the harness and the reference agree on entities and
 * keys without anyone typing a secret.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { TargetContext } from '../src/model/request.js';
import type { Credentials } from '../src/sign/index.js';
import { startReference, type RunningReference } from './server.js';
import type { RefConfig } from './types.js';

export interface SpecTarget {
  target: TargetContext;
  credentials: Credentials;
  /** A valid device handle per notification platform. */
  deviceHandles: Record<string, string>;
  /** Facts about the target that rules may require (`tier: standard` enables the Location rule). */
  options: Record<string, string>;
}

export interface Embedded {
  ref: RunningReference;
  config: RefConfig;
  targets: Record<string, SpecTarget>;
}

export const EMBEDDED_ENTITIES = {
  topic: 'orders',
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
  RULEPROBE_DEV_YMQ_ACCESS_KEY_ID: 'AKIDRULEPROBEDEV',
  RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY: 'ruleprobe-dev-secret-access-key',
  RULEPROBE_DEV_NH_SAS_KEY: 'ruleprobe-dev-notification-hubs-sas-key',
} as const;

export function devReferenceConfig(overrides: Partial<Pick<RefConfig, 'mutant' | 'now'>> = {}): RefConfig {
  const cfg = referenceConfig(overrides);
  cfg.serviceBus.issuerKey = DEV_CREDENTIALS.RULEPROBE_DEV_SB_ISSUER_KEY;
  cfg.yandex.accessKeyId = DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_ACCESS_KEY_ID;
  cfg.yandex.secretAccessKey = DEV_CREDENTIALS.RULEPROBE_DEV_YMQ_SECRET_ACCESS_KEY;
  cfg.notificationHubs.key = DEV_CREDENTIALS.RULEPROBE_DEV_NH_SAS_KEY;
  return cfg;
}

/** A target config for a reference at `url`, secrets by the dev variables' names. */
export function devTargetConfigYaml(url: string): string {
  return `# ruleprobe target config for \`ruleprobe serve\` at ${url}
# Secrets are read from the environment; the dev values are printed by \`ruleprobe serve\`.
specs:
  azure-service-bus/send-message:
    baseUrl: ${url}
    entities: { topic: ${EMBEDDED_ENTITIES.topic} }
    credentials: { scheme: wrap, issuer: owner, issuerKey: { env: RULEPROBE_DEV_SB_ISSUER_KEY } }
  yandex-message-queue/send-message:
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
  azure-notification-hubs/direct-send:
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
export type EmbeddedOverrides = Partial<Pick<RefConfig, 'mutant' | 'now'>> & { contentBasedDeduplication?: boolean };

/**
 * The other target options the embedded reference can serve, per spec, with the overrides that
 * make it do so (the default target serves the first value of each): a rule that requires one
 * is SKIP against the default and runs against a reference started with these overrides.
 */
export const EMBEDDED_OPTION_VARIANTS: Record<string, Array<{ options: Record<string, string>; overrides: EmbeddedOverrides }>> = {
  'yandex-message-queue/send-message': [{ options: { contentBasedDeduplication: 'on' }, overrides: { contentBasedDeduplication: true } }],
};

export function referenceConfig(overrides: EmbeddedOverrides = {}): RefConfig {
  const { contentBasedDeduplication, ...rest } = overrides;
  return {
    serviceBus: { topics: [EMBEDDED_ENTITIES.topic], issuer: 'owner', issuerKey: randomBytes(32).toString('base64') },
    yandex: {
      queues: [],
      accessKeyId: `AKID${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      region: 'ru-central1',
      service: 'sqs',
      ...(contentBasedDeduplication !== undefined ? { contentBasedDeduplication } : {}),
    },
    notificationHubs: { hubs: [EMBEDDED_ENTITIES.hub], keyName: 'DefaultFullSharedAccessSignature', key: randomBytes(32).toString('base64'), tier: 'standard' },
    now: () => new Date(),
    ...rest,
  };
}

/** The harness's view of a reference at `url` configured with `cfg`. */
export function targetsFor(url: string, cfg: RefConfig): Record<string, SpecTarget> {
  cfg.yandex.queues = [`${url}${EMBEDDED_ENTITIES.standardQueuePath}`, `${url}${EMBEDDED_ENTITIES.fifoQueuePath}`];
  return {
    'azure-service-bus/send-message': {
      target: { baseUrl: url, entities: { topic: EMBEDDED_ENTITIES.topic } },
      credentials: { scheme: 'wrap', issuer: cfg.serviceBus.issuer, issuerKey: cfg.serviceBus.issuerKey },
      deviceHandles: {},
      options: {},
    },
    'yandex-message-queue/send-message': {
      target: { baseUrl: url, entities: { 'standard-queue': cfg.yandex.queues[0]!, 'fifo-queue': cfg.yandex.queues[1]! } },
      credentials: { scheme: 'sigv4', accessKeyId: cfg.yandex.accessKeyId, secretAccessKey: cfg.yandex.secretAccessKey, region: cfg.yandex.region, service: cfg.yandex.service },
      deviceHandles: {},
      options: { contentBasedDeduplication: cfg.yandex.contentBasedDeduplication === true ? 'on' : 'off' },
    },
    'azure-notification-hubs/direct-send': {
      target: { baseUrl: url, entities: { hub: EMBEDDED_ENTITIES.hub } },
      credentials: { scheme: 'sas', keyName: cfg.notificationHubs.keyName, key: cfg.notificationHubs.key },
      deviceHandles: { ...DEVICE_HANDLES },
      options: { tier: cfg.notificationHubs.tier },
    },
  };
}

export async function startEmbedded(overrides: EmbeddedOverrides = {}): Promise<Embedded> {
  const config = referenceConfig(overrides);
  const ref = await startReference(config);
  return { ref, config, targets: targetsFor(ref.url, config) };
}

/**
 * The embedded reference in a worker thread, as a loopback target of its own: the runner's event
 * loop then serves only the runner. The clock is the worker's (a fixed clock needs startEmbedded).
 */
export async function startEmbeddedThread(overrides: Partial<Pick<RefConfig, 'mutant'>> = {}): Promise<Embedded> {
  const config = referenceConfig(overrides);
  // Functions do not cross into a worker: the clock stays behind, the worker uses its own.
  const data: Omit<RefConfig, 'now'> & { now?: unknown } = { ...config };
  delete data.now;
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { ...data, port: 0, host: '127.0.0.1' } });
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
