/**
 * The hostile-target matrix: `ruleprobe run` (in process, through `main`) against every mode of the
 * hostile server, each asserting the verdict of every selected rule, the exit code, a generous
 * wall-time bound, reports that are valid and written, hostile markup only escaped, no secret in
 * any output, and no redirect followed. Cases marked `// contract: …` depend on the exit codes,
 * the `error` field and the summary note of the run contract (exit 3/4, `--max-errors`).
 */
import { useEnv } from '../setup/env.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { EXIT } from '../../cli/exit-codes.js';
import type { Report } from '../../src/report/model.js';
import type { Verdict } from '../../src/runner/verdict.js';
import { ANSI_PAYLOAD, HTML_PAYLOAD, startHostile, type Hostile, type HostileMode } from './server.js';

/** Planted secrets: each must never appear in any output. */
const SECRETS = {
  RP_HOSTILE_YMQ_ID: 'AKIDHOSTILE',
  RP_HOSTILE_YMQ_SECRET: 'planted-ymq-secret-h0st1le-5a1e',
  RP_HOSTILE_SB_KEY: Buffer.from('planted-service-bus-issuer-key-h0st1le').toString('base64'),
  RP_HOSTILE_NH_KEY: 'planted-nh-sas-key-h0st1le-77c1',
};
useEnv(SECRETS);
const PLANTED = [SECRETS.RP_HOSTILE_YMQ_SECRET, SECRETS.RP_HOSTILE_SB_KEY, SECRETS.RP_HOSTILE_NH_KEY];


const YMQ = 'yandex-message-queue/send-message';
const SB = 'azure-service-bus/send-message';
const NH = 'azure-notification-hubs/direct-send';

function targetYaml(url: string, specs: string[]): string {
  const blocks: Record<string, string> = {
    [YMQ]: `  ${YMQ}:
    baseUrl: ${url}
    entities:
      standard-queue: ${url}/b1g/dj6/q
      fifo-queue: ${url}/b1g/dj6/q.fifo
    credentials: { scheme: sigv4, accessKeyId: { env: RP_HOSTILE_YMQ_ID }, secretAccessKey: { env: RP_HOSTILE_YMQ_SECRET }, region: ru-central1 }
`,
    [SB]: `  ${SB}:
    baseUrl: ${url}
    entities: { topic: t1 }
    credentials: { scheme: wrap, issuer: owner, issuerKey: { env: RP_HOSTILE_SB_KEY } }
`,
    [NH]: `  ${NH}:
    baseUrl: ${url}
    entities: { hub: h1 }
    credentials: { scheme: sas, keyName: DefaultFullSharedAccessSignature, key: { env: RP_HOSTILE_NH_KEY } }
    deviceHandles: { windows: "https://db5.notify.windows.com/?token=AwYAAAD", apple: "${'a'.repeat(64)}", gcm: gcm-id }
    options: { tier: standard }
`,
  };
  return `specs:\n${specs.map((s) => blocks[s]).join('')}`;
}

interface Outcome {
  code: number;
  ms: number;
  out: string;
  err: string;
  files: { json: string; junit: string; html: string; markdown: string };
  report: Report;
  hostile: Hostile;
  other?: Hostile;
}

interface ModeCase {
  /** The name of the matrix row (a mode, or a mode with options). */
  name: string;
  mode: HostileMode;
  specs?: string[];
  rules?: string[];
  /** Per-request deadline; a mode that answers gets a generous one so a loaded machine cannot turn an answer into a timeout. */
  timeout: number;
  extra?: string[];
  /** Rule id → verdict, every selected rule. */
  verdicts: Record<string, Verdict>;
  /** What every ERROR reason of this row says. */
  errorReason?: RegExp;
  /** What the exit code is (in this tree) and what the contract makes it. */
  exit: number;
  /** The `error` field every ERROR record carries under the contract. */
  errorKind?: 'transport' | 'budget' | 'harness';
  /**
   * The run contract item this row's exit code and ERROR reasons depend on: those are asserted in
   * the row's contract test only, the rest in its common test.
   */
  contract?: string;
  /** The summary line's note on the share of ERROR rules, under the contract. */
  summaryNote?: RegExp;
}

