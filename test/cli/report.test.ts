import { useEnv } from '../setup/env.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { DEV_CREDENTIALS, devReferenceConfig, devTargetConfigYaml, targetsFor } from '../../reference/embedded.js';
import { startReference } from '../../reference/server.js';
import type { Report } from '../../src/report/model.js';

const ROOT = join(import.meta.dirname, '../..');
const MUTANT = 'yandex-message-queue/send-message/delay-seconds-range';
// The broken rule, a neighbour that passes against the mutant too, and a rule that passes (the
// rules that wait out a delay prove nothing here).
const SELECT = ['--spec', 'yandex-message-queue/send-message', '--rule', 'delay-seconds-range', 'delay-seconds-type', 'md5-of-message-body', '--runs', '3', '--seed', '11'];

/** `ruleprobe …` run in this process (the command's process plays no part in these tests). */
async function ruleprobe(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-report-'));
const file = (name: string) => join(dir, name);

describe('a run against a broken target (a mutant of the reference)', () => {
  let run: Awaited<ReturnType<typeof ruleprobe>>;
  beforeAll(async () => {
    run = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--reporter', 'console', '--reporter', `json=${file('report.json')}`, '--reporter', `junit=${file('junit.xml')}`, '--reporter', `html=${file('report.html')}`, '--reporter', `markdown=${file('summary.md')}`]);
  });

  it('exits 1 and writes all five reports', () => {
    expect(run.code).toBe(EXIT.FAILED);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'summary.md']);
    expect(run.out).toMatch(/^FAIL yandex-message-queue\/send-message\/delay-seconds-range — /m);
    expect(run.out).toContain(`ruleprobe replay ${file('report.json')} --rule ${MUTANT}`);
  });

  it('the JSON report validates against the committed schema and names the failure', () => {
    const report = JSON.parse(readFileSync(file('report.json'), 'utf8')) as Report;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat('date-time', true);
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'reporters/report.schema.json'), 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const failed = report.records.filter((r) => r.verdict === 'FAIL');
    expect(failed.map((r) => [r.ruleId, r.failure?.caseLabel, r.failure?.expected, r.failure?.actual])).toEqual([[MUTANT, 'DelaySeconds = 901 (max + 1)', '400 InvalidParameterValue', 'status 200']]);
    expect(report.embeddedMutant).toBe(MUTANT);
  });

  it('JUnit has one failing testcase, named by the rule id, classname the spec id', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(file('junit.xml'), 'utf8')) as { testsuites: { testsuite: { name: string; failures: string; testcase: Array<{ name: string; classname: string; failure?: unknown }> } } };
    const suite = xml.testsuites.testsuite;
    expect([suite.name, suite.failures]).toEqual(['yandex-message-queue/send-message', '1']);
    expect(suite.testcase.filter((t) => t.failure).map((t) => [t.classname, t.name])).toEqual([['yandex-message-queue/send-message', MUTANT]]);
  });

  it('the HTML report carries the failure with the same curl line, and that curl line re-sends the exact request', async () => {
    const curl = run.out.split('\n').find((l) => l.trim().startsWith('curl '))!.trim();
    const html = readFileSync(file('report.html'), 'utf8');
    const escaped = curl.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(html).toContain(escaped);
    expect(html).toContain('DelaySeconds=901');
    // Point the line at a server that records what arrives, and compare with the recorded request.
    let got: { method?: string; url?: string; body?: Buffer; auth?: string } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got = { method: req.method, url: req.url, body: Buffer.concat(chunks), auth: req.headers.authorization };
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const report = JSON.parse(readFileSync(file('report.json'), 'utf8')) as Report;
    const sent = report.records.find((r) => r.verdict === 'FAIL')!.failure!.request;
    const origin = new URL(sent.url).origin;
    const local = curl.replaceAll(origin, `http://127.0.0.1:${port}`).replace(/-H 'Host: [^']*' /, '');
    const r = await new Promise<number | null>((resolve) => {
      const p = spawn('bash', ['-c', local], { env: { ...process.env, RULEPROBE_AUTHORIZATION: 'AWS4-HMAC-SHA256 freshly-signed' }, stdio: 'ignore' });
      p.on('exit', resolve);
    });
    server.close();
    expect(r).toBe(0);
    expect([got.method, got.url, got.auth]).toEqual([sent.method, new URL(sent.url).pathname + new URL(sent.url).search, 'AWS4-HMAC-SHA256 freshly-signed']);
    expect(got.body!.toString('latin1')).toBe(sent.body);
  });

  it('ruleprobe replay re-sends the failing case and it still fails: exit 1', async () => {
    const r = await ruleprobe(['replay', file('report.json')]);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.out).toContain(`${MUTANT} — DelaySeconds = 901 (max + 1)\n  STILL FAILS — a request the document forbids was accepted; expected 400 InvalidParameterValue, got status 200`);
    expect(r.out).toContain('1 of 1 still fail');
  });

  it('ruleprobe replay re-sends every listed failure of a rule, not only the first', async () => {
    const report = JSON.parse(readFileSync(file('report.json'), 'utf8')) as Report;
    const rec = report.records.find((r) => r.ruleId === MUTANT)!;
    const first = rec.failures![0]!;
    const fields = (first.case.request.body as { fields: Array<{ name: string; value: string }> }).fields.map((f) => (f.name === 'DelaySeconds' ? { ...f, value: '-1' } : f));
    const second = { ...first, caseLabel: 'DelaySeconds = -1 (min − 1)', fingerprint: 'bbbbbbbbbbbb', case: { ...first.case, label: 'DelaySeconds = -1 (min − 1)', request: { ...first.case.request, body: { ...first.case.request.body, fields } } } };
    rec.failures = [first, second as typeof first];
    writeFileSync(file('two-failures.json'), JSON.stringify(report));
    const r = await ruleprobe(['replay', file('two-failures.json')]);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.out).toContain(`${MUTANT} — DelaySeconds = 901 (max + 1)\n  STILL FAILS — a request the document forbids was accepted; expected 400 InvalidParameterValue, got status 200 (fingerprint ${first.fingerprint})\n`);
    // The mutant rejects -1 as the document says, so that recorded failure is fixed.
    expect(r.out).toContain(`${MUTANT} — DelaySeconds = -1 (min − 1)\n  now passes (status 400) (fingerprint bbbbbbbbbbbb)\n`);
    expect(r.out).toContain('1 of 2 still fail');
  });

  it('a known-failures file listing the rule makes the same run exit 0; an expired entry does not', async () => {
    writeFileSync(file('known.yaml'), `known-failures:\n  - rule: ${MUTANT}\n    reason: the emulator accepts 901 (ticket Q-1)\n`);
    const ok = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--known-failures', file('known.yaml')]);
    expect(ok.code).toBe(EXIT.OK);
    expect(ok.out).toContain('the emulator accepts 901 (ticket Q-1)');
    writeFileSync(file('expired.yaml'), `known-failures:\n  - rule: ${MUTANT}\n    reason: was to be fixed by now\n    expires: 2020-01-01\n`);
    const expired = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--known-failures', file('expired.yaml')]);
    expect(expired.code).toBe(EXIT.FAILED);
    expect(expired.out).toMatch(/expired/i);
  });

  it('an entry whose rule passes is reported stale; one naming no rule is a config error (exit 2)', async () => {
    writeFileSync(file('stale.yaml'), `known-failures:\n  - rule: yandex-message-queue/send-message/md5-of-message-body\n    reason: fixed last week\n`);
    const stale = await ruleprobe(['run', ...SELECT, '--known-failures', file('stale.yaml')]);
    expect(stale.code).toBe(EXIT.OK);
    expect(stale.out).toMatch(/stale/i);
    expect(stale.out).toContain('yandex-message-queue/send-message/md5-of-message-body');
    writeFileSync(file('typo.yaml'), `known-failures:\n  - rule: yandex-message-queue/send-message/no-such-rule\n    reason: typo\n`);
    const typo = await ruleprobe(['run', ...SELECT, '--known-failures', file('typo.yaml')]);
    expect(typo.code).toBe(EXIT.USAGE);
    expect(typo.err).toContain(`${file('typo.yaml')}:2:11 /known-failures/0/rule: no rule with id "yandex-message-queue/send-message/no-such-rule"`);
  });

  it('--baseline with the same failing report and --fail-on-regression: exit 0, the rule still failing; without the flag: exit 1', async () => {
    const nightly = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--baseline', file('report.json'), '--fail-on-regression']);
    expect(nightly.code).toBe(EXIT.OK);
    expect(nightly.out).toMatch(/still failing/i);
    const strict = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--baseline', file('report.json')]);
    expect(strict.code).toBe(EXIT.FAILED);
  });

  it('--fail-on-regression fails on a failure fingerprint the baseline lacked under a rule it already had failing, and names it', async () => {
    const report = JSON.parse(readFileSync(file('report.json'), 'utf8')) as Report;
    const rec = report.records.find((r) => r.ruleId === MUTANT)!;
    const fp = rec.failures![0]!.fingerprint!;
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
    // The baseline had this rule failing, but with another failure.
    rec.failures = [{ ...rec.failures![0]!, fingerprint: 'aaaaaaaaaaaa', caseLabel: 'DelaySeconds = -1 (min − 1)' }];
    rec.failure = rec.failures[0];
    writeFileSync(file('other-baseline.json'), JSON.stringify(report));
    const nightly = await ruleprobe(['run', ...SELECT, '--mutant', MUTANT, '--baseline', file('other-baseline.json'), '--fail-on-regression', '--reporter', 'console', '--reporter', `json=${file('regressed.json')}`]);
    expect(nightly.code).toBe(EXIT.FAILED);
    expect(nightly.out).toContain(`    new:           ${MUTANT} ${fp} (DelaySeconds = 901 (max + 1))`);
    expect(nightly.out).toContain(`    fixed:         ${MUTANT} aaaaaaaaaaaa (DelaySeconds = -1 (min − 1))`);
    const gating = (JSON.parse(readFileSync(file('regressed.json'), 'utf8')) as Report).gating!;
    expect([gating.failing, gating.baseline!.fingerprints!.new.map((f) => f.fingerprint)]).toEqual([[MUTANT], [fp]]);
  });

  it('--fail-on should turns a failing SHOULD rule into exit 1; --fail-on must leaves it at 0', async () => {
    const args = ['run', '--spec', 'yandex-message-queue/send-message', '--rule', 'md5-of-message-attributes-absent', '--runs', '2', '--seed', '3', '--mutant', 'yandex-message-queue/send-message/md5-of-message-attributes-absent'];
    expect((await ruleprobe(args)).code).toBe(EXIT.OK);
    expect((await ruleprobe([...args, '--fail-on', 'should'])).code).toBe(EXIT.FAILED);
  });
});

