/**
 * One compatibility run: a server started on loopback, a standard and a FIFO queue created, a
 * target config written for them, and the Yandex spec run through the engine with a fixed seed
 * and number of runs, as `ruleprobe run --target … --seed … --runs …` does. The server is
 * stopped whatever happens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecs } from '../../specs/loader.js';
import { resolvePlan } from '../../src/plan/resolve.js';
import { runPlan, type Plan } from '../../src/runner/engine.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';
import { createQueue, type QueueCredentials } from './queues.js';
import type { Available } from './servers.js';

export const SPEC_ID = 'yandex-message-queue/send-message';
/** Fixed, so the same server gives the same verdicts; changing them means regenerating the known failures. */
export const SEED = 1;
export const RUNS = 10;

const CREDENTIALS: QueueCredentials = { accessKeyId: 'AKIDRULEPROBECOMPAT', secretAccessKey: 'ruleprobe-compat-secret', region: 'us-east-1', service: 'sqs' };
const ENV = { RP_COMPAT_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, RP_COMPAT_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };

export const QUEUES = {
  'standard-queue': { name: 'ruleprobe-standard', attributes: {} },
  // Content-based deduplication off: a FIFO send then needs MessageDeduplicationId, which the FIFO rules are about.
  'fifo-queue': { name: 'ruleprobe-fifo.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' } },
} as const;
/**
 * A second FIFO queue, with content-based deduplication on, for the rules that require
 * `contentBasedDeduplication: on`: they run in a second pass whose target config names this
 * queue as its fifo-queue and declares the option; the first pass skips them.
 */
export const CONTENT_BASED_QUEUE = { name: 'ruleprobe-content-based.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } } as const;

export interface CompatRun {
  server: Available;
  /** The target config the run used (no secrets: they are environment references). */
  targetConfig: string;
  records: VerdictRecord[];
}

export function targetConfigText(baseUrl: string, entities: Record<keyof typeof QUEUES, string>, contentBasedDeduplication: 'off' | 'on' = 'off'): string {
  return [
    'specs:',
    `  ${SPEC_ID}:`,
    `    baseUrl: ${baseUrl}`,
    '    entities:',
    ...Object.entries(entities).map(([kind, url]) => `      ${kind}: ${url}`),
    '    credentials:',
    '      scheme: sigv4',
    '      accessKeyId: { env: RP_COMPAT_ACCESS_KEY_ID }',
    '      secretAccessKey: { env: RP_COMPAT_SECRET_ACCESS_KEY }',
    `      region: ${CREDENTIALS.region}`,
    `      service: ${CREDENTIALS.service}`,
    `    # the FIFO queue is created with ContentBasedDeduplication ${contentBasedDeduplication === 'on' ? 'true (CONTENT_BASED_QUEUE)' : 'false (QUEUES)'}`,
    `    options: { contentBasedDeduplication: "${contentBasedDeduplication}" }`,
    '',
  ].join('\n');
}

export async function compatRun(server: Available): Promise<CompatRun> {
  const work = mkdtempSync(join(tmpdir(), `ruleprobe-compat-${server.name}-`));
  const proc = await server.start();
  try {
    await server.prepare?.(proc.url);
    const entities = {} as Record<keyof typeof QUEUES, string>;
    for (const [kind, q] of Object.entries(QUEUES) as Array<[keyof typeof QUEUES, (typeof QUEUES)[keyof typeof QUEUES]]>) {
      entities[kind] = await createQueue(proc.url, q.name, q.attributes, CREDENTIALS, server.queueHostName);
    }
    // A server that recognises one host name in its queue URLs is addressed by it, so the queues
    // a scenario creates (CreateQueue builds their URL from the Host header) are found as well.
    const baseUrl = server.queueHostName ? proc.url.replace('//127.0.0.1:', `//${server.queueHostName}:`) : proc.url;
    const targetConfig = targetConfigText(baseUrl, entities);
    const target = join(work, 'target.yaml');
    writeFileSync(target, targetConfig);
    const specs = loadSpecs();
    const contentBasedRules = specs
      .flatMap((set) => set.rules)
      .filter((r) => r.id.startsWith(`${SPEC_ID}/`) && r.requires?.contentBasedDeduplication === 'on')
      .map((r) => r.id);
    const contentBased = contentBasedRules.length ? await contentBasedRecords(server, proc.url, entities, work, contentBasedRules) : new Map<string, VerdictRecord>();
    const resolved = await resolvePlan(specs, {
      target,
      env: ENV,
      spec: [SPEC_ID],
      seed: SEED,
      runs: RUNS,
      concurrency: 4,
      // A hang guard only: a loaded machine must not turn a slow answer into ERROR.
      timeoutMs: 20_000,
    });
    try {
      const { plan } = resolved;
      const [spec] = plan.specs;
      const serial = new Set((server.serialRules ?? []).map((slug) => `${SPEC_ID}/${slug}`));
      const part = (ruleIds: string[]): Plan => ({ ...plan, specs: [{ ...spec!, ruleIds }] });
      const first = spec!.ruleIds.filter((id) => serial.has(id));
      const records = [
        ...(first.length ? await runPlan({ ...part(first), concurrency: 1 }) : []),
        ...(await runPlan(part(spec!.ruleIds.filter((id) => !serial.has(id))))),
      ];
      records.forEach((r, i) => {
        const second = contentBased.get(r.ruleId);
        if (second) records[i] = second;
      });
      const order = new Map(spec!.ruleIds.map((id, i) => [id, i]));
      records.sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
      return { server, targetConfig, records };
    } finally {
      await resolved.close();
    }
  } catch (err) {
    throw new Error(`${server.origin}: ${(err as Error).message}\n--- server output ---\n${proc.output().slice(-4000)}`, { cause: err });
  } finally {
    await proc.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The second pass: the rules that need content-based deduplication, against CONTENT_BASED_QUEUE. */
async function contentBasedRecords(server: Available, baseUrl: string, entities: Record<keyof typeof QUEUES, string>, work: string, ruleIds: string[]): Promise<Map<string, VerdictRecord>> {
  const fifo = await createQueue(baseUrl, CONTENT_BASED_QUEUE.name, CONTENT_BASED_QUEUE.attributes, CREDENTIALS, server.queueHostName);
  const target = join(work, 'target-content-based.yaml');
  writeFileSync(target, targetConfigText(baseUrl, { ...entities, 'fifo-queue': fifo }, 'on'));
  const resolved = await resolvePlan(loadSpecs(), { target, env: ENV, spec: [SPEC_ID], rule: ruleIds, seed: SEED, runs: RUNS, concurrency: 1, timeoutMs: 20_000 });
  try {
    return new Map((await runPlan(resolved.plan)).map((r) => [r.ruleId, r]));
  } finally {
    await resolved.close();
  }
}