/** Three rules of one spec: an accepted example, a rejection by status and code, a required field. */
const BASE_RULES = ['sample-request', 'auth-missing', 'action-required'];
const all = (verdict: Verdict, rules = BASE_RULES): Record<string, Verdict> => Object.fromEntries(rules.map((r) => [`${YMQ}/${r}`, verdict]));

const deadline = (ms: number): RegExp => new RegExp(`^target did not answer: no complete response before the deadline \\(${ms} ms\\) for case .+`);
const transport = (what: string): RegExp => new RegExp(`^target did not answer: ${what}.* for case .+`);

/**
 * A target that answers at once (even with garbage or a reset) gets a generous deadline: the
 * rows run concurrently in one process, and a loaded event loop must not turn its answer into a
 * timeout. Only the rows whose point is that no answer comes use a short one.
 */
const ANSWERS = 10_000;
const HANGS = 500;

/** A target echoing credentials, every shipped spec: the escaped echo is also no valid Yandex response body. */
function echoRow(mode: 'echo-auth' | 'echo-auth-escaped', yandexResponseBody: Verdict): ModeCase {
  return {
    name: mode,
    mode,
    specs: [SB, YMQ, NH],
    rules: ['sample-request', 'auth-missing', 'auth-wrong-key', 'response-body'],
    timeout: ANSWERS,
    verdicts: {
      [`${SB}/auth-missing`]: 'FAIL',
      [`${SB}/auth-wrong-key`]: 'FAIL',
      [`${SB}/response-body`]: 'FAIL',
      [`${SB}/sample-request`]: 'FAIL',
      [`${YMQ}/auth-missing`]: 'FAIL',
      [`${YMQ}/response-body`]: yandexResponseBody,
      [`${YMQ}/sample-request`]: 'FAIL',
      [`${NH}/auth-missing-field`]: 'FAIL',
      [`${NH}/auth-wrong-key`]: 'FAIL',
      [`${NH}/response-body`]: 'FAIL',
    },
    exit: EXIT.FAILED,
  };
}