describe('redaction', () => {
  // What `ruleprobe serve --mutant …` serves, started here: its target config reads the dev secrets from the environment.
  const cfg = devReferenceConfig({ mutant: 'azure-notification-hubs/direct-send/auth-expired' });
  let ref: Awaited<ReturnType<typeof startReference>>;
  useEnv(DEV_CREDENTIALS);
  beforeAll(async () => {
    ref = await startReference(cfg);
    targetsFor(ref.url, cfg);
  });
  afterAll(() => ref.close());

  it('secrets from the environment appear in no report, and every signature is redacted', async () => {
    writeFileSync(file('serve-target.yaml'), devTargetConfigYaml(ref.url));
    const outDir = mkdtempSync(join(tmpdir(), 'ruleprobe-redaction-'));
    const r = await ruleprobe(['run', '--target', file('serve-target.yaml'), '--spec', 'azure-notification-hubs/direct-send', '--runs', '2', '--seed', '1', ...['json', 'junit', 'html', 'markdown', 'console'].flatMap((n) => ['--reporter', `${n}=${join(outDir, `${n}.out`)}`])]);
    expect(r.code).toBe(EXIT.FAILED);
    const outputs = readdirSync(outDir).map((f) => readFileSync(join(outDir, f), 'latin1'));
    expect(outputs).toHaveLength(5);
    for (const text of [...outputs, r.out, r.err]) {
      for (const secret of Object.values(DEV_CREDENTIALS)) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/sig=(?!\[redacted\])[A-Za-z0-9%]/);
    }
    expect(outputs.join('')).toContain('sig=[redacted]');
  });
});

