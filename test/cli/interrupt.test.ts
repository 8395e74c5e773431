/**
 * Interruption and the budget: SIGINT/SIGTERM (and a --budget that runs out) end a run with every
 * selected reporter written — the records finished so far, the unfinished rules ERROR — then exit
 * 130 / 143 (the budget: the exit code of the records).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main, type StopSignal } from '../../cli/main.js';
import type { Report } from '../../src/report/model.js';
import { mergeReports } from '../../cli/report.js';
import { loadSpecs } from '../../specs/loader.js';
import { RANGES } from '../../src/model/ranges.js';

const ROOT = join(import.meta.dirname, '../..');
const YMQ = 'yandex-message-queue/send-message';
const SECRETS = { RP_TEST_NH_KEY: 'planted-nh-secret-5d1e', RP_TEST_YMQ_ID: 'AKIDPLANTEDINT', RP_TEST_YMQ_SECRET: 'planted-ymq-secret-77b0' };
/** Rules that send (and hang against the server) and rules decided without sending. */
const RULES = ['delay-seconds-range', 'message-body-size', 'status-documented', 'server-errors'];

const validate = (() => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'reporters/report.schema.json'), 'utf8')) as object);
})();

const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-interrupt-'));
const servers: Server[] = [];
const sockets = new Set<Socket>();

/**
 * A target that accepts connections, reads every byte and never answers; one per test, so a
 * connection one test's run left half-made is never counted by the next.
 */
async function hungTarget(name: string): Promise<{ file: string; connected: Promise<void> }> {
  let connected!: () => void;
  const first = new Promise<void>((r) => (connected = r));
  const server = createServer((s) => {
    connected();
    sockets.add(s);
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, readFileSync(join(ROOT, 'test/fixtures/targets/closed-port.yaml'), 'utf8').replaceAll('PORT', String((server.address() as AddressInfo).port)));
  return { file, connected: first };
}

const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(SECRETS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((r) => server.close(() => r()))));
});

function reporters(name: string): { args: string[]; paths: Record<'json' | 'junit' | 'html' | 'markdown', string> } {
  const paths = { json: join(dir, `${name}.json`), junit: join(dir, `${name}.xml`), html: join(dir, `${name}.html`), markdown: join(dir, `${name}.md`) };
  return { args: Object.entries(paths).flatMap(([k, p]) => ['--reporter', `${k}=${p}`]), paths };
}

/** Every report file written and well-formed, no secret in any; the JSON report returned. */
function readReports(paths: ReturnType<typeof reporters>['paths'], printed: string): Report {
  const json = readFileSync(paths.json, 'utf8');
  const report = JSON.parse(json) as Report;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  const junit = readFileSync(paths.junit, 'utf8');
  expect(XMLValidator.validate(junit)).toBe(true);
  const html = readFileSync(paths.html, 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  const markdown = readFileSync(paths.markdown, 'utf8');
  for (const text of [json, junit, html, markdown, printed]) for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  return report;
}

async function cli(argv: string[], onSignal?: (stop: (s: StopSignal) => void) => () => void): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), ...(onSignal ? { onSignal } : {}) });
  return { code, out, err };
}

/**
 * The request deadline of the runs against a hung target: the longest there is, so a run that
 * ends at all was ended by the signal or the budget (one that waited for its requests would hang
 * until the test's hang guard fails it).
 */
const FOREVER = String(RANGES.timeoutMs.max);