const CASES: ModeCase[] = [
  { name: 'reset-on-connect', mode: 'reset-on-connect', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('connection closed before a complete response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'reset-after-headers', mode: 'reset-after-headers', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('connection closed before a complete response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'hang', mode: 'hang', timeout: HANGS, verdicts: all('ERROR'), errorReason: deadline(HANGS), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'slowloris', mode: 'slowloris', timeout: HANGS, verdicts: all('ERROR'), errorReason: deadline(HANGS), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'garbage', mode: 'garbage', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('not a valid HTTP response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'http09', mode: 'http09', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('not a valid HTTP response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'length-longer', mode: 'length-longer', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('connection closed before a complete response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'huge-header', mode: 'huge-header', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('response headers larger than \\d+ bytes'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'continue-then-nothing', mode: 'continue-then-nothing', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('an answer no request was waiting for, or a 100 Continue no request asked for'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'informational-loop', mode: 'informational-loop', timeout: HANGS, verdicts: all('ERROR'), errorReason: deadline(HANGS), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'unasked-upgrade', mode: 'unasked-upgrade', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('a protocol upgrade \\(101\\) no request asked for'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  { name: 'crlf-injection', mode: 'crlf-injection', timeout: ANSWERS, verdicts: all('ERROR'), errorReason: transport('not a valid HTTP response'), exit: EXIT.UNREACHABLE, errorKind: 'transport' },
  // Scenario rules: the step that got no answer is named.
  {
    name: 'hang: scenario rules',
    mode: 'hang',
    rules: ['message-body-received-intact', 'fifo-order'],
    timeout: HANGS,
    verdicts: all('ERROR', ['message-body-received-intact', 'fifo-order']),
    errorReason: new RegExp(`^target did not answer: no complete response before the deadline \\(${HANGS} ms\\) at step 1: Create(Fifo)?Queue$`),
    exit: EXIT.UNREACHABLE,
    errorKind: 'transport',
  },
  // Answers the harness reads and judges: the target is wrong, never ERROR.
  // A body past --max-body: a rejection answered 200 is judged by its status (FAIL); an accepted
  // case's body check cannot judge a body it did not read whole (ERROR, never FAIL).
  ...(['big-body', 'endless-body'] as const).map((mode): ModeCase => ({
    name: mode,
    mode,
    timeout: ANSWERS,
    verdicts: { ...all('FAIL', ['auth-missing', 'action-required']), ...all('ERROR', ['sample-request']) },
    errorReason: /^the response body was cut at 1048576 bytes \(--max-body\) and the .+ check needs all of it \(case .+\); raise --max-body to judge this answer$/,
    exit: EXIT.FAILED,
    errorKind: 'harness',
  })),
  { name: 'length-shorter', mode: 'length-shorter', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'gzip-bomb', mode: 'gzip-bomb', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'xml-bomb-ok', mode: 'xml-bomb-ok', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'xml-bomb-error', mode: 'xml-bomb-error', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'deep-xml', mode: 'deep-xml', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'invalid-utf8', mode: 'invalid-utf8', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'many-headers', mode: 'many-headers', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'redirect-self-301', mode: 'redirect-self-301', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'redirect-self-302', mode: 'redirect-self-302', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'redirect-self-307', mode: 'redirect-self-307', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'redirect-self-308', mode: 'redirect-self-308', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'redirect-elsewhere', mode: 'redirect-elsewhere', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'html-payload', mode: 'html-payload', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'ansi-payload', mode: 'ansi-payload', timeout: ANSWERS, verdicts: all('FAIL'), exit: EXIT.FAILED },
  { name: 'correct-ish', mode: 'correct-ish', timeout: ANSWERS, verdicts: all('PASS'), exit: EXIT.OK },
  // Every shipped spec and scheme: a target that echoes each request's credentials back, as they
  // came (a plain echo) and XML-escaped as an XML server quotes a request — a WRAP token echoed with
  // `&amp;` for `&` must be redacted in that spelling too, or its HMACSHA256 reaches json, junit and html.
  echoRow('echo-auth', 'PASS'),
  echoRow('echo-auth-escaped', 'FAIL'),
  // Every second request reset, in order (one request in flight): each rule of two cases meets a reset, the sample's one case is answered.
  {
    name: 'half-reset',
    mode: 'half-reset',
    timeout: ANSWERS,
    extra: ['--runs', '1', '--concurrency', '1'],
    verdicts: { [`${YMQ}/action-required`]: 'ERROR', [`${YMQ}/auth-missing`]: 'ERROR', [`${YMQ}/sample-request`]: 'PASS' },
    errorReason: transport('connection closed before a complete response'),
    exit: EXIT.OK,
    contract: 'summary line notes the ERROR share',
    summaryNote: /^1 passed, 0 failed, 0 skipped \(0 warned, 2 errors, 0 untestable\) — 2 of 3 rules that ran are ERROR \(more than 20%\): the run left them undecided$/m,
  },
  {
    name: 'half-reset --max-errors 1',
    mode: 'half-reset',
    timeout: ANSWERS,
    extra: ['--runs', '1', '--concurrency', '1', '--max-errors', '1'],
    verdicts: { [`${YMQ}/action-required`]: 'ERROR', [`${YMQ}/auth-missing`]: 'ERROR', [`${YMQ}/sample-request`]: 'PASS' },
    errorReason: transport('connection closed before a complete response'),
    exit: EXIT.FAILED,
    contract: '--max-errors N fails a run with more than N ERROR records (exit 1)',
  },
  // The budget ends the run while every request hangs: reports written, every rule ERROR for the budget.
  {
    name: 'hang --budget 1',
    mode: 'hang',
    timeout: 8_000,
    extra: ['--runs', '1', '--budget', '1'],
    verdicts: all('ERROR'),
    errorReason: /^the run's time budget ran out/,
    exit: EXIT.UNDECIDED,
    errorKind: 'budget',
    contract: 'a run the budget ends: unfinished rules ERROR (budget), exit 4',
  },
];

const runs = new Map<string, Promise<Outcome>>();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

/** Runs a row once; the row's tests share the outcome. */
function outcome(c: ModeCase): Promise<Outcome> {
  let p = runs.get(c.name);
  if (!p) {
    p = runRow(c);
    runs.set(c.name, p);
  }
  return p;
}

async function runRow(c: ModeCase): Promise<Outcome> {
  const other = c.mode === 'redirect-elsewhere' ? await startHostile('correct-ish') : undefined;
  const hostile = await startHostile(c.mode, other ? { redirectTo: other.url } : {});
  cleanups.push(() => hostile.close(), ...(other ? [() => other.close()] : []));
  const dir = mkdtempSync(join(tmpdir(), `ruleprobe-hostile-${c.name}-`));
  const specs = c.specs ?? [YMQ];
  writeFileSync(join(dir, 'target.yaml'), targetYaml(hostile.url, specs));
  const files = { json: join(dir, 'report.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'report.html'), markdown: join(dir, 'report.md') };
  const argv = [
    'run', '--target', join(dir, 'target.yaml'), '--spec', ...specs, '--rule', ...(c.rules ?? BASE_RULES),
    '--seed', '7', '--timeout', String(c.timeout), ...(c.extra ?? ['--runs', '1']),
    '--reporter', `json=${files.json}`, '--reporter', `junit=${files.junit}`, '--reporter', `html=${files.html}`, '--reporter', `markdown=${files.markdown}`, '--reporter', 'console',
  ];
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  const ms = performance.now() - t0;
  const read = (f: string): string => {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      throw new Error(`exit ${code} and no report at ${f} (${(e as Error).message}); stderr: ${err}`);
    }
  };
  const texts = { json: read(files.json), junit: read(files.junit), html: read(files.html), markdown: read(files.markdown) };
  return { code, ms, out, err, files: texts, report: JSON.parse(texts.json) as Report, hostile, ...(other ? { other } : {}) };
}

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../reporters/report.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const validateReport = ajv.compile(schema);

/** Every secret a run could leak: the planted ones, and each signature or token inside an Authorization value the target received. */
function secretsOf(o: Outcome): string[] {
  const out = new Set(PLANTED);
  for (const value of o.hostile.authorizations) {
    // A WRAP token whole (a bearer credential until it expires), and every signature inside a value.
    for (const m of value.matchAll(/access_token="?([^"\s]{12,})/g)) out.add(m[1]!);
    for (const m of value.matchAll(/(?:Signature=|[?&]?sig=|HMACSHA256=)([^&,\s"]+)/g)) {
      if (m[1]!.length >= 8) {
        out.add(m[1]!);
        out.add(decodeURIComponent(m[1]!));
      }
    }
  }
  return [...out];
}

/** What every row asserts, whatever the target did. */
function assertCommon(c: ModeCase, o: Outcome): void {
  const records = o.report.records;
  // Exact verdicts, every selected rule present.
  expect(Object.fromEntries(records.map((r) => [r.ruleId, r.verdict]))).toEqual(c.verdicts);
  if (!c.contract) {
    for (const r of records.filter((x) => x.verdict === 'ERROR')) expect(r.reason).toMatch(c.errorReason ?? /^$/);
    expect(o.code).toBe(c.exit);
  }
  // Bounded time: at most one deadline per request sent, plus generous slack.
  const cases = records.reduce((n, r) => n + r.cases, 0);
  expect(o.ms).toBeLessThan(c.timeout * Math.max(1, cases) + 20_000);
  // The json report is valid against its schema; junit parses as XML; html and markdown are whole.
  const valid = validateReport(o.report);
  if (!valid) expect(validateReport.errors).toEqual([]);
  expect(XMLValidator.validate(o.files.junit)).toBe(true);
  expect(o.files.html).toMatch(/^<!doctype html>/i);
  expect(o.files.html.trimEnd()).toMatch(/<\/html>$/);
  expect(o.files.markdown).toContain(`${records.filter((r) => r.verdict === 'PASS').length} passed`);
  expect(o.out).toMatch(/^\d+ passed, \d+ failed, \d+ skipped \(\d+ warned, \d+ errors, \d+ untestable\)/m);
  // No stack trace, nothing on stderr but progress.
  expect(o.out + o.err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  // Nothing executable: the page's one script is its own; the target's markup shows only escaped.
  expect(o.files.html.match(/<script/gi)?.length).toBe(1);
  for (const text of [o.files.html, o.files.markdown]) {
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain(HTML_PAYLOAD);
  }
  // No terminal escape from the target reaches any output.
  for (const text of [o.out, o.err, o.files.html, o.files.markdown, o.files.junit]) expect(text).not.toContain('\x1b]0;pwned');
  // No secret in any output.
  const outputs = { stdout: o.out, stderr: o.err, ...o.files };
  const leaks = secretsOf(o).flatMap((secret) => Object.entries(outputs).filter(([, text]) => text.includes(secret)).map(([name]) => `${name}: ${secret}`));
  expect(leaks).toEqual([]);
}

// Runs alone, before the matrix: its rows run concurrently in this process and would share the measure.
describe('bounded memory against huge answers', () => {
  const row = (mode: HostileMode): ModeCase => ({ name: `${mode} (memory)`, mode, rules: [...BASE_RULES, 'delay-seconds-range', 'message-body-size'], timeout: ANSWERS, extra: ['--runs', '5', '--max-body', '1048576'], verdicts: {}, exit: EXIT.FAILED });
  // The same run against a target that answers well first, so what is measured is the answers, not start-up.
  beforeAll(async () => {
    await outcome(row('correct-ish'));
  });
  for (const mode of ['big-body', 'endless-body'] as const) {
    it(`${mode}: the response read stops at --max-body, and memory stays bounded`, async () => {
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const o = await outcome(row(mode)).finally(() => clearInterval(sampler));
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(o.code).toBe(EXIT.FAILED);
      const responses = o.report.records.flatMap((r) => (r.failures ?? []).map((f) => f.response!));
      expect(responses.length).toBeGreaterThan(0);
      for (const r of responses) expect([r.status, r.bodyTruncated, r.bodyBytes <= 1_048_576]).toEqual([200, true, true]);
      // A generous bound: what was read is capped per request, whatever the target sends.
      expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    });
  }
});

describe('hostile-target matrix', () => {
  for (const c of CASES) {
    it.concurrent(`${c.name}: exact verdicts, exit ${c.exit}, bounded time, valid reports, markup escaped, no secret`, async () => {
      const o = await outcome(c);
      assertCommon(c, o);
      if (c.mode === 'html-payload') {
        // The payload reached the page, escaped.
        expect(o.files.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
      // The escapes are recorded as data (JSON-escaped), and printed nowhere raw.
      if (c.mode === 'ansi-payload') expect(JSON.stringify(o.report)).toContain(JSON.stringify(ANSI_PAYLOAD).slice(1, -1));
    });
  }

  it.concurrent('redirects are never followed: a 307 to another listener leaves that listener uncontacted', async () => {
    const o = await outcome(CASES.find((c) => c.name === 'redirect-elsewhere')!);
    expect(o.hostile.requests).toBeGreaterThan(0);
    expect(o.other!.connections).toBe(0);
    expect(o.report.records.find((r) => r.ruleId === `${YMQ}/sample-request`)!.failure!.actual).toMatch(/^status 307/);
  });

  it.concurrent('redirect to itself: one request per case, no loop', async () => {
    for (const name of ['redirect-self-301', 'redirect-self-302', 'redirect-self-307', 'redirect-self-308']) {
      const o = await outcome(CASES.find((c) => c.name === name)!);
      expect(o.hostile.requests).toBe(o.report.records.reduce((n, r) => n + r.cases, 0));
    }
  });

  it.concurrent('an ERROR from a hung target says which request hung', async () => {
    const o = await outcome(CASES.find((c) => c.name === 'hang')!);
    const reason = (slug: string): string | undefined => o.report.records.find((r) => r.ruleId === `${YMQ}/${slug}`)!.reason;
    expect(reason('sample-request')).toBe(`target did not answer: no complete response before the deadline (${HANGS} ms) for case the document's example "sample-request"`);
    expect(o.out).toContain(`no complete response before the deadline (${HANGS} ms) for case the document's example "sample-request"`);
  });

  for (const c of CASES.filter((x) => x.contract)) {
    // contract: see the row's `contract`
    it.concurrent(`${c.name}: exit ${c.exit}, ERROR reasons per the run contract (${c.contract})`, async () => {
      const o = await outcome(c);
      for (const r of o.report.records.filter((x) => x.verdict === 'ERROR')) expect(r.reason).toMatch(c.errorReason ?? /^$/);
      if (c.summaryNote) expect(o.out).toMatch(c.summaryNote);
      expect(o.code).toBe(c.exit);
    });
  }

  // contract: VerdictRecord.error names why the harness could not decide.
  it.concurrent('every ERROR of a target that did not answer carries error "transport"', async () => {
    for (const c of CASES.filter((x) => x.errorKind)) {
      const o = await outcome(c);
      for (const r of o.report.records.filter((x) => x.verdict === 'ERROR')) expect([c.name, r.error]).toEqual([c.name, c.errorKind]);
    }
  });
});
