/**
 * The examples under examples/ as a user runs them: each folder copied outside the clone, its
 * own server started on a free loopback port (local-aws-sqs from npm, a plain-Node server),
 * `ruleprobe run --specs-dir <copy>` against it, and every verdict pinned. Each FAIL and WARN
 * against local-aws-sqs is a deviation from the example's DOCUMENT.md, listed with its
 * evidence in examples/sqs-create-queue/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples');

const scratch: string[] = [];
const servers: ChildProcess[] = [];
afterAll(() => {
  for (const s of servers) s.kill('SIGTERM');
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/**
 * `ruleprobe …` in this process, with `env` in the
 * environment while it runs; the runs of this file set variables of their own names only.
 */
async function ruleprobe(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  try {
    const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The example folder copied to a fresh directory outside the clone; `work` (its parent) holds the test's own files. */
function copyOf(example: string): { specsDir: string; work: string } {
  const base = mkdtempSync(join(tmpdir(), 'ruleprobe-example-'));
  scratch.push(base);
  const specsDir = join(base, example);
  cpSync(join(EXAMPLES, example), specsDir, { recursive: true });
  return { specsDir, work: base };
}

/** Starts `node <script> --port 0 …` and resolves with the URL it prints (`listening http://127.0.0.1:PORT`). */
function startServer(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  // cwd is the clone, where local-aws-sqs is installed: the copy outside resolves it from there.
  const child = spawn(process.execPath, [script, '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err}`)));
  });
}

interface ReportRecord {
  ruleId: string;
  verdict: string;
}

function verdicts(reportFile: string): Record<string, string> {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { records: ReportRecord[] };
  return Object.fromEntries(report.records.map((r) => [r.ruleId, r.verdict]));
}

describe('ruleprobe rules --specs-dir examples', () => {
  it('lists both example specs after the shipped ones, with every rule sourced from the example document', async () => {
    const r = await ruleprobe(['rules', '--specs-dir', EXAMPLES, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.OK);
    const all = (JSON.parse(r.out) as { specs: Array<{ id: string; seed: string; rules: Array<{ source: { seed: string } }> }> }).specs;
    expect(all.map((s) => s.id)).toEqual([
      'azure-notification-hubs/direct-send',
      'azure-service-bus/send-message',
      'yandex-message-queue/send-message',
      'example-notes/create-note',
      'example-sqs/create-queue',
    ]);
    const specs = all.filter((s) => s.id.startsWith('example-'));
    expect(specs.map((s) => s.rules.length)).toEqual([33, 20]);
    for (const s of specs) {
      expect(s.seed).toBe('DOCUMENT.md');
      expect(s.rules.every((rule) => rule.source.seed === 'DOCUMENT.md')).toBe(true);
    }
  });
});

// The two examples run at once: each against its own server, with its own files.
describe.concurrent('examples/sqs-create-queue against local-aws-sqs', () => {
  it('gives the pinned verdicts; every FAIL and WARN is a documented deviation, no ERROR', async () => {
    const { specsDir, work } = copyOf('sqs-create-queue');
    // The example's own start script writes the target config for the port it got (before it prints `listening`).
    const target = join(work, 'target.yaml');
    const url = await startServer(join(specsDir, 'start-server.mjs'), ['--write-target', target]);
    expect(readFileSync(target, 'utf8')).toContain(`    baseUrl: ${url}\n`);
    const report = join(work, 'report.json');
    const r = await ruleprobe(
      ['run', '--specs-dir', specsDir, '--target', target, '--spec', 'example-sqs/create-queue', '--seed', '1', '--runs', '5', '--reporter', `json=${report}`],
      { EXAMPLE_SQS_ACCESS_KEY_ID: 'AKIDEXAMPLE', EXAMPLE_SQS_SECRET_ACCESS_KEY: 'example-secret' },
    );
    expect(r.err).not.toMatch(/harness error/);
    expect(r.code).toBe(EXIT.FAILED);
    const p = 'example-sqs/create-queue/';
    expect(verdicts(report)).toEqual({
      [`${p}content-type-value`]: 'WARN', // any Content-Type but x-amz-json-1.0 is read as a form
      [`${p}action-required`]: 'FAIL', // UnsupportedOperation instead of MissingAction
      [`${p}action-value`]: 'FAIL', // UnsupportedOperation instead of InvalidAction
      [`${p}queue-name-required`]: 'PASS',
      [`${p}queue-name-length`]: 'PASS',
      [`${p}queue-name-charset`]: 'PASS',
      [`${p}response-body`]: 'PASS',
      [`${p}response-queue-url`]: 'PASS',
      [`${p}response-request-id`]: 'PASS',
      [`${p}sigv4-accepted`]: 'PASS',
      [`${p}auth-missing`]: 'FAIL', // local-aws-sqs checks no signature at all
      [`${p}auth-unknown-key-id`]: 'FAIL',
      [`${p}auth-bad-signature`]: 'FAIL',
      [`${p}auth-malformed`]: 'FAIL',
      [`${p}auth-clock-skew`]: 'FAIL',
      [`${p}sample-request`]: 'PASS',
      [`${p}create-queue-idempotent`]: 'PASS',
      [`${p}queue-deleted-recently`]: 'UNTESTABLE',
      [`${p}error-response-shape`]: 'PASS',
      [`${p}status-documented`]: 'PASS',
    });
  });
});

describe.concurrent('examples/notes-create-note against its plain-Node server', () => {
  it('passes every rule, exit 0, no ERROR', async () => {
    const { specsDir, work } = copyOf('notes-create-note');
    const token = randomBytes(18).toString('base64url');
    const url = await startServer(join(specsDir, 'server.mjs'), ['--notebooks', 'personal,work'], { NOTES_TOKEN: token });
    const target = join(work, 'target.yaml');
    writeFileSync(
      target,
      ['specs:', '  example-notes/create-note:', `    baseUrl: ${url}`, '    entities: { notebook: work }', '    credentials:', '      scheme: bearer', '      token: { env: NOTES_TOKEN }', ''].join('\n'),
    );
    const report = join(work, 'report.json');
    const r = await ruleprobe(
      ['run', '--specs-dir', specsDir, '--target', target, '--spec', 'example-notes/create-note', '--seed', '1', '--runs', '5', '--reporter', `json=${report}`],
      { NOTES_TOKEN: token },
    );
    expect(r.err).not.toMatch(/harness error/);
    expect(r.code).toBe(EXIT.OK);
    // The token never reaches a report or the output.
    expect(readFileSync(report, 'utf8') + r.out + r.err).not.toContain(token);
    const p = 'example-notes/create-note/';
    const passing = [
      'content-type-value',
      'title-required',
      'title-length',
      'title-charset',
      'text-optional',
      'text-length',
      'text-charset',
      'priority-optional',
      'priority-type',
      'priority-range',
      'color-optional',
      'color-yellow',
      'color-blue',
      'color-green',
      'color-pink',
      'color-unlisted',
      'response-header-location',
      'response-body',
      'response-id',
      'response-created-at',
      'bearer-accepted',
      'auth-missing',
      'auth-wrong-key',
      'auth-wrong-scheme',
      'auth-empty',
      'auth-malformed',
      'unknown-notebook',
      'body-not-json',
      'body-malformed-json',
      'body-not-object',
      'sample-request',
      'error-response-shape',
      'status-documented',
    ];
    expect(verdicts(report)).toEqual(Object.fromEntries(passing.map((slug) => [`${p}${slug}`, 'PASS'])));
  });
});