describe('interruption writes a partial report', () => {
  it('SIGINT during a run against a hung target: every reporter written, unfinished rules ERROR "interrupted", the rest kept, exit 130', async () => {
    const { args, paths } = reporters('sigint');
    const target = await hungTarget('sigint');
    let unsubscribed = false;
    const r = await cli(['run', '--target', target.file, '--spec', YMQ, '--rule', ...RULES, '--runs', '1', '--timeout', FOREVER, ...args, '--reporter', 'console'], (stop) => {
      // The run is under way once the hung target holds a connection.
      void target.connected.then(() => stop('SIGINT'));
      return () => {
        unsubscribed = true;
      };
    });
    expect(r.code).toBe(EXIT.SIGINT);
    expect(unsubscribed).toBe(true);
    const report = readReports(paths, r.out + r.err);
    const verdicts = Object.fromEntries(report.records.map((x) => [x.ruleId.slice(YMQ.length + 1), [x.verdict, x.error ?? null, x.reason ?? null]]));
    expect(verdicts).toEqual({
      'delay-seconds-range': ['ERROR', 'interrupted', 'interrupted'],
      'message-body-size': ['ERROR', 'interrupted', 'interrupted'],
      'status-documented': ['ERROR', 'interrupted', 'interrupted'],
      // Decided without a request: UNTESTABLE whether the signal came before it or not.
      'server-errors': ['UNTESTABLE', null, expect.any(String)],
    });
    expect(report.stopped).toEqual({ by: 'SIGINT', unfinished: 3 });
    expect(r.out).toContain('stopped by SIGINT: 3 rules unfinished (ERROR)');
    expect(readFileSync(paths.markdown, 'utf8')).toContain('stopped by SIGINT: 3 rules unfinished (ERROR)');
    expect(readFileSync(paths.html, 'utf8')).toContain('stopped by SIGINT: 3 rules unfinished (ERROR)');
    expect(readFileSync(paths.junit, 'utf8')).toMatch(/<error [^>]*message="interrupted"/);
    // Merged with another shard, the stop and its unfinished rules stay in the merged report.
    const [a, b] = [report.records.slice(0, 2), report.records.slice(2)];
    const shard = (records: typeof a, stopped?: Report['stopped']): Report => ({ ...report, records, ...(stopped ? { stopped } : { stopped: undefined }) });
    const merged = mergeReports([{ file: 'a.json', report: shard(a, { by: 'SIGINT', unfinished: 2 }) }, { file: 'b.json', report: shard(b, { by: 'SIGINT', unfinished: 1 }) }], loadSpecs([]));
    expect(merged.stopped).toEqual({ by: 'SIGINT', unfinished: 3 });
    expect(mergeReports([{ file: 'a.json', report: shard(a) }, { file: 'b.json', report: shard(b) }], loadSpecs([])).stopped).toBeUndefined();
  });

  it('a signal before the first rule starts: every testable rule ERROR "interrupted", an UNTESTABLE rule still UNTESTABLE, exit 130', async () => {
    const { args, paths } = reporters('early');
    const target = await hungTarget('early');
    const r = await cli(['run', '--target', target.file, '--spec', YMQ, '--rule', ...RULES, '--runs', '1', ...args], (stop) => {
      stop('SIGINT');
      return () => {};
    });
    expect(r.code).toBe(EXIT.SIGINT);
    const report = readReports(paths, r.out + r.err);
    expect(report.records.map((x) => [x.ruleId.slice(YMQ.length + 1), x.verdict, x.error ?? null])).toEqual([
      ['message-body-size', 'ERROR', 'interrupted'],
      ['delay-seconds-range', 'ERROR', 'interrupted'],
      ['server-errors', 'UNTESTABLE', null],
      ['status-documented', 'ERROR', 'interrupted'],
    ]);
    expect(report.stopped).toEqual({ by: 'SIGINT', unfinished: 3 });
  });

  it('SIGTERM to the ruleprobe process: the reports are written, exit 143', async () => {
    const { args, paths } = reporters('sigterm');
    const target = await hungTarget('sigterm');
    const child = spawn(process.execPath, [join(ROOT, 'bin/ruleprobe.js'), 'run', '--target', target.file, '--spec', YMQ, '--rule', ...RULES, '--runs', '1', '--timeout', FOREVER, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...SECRETS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (b: Buffer) => (printed += b.toString()));
    child.stderr.on('data', (b: Buffer) => (printed += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Signalled once the run is under way: the hung target holds one of its connections.
    await target.connected;
    child.kill('SIGTERM');
    expect(await exited).toBe(EXIT.SIGTERM);
    const report = readReports(paths, printed);
    expect(report.stopped).toEqual({ by: 'SIGTERM', unfinished: 3 });
    expect(report.records.filter((x) => x.error === 'interrupted').map((x) => x.ruleId.slice(YMQ.length + 1))).toEqual(['message-body-size', 'delay-seconds-range', 'status-documented']);
  });
});

describe('a --budget that runs out', () => {
  it('ends the run when it ends, whatever the request timeout: reports written, unfinished rules ERROR budget, exit 4', async () => {
    const { args, paths } = reporters('budget');
    const target = await hungTarget('budget');
    const r = await cli(['run', '--target', target.file, '--spec', YMQ, '--rule', ...RULES, '--runs', '1', '--timeout', FOREVER, '--budget', '1', ...args, '--reporter', 'console']);
    // Every rule that ran is ERROR, not because the target refused: the run decided nothing.
    expect(r.code).toBe(EXIT.UNDECIDED);
    const report = readReports(paths, r.out + r.err);
    expect(report.stopped).toEqual({ by: 'budget', unfinished: 3 });
    for (const x of report.records.filter((y) => y.verdict !== 'UNTESTABLE')) {
      expect([x.verdict, x.error, x.reason]).toEqual(['ERROR', 'budget', "the run's time budget ran out before this rule finished"]);
    }
    expect(r.out).toContain('the --budget ran out: 3 rules unfinished (ERROR)');
  });
});
