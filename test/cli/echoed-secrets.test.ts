/**
 * Secrets echoed by a target reach the reports (issue 11): a target that echoes each request's
 * Authorization and x-amz-* headers back, in its body and headers, in many spellings. For each
 * scheme of the shipped specs, every output of `run` (stdout, stderr, every reporter's file),
 * `merge` and `replay` holds none of the planted secrets nor any signature, token or SAS `sig`
 * the run sent (as the echo server received them), nor any 16 characters of one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { signatureValues, startEchoServer, type EchoServer } from '../fixtures/echo/server.js';

const NOW = () => new Date();

// Planted secrets: distinctive, so any fragment of them in an output is found.
const PLANTED = {
  RP_ECHO_YMQ_ID: 'AKIDECHOPLANTED',
  RP_ECHO_YMQ_SECRET: 'PLANTEDymqSecret/9Xq+Lw2Zk7Vb4Nc8Mf1Rt6Yh3Jd5Gs0',
  RP_ECHO_NH_KEY: 'PLANTEDnhKey+7Hq2Wm9Zx4Cv1Bn6Lk3Jh8Gf5Ds0Aq=',
  RP_ECHO_SB_KEY: 'PLANTEDsbKey/3Kd8Wq1Zm6Xv9Bn2Lc7Jh4Gf0Ds5Ar=',
  RP_ECHO_SB_ISSUER_KEY: Buffer.from('PLANTED issuer key of 32 bytes!!').toString('base64'),
  RP_ECHO_SB_TOKEN: `Issuer=owner&ExpiresOn=4102444800&Audience=http%3a%2f%2fcontoso.servicebus.windows.net%2f&HMACSHA256=${encodeURIComponent('PLANTEDswtMac+Q8w2Zr5Xk1Vn7Bm4Lc9Jh3Gf6Ds0A=')}`,
};

interface Case {
  name: string;
  spec: string;
  config: (url: string) => string;
}

const CASES: Case[] = [
  {
    name: 'SigV4 (yandex-message-queue/send-message)',
    spec: 'yandex-message-queue/send-message',
    config: (url) => `specs:
  yandex-message-queue/send-message:
    baseUrl: ${url}
    entities: { standard-queue: ${url}/b1g/dj6/q, fifo-queue: ${url}/b1g/dj6/q.fifo }
    credentials: { scheme: sigv4, accessKeyId: { env: RP_ECHO_YMQ_ID }, secretAccessKey: { env: RP_ECHO_YMQ_SECRET }, region: ru-central1, service: sqs }
    options: { contentBasedDeduplication: "off" }
`,
  },
  {
    name: 'SAS (azure-notification-hubs/direct-send)',
    spec: 'azure-notification-hubs/direct-send',
    config: (url) => `specs:
  azure-notification-hubs/direct-send:
    baseUrl: ${url}
    entities: { hub: myhub }
    credentials: { scheme: sas, keyName: DefaultFullSharedAccessSignature, key: { env: RP_ECHO_NH_KEY } }
    deviceHandles: { apple: ${'a'.repeat(64)}, gcm: echo-gcm-id, windows: "https://db5.notify.windows.com/?token=AwYAAADEcho" }
    options: { tier: standard }
`,
  },
  {
    name: 'SAS (azure-service-bus/send-message, live profile)',
    spec: 'azure-service-bus/send-message',
    config: (url) => `specs:
  azure-service-bus/send-message:
    profile: live
    baseUrl: ${url}
    entities: { topic: orders, queue: q1 }
    credentials: { scheme: sas, keyName: RootManageSharedAccessKey, key: { env: RP_ECHO_SB_KEY } }
`,
  },
  {
    name: 'WRAP issuer and key (azure-service-bus/send-message)',
    spec: 'azure-service-bus/send-message',
    config: (url) => `specs:
  azure-service-bus/send-message:
    baseUrl: ${url}
    entities: { topic: orders }
    credentials: { scheme: wrap, issuer: owner, issuerKey: { env: RP_ECHO_SB_ISSUER_KEY } }
`,
  },
  {
    name: 'WRAP token (azure-service-bus/send-message)',
    spec: 'azure-service-bus/send-message',
    config: (url) => `specs:
  azure-service-bus/send-message:
    baseUrl: ${url}
    entities: { topic: orders }
    credentials: { scheme: wrap, token: { env: RP_ECHO_SB_TOKEN } }
`,
  },
];

const WINDOW = 16;

/** The secrets the echo server saw: every Authorization's signature, token or sig (raw and decoded), every x-amz-security-token. */
function sentSecrets(echo: EchoServer): Set<string> {
  // The access key id is public: the redacted Authorization keeps it visible.
  const out = new Set<string>(Object.entries(PLANTED).filter(([k]) => k !== 'RP_ECHO_YMQ_ID').map(([, v]) => v));
  for (const r of echo.received) {
    for (const [name, value] of r.headers) {
      const n = name.toLowerCase();
      if (n === 'authorization') for (const s of signatureValues(value)) out.add(s);
      if (n === 'x-amz-security-token' && value.length >= WINDOW) out.add(value);
    }
  }
  return out;
}

