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

export interface CompatRun {
  server: Available;
  /** The target config the run used (no secrets: they are environment references). */
  targetConfig: string;
  records: VerdictRecord[];
}

export function targetConfigText(baseUrl: string, entities: Record<keyof typeof QUEUES, string>): string {
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
    const targetConfig = targetConfigText(proc.url, entities);
    const target = join(work, 'target.yaml');
    writeFileSync(target, targetConfig);
    const resolved = await resolvePlan(loadSpecs(), {
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
