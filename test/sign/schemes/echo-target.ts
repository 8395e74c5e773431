/**
 * Shared fixtures for the scheme tests: the minimal spec signed with a given scheme, and a
 * loopback target that accepts everything and echoes every request header back — in its body
 * and in a response header — so a test can prove no secret reaches a verdict record.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadSpecText } from '../../../specs/loader.js';
import type { RuleSet } from '../../../src/model/rule.js';
import { runRule } from '../../../src/runner/run-rule.js';
import type { VerdictRecord } from '../../../src/runner/verdict.js';
import type { Credentials } from '../../../src/sign/index.js';
import { Transport } from '../../../src/transport/http.js';
import { Semaphore } from '../../../src/transport/limits.js';
import { curlFor } from '../../../src/report/curl.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '../../fixtures/specs/valid/minimal.yaml'), 'utf8');

/** The minimal spec with `auth` replaced (YAML lines under `auth:`) and one 403 rule per wrong variant. */
export function specText(authLines: string, variants: readonly string[]): string {
  const rules = variants
    .map((v) => `  - slug: auth-${v}\n    level: MUST\n    source: { section: Authentication }\n    title: Send ${v} credentials\n    requirement: A request with ${v} credentials is rejected with 403.\n    stimulus: { auth: ${v} }\n    expect: { reject: { status: 403 } }\n`)
    .join('');
  let text = MINIMAL.replace('  scheme: sigv4\n', authLines.replace(/\n?$/, '\n'));
  const start = text.indexOf('  - slug: auth-missing');
  const end = text.indexOf('  - slug: retry-policy');
  text = text.slice(0, start) + rules + text.slice(end);
  // Without wrong variants nothing is rejected with 403, so the document lists no 403.
  return variants.length ? text : text.replace('    - { status: 403, meaning: Not signed., source: { section: Responses } }\n', '');
}

export function loadSpec(authLines: string, variants: readonly string[]): RuleSet {
  return loadSpecText(specText(authLines, variants), 'scheme-test.yaml');
}

export interface EchoTarget {
  url: string;
  /** Every request as the target received it: header name (lower-case) → value. */
  received: Array<Record<string, string | string[] | undefined>>;
  close(): Promise<void>;
}

/** 200 for everything, the request headers as the body and the credential headers in `X-Echo`. */
export async function echoTarget(echoed: readonly string[]): Promise<EchoTarget> {
  const received: EchoTarget['received'] = [];
  const server: Server = createServer((req, res) => {
    received.push({ ...req.headers });
    req.resume();
    req.on('end', () => {
      const body = Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n');
      const echo = echoed.map((h) => String(req.headers[h] ?? '')).join(' | ');
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Echo': echo });
      res.end(`you sent\n${body}\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Every rule of the set against the target, no random cases. */
export async function runAll(set: RuleSet, target: EchoTarget, credentials: Credentials): Promise<VerdictRecord[]> {
  const transport = new Transport({ timeoutMs: 5000, maxBodyBytes: 1 << 16, connections: 2 });
  try {
    const records: VerdictRecord[] = [];
    for (const rule of set.rules) {
      records.push(
        await runRule(rule, {
          op: set.operation,
          inflight: new Semaphore(2),
          target: { target: { baseUrl: target.url, entities: { 'standard-queue': `${target.url}/q` } }, credentials, deviceHandles: {}, options: {} },
          transport,
          now: () => new Date('2026-01-02T03:04:05Z'),
          seed: 1,
          runs: 0,
          deadline: Date.now() + 60_000,
          previewBytes: 4096,
        }),
      );
    }
    return records;
  } finally {
    await transport.close();
  }
}

/**
 * Runs every rule of the minimal spec under the scheme against an echo target that accepts
 * everything (so every rejection rule fails and records its exchange) and returns the records,
 * what the target received, and every record as JSON and as curl lines, for a test to search.
 */
export async function redactedRun(authLines: string, variants: readonly string[], credentials: Credentials, echoed: readonly string[]) {
  const target = await echoTarget(echoed);
  try {
    const set = loadSpec(authLines, variants);
    const records = await runAll(set, target, credentials);
    const failed = records.filter((r) => r.failure);
    return { records, failed, received: target.received, json: JSON.stringify(records), curl: failed.map((r) => curlFor(r.failure!.request)).join('\n') };
  } finally {
    await target.close();
  }
}

/** The minimal spec's target config with these credentials (YAML flow mapping). */
export function targetText(credentials: string): string {
  return `specs:\n  example-queue/put-message:\n    baseUrl: http://127.0.0.1:1\n    entities: { standard-queue: http://127.0.0.1:1/q }\n    credentials: ${credentials}\n`;
}

/** The values of the named header every received request carried. */
export function receivedValues(received: EchoTarget['received'], header: string): string[] {
  return received.map((h) => h[header]).filter((v): v is string => typeof v === 'string');
}