/** Every WINDOW-character run of a secret that is key material (the SWT's claims are public text). */
function windows(secrets: Set<string>): Map<string, string> {
  const grams = new Map<string, string>();
  for (const s of secrets) {
    for (const form of new Set([s, decodeURIComponent(s)])) {
      const parts = /[&=]/.test(form.replace(/=+$/, '')) ? form.split(/[&=]/).filter((p) => /[0-9]/.test(p) && /[A-Z]/.test(p) && /[a-z]/.test(p)) : [form];
      // Each part as it is and in base64 at each alignment (alone, or inside the base64 of a header or a whole request).
      const spelled = parts.flatMap((p) => [p, ...[0, 1, 2].map((k) => Buffer.concat([Buffer.alloc(k), Buffer.from(p)]).toString('base64').slice(k ? k + 1 : 0, -4))]);
      for (const p of spelled) for (let i = 0; i + WINDOW <= p.length; i++) grams.set(p.slice(i, i + WINDOW), s);
    }
  }
  return grams;
}

const BASE = 31;
const MOD = 1_000_000_007;
/** BASE^(WINDOW-1) mod MOD: what the character leaving a window weighs in its hash. */
const TOP = Array.from({ length: WINDOW - 1 }).reduce<number>((p) => (p * BASE) % MOD, 1);

/** A polynomial hash of the first WINDOW characters of `s`, the one `leaks` rolls along a text. */
function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < WINDOW; i++) h = (h * BASE + s.charCodeAt(i)) % MOD;
  return h;
}

/**
 * Finds in a text every whole secret and every WINDOW-character run of key material. Each of the
 * text's WINDOW-character runs is looked at once: a rolling hash picks the few that may start a
 * gram or a secret, and only those are compared.
 */
function leakFinder(secrets: Set<string>, grams: Map<string, string>): (text: string) => string[] {
  const short = [...secrets].filter((s) => s.length < WINDOW);
  const byHash = new Map<number, string[]>();
  for (const s of secrets) if (s.length >= WINDOW) byHash.set(hashOf(s), [...(byHash.get(hashOf(s)) ?? []), s]);
  const hashes = new Set([...byHash.keys(), ...[...grams.keys()].map(hashOf)]);
  return (text) => {
    const whole = new Set<string>(short.filter((s) => text.includes(s)));
    const found = new Set<string>();
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      if (i >= WINDOW) h = (h - ((text.charCodeAt(i - WINDOW) * TOP) % MOD) + MOD) % MOD;
      h = (h * BASE + text.charCodeAt(i)) % MOD;
      const start = i + 1 - WINDOW;
      if (start < 0 || !hashes.has(h)) continue;
      for (const s of byHash.get(h) ?? []) if (text.startsWith(s, start)) whole.add(s);
      const g = grams.get(text.slice(start, start + WINDOW));
      if (g !== undefined) found.add(`${text.slice(Math.max(0, start - 20), start + WINDOW + 20)} (of ${g})`);
    }
    return [...[...secrets].filter((s) => whole.has(s)).map((s) => `whole: ${s}`), ...found];
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), now: NOW });
  return { code, out, err };
}

describe('Secrets echoed by a target reach the reports', () => {
  let echo: EchoServer;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    echo = await startEchoServer();
    for (const [k, v] of Object.entries(PLANTED)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await echo.close();
  });

  for (const c of CASES) {
    it(`${c.name}: no secret the run sent in any output of run, merge or replay`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-echo-'));
      const cfg = join(dir, 'target.yaml');
      writeFileSync(cfg, c.config(echo.url));
      const reporters = (tag: string): string[] => ['console', 'json', 'junit', 'html', 'markdown'].flatMap((r) => ['--reporter', r === 'console' ? `console=${join(dir, `${tag}.txt`)}` : `${r}=${join(dir, `${tag}.${r}`)}`]);
      const outputs: Array<[string, string]> = [];
      const files = (tag: string): void => {
        for (const ext of ['txt', 'json', 'junit', 'html', 'markdown']) outputs.push([`${tag}.${ext}`, readFileSync(join(dir, `${tag}.${ext}`), 'utf8')]);
      };
      const from = echo.received.length;
      const shards: string[] = [];
      for (const shard of ['1/2', '2/2']) {
        const tag = `shard${shard[0]}`;
        const r = await cli(['run', '--target', cfg, '--spec', c.spec, '--runs', '1', '--seed', '7', '--budget', '60', '--shard', shard, '--reporter', 'console', ...reporters(tag)]);
        expect([0, 1], r.err).toContain(r.code);
        outputs.push([`${tag} stdout`, r.out], [`${tag} stderr`, r.err]);
        files(tag);
        shards.push(join(dir, `${tag}.json`));
      }
      const merged = await cli(['merge', ...shards, ...reporters('merged')]);
      outputs.push(['merge stdout', merged.out], ['merge stderr', merged.err]);
      files('merged');
      const replayed = await cli(['replay', join(dir, 'merged.json'), '--target', cfg]);
      outputs.push(['replay stdout', replayed.out], ['replay stderr', replayed.err]);

      // The run recorded failures with echoed responses, and replay re-sent them: there was something to leak.
      const report = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as { records: Array<{ failure?: { response?: { body: string; headers: Record<string, string> } } }> };
      const echoed = report.records.filter((r) => r.failure?.response?.headers['x-echo-authorization']?.includes('[redacted]'));
      expect(echoed.length).toBeGreaterThan(0);
      for (const r of echoed) expect(r.failure!.response!.body).toContain('[redacted]');
      expect(replayed.out).toMatch(/STILL FAILS/);
      expect(echo.received.length - from).toBeGreaterThan(20);

      const secrets = sentSecrets(echo);
      const leaks = leakFinder(secrets, windows(secrets));
      for (const [name, text] of outputs) expect(leaks(text), name).toEqual([]);
    }, 240_000);
  }
});