describe('sharding', () => {
  it('the merged report of three shards equals the unsharded report (same seed)', async () => {
    const base = ['run', '--spec', 'azure-service-bus/send-message', '--runs', '1', '--seed', '5'];
    expect((await ruleprobe([...base, '--reporter', `json=${file('all.json')}`])).code).toBe(EXIT.OK);
    for (const i of [1, 2, 3]) expect((await ruleprobe([...base, '--shard', `${i}/3`, '--reporter', `json=${file(`shard${i}.json`)}`])).code).toBe(EXIT.OK);
    const merged = await ruleprobe(['merge', file('shard1.json'), file('shard2.json'), file('shard3.json'), '--reporter', `json=${file('merged.json')}`]);
    expect(merged.code).toBe(EXIT.OK);
    const view = (f: string) => (JSON.parse(readFileSync(file(f), 'utf8')) as Report).records.map((r) => [r.ruleId, r.verdict, r.cases]);
    const shards = [1, 2, 3].map((i) => view(`shard${i}.json`).length);
    expect(shards.every((n) => n > 0)).toBe(true);
    expect(view('merged.json')).toEqual(view('all.json'));
    const m = JSON.parse(readFileSync(file('merged.json'), 'utf8')) as Report;
    const a = JSON.parse(readFileSync(file('all.json'), 'utf8')) as Report;
    expect([m.summary, m.seed, m.shard]).toEqual([a.summary, a.seed, undefined]);
  });

  it('shards that overlap, or a --shard out of range, are usage errors', async () => {
    expect((await ruleprobe(['merge', file('shard1.json'), file('shard1.json')])).code).toBe(EXIT.USAGE);
    expect((await ruleprobe(['run', '--shard', '4/3'])).code).toBe(EXIT.USAGE);
  });
});
