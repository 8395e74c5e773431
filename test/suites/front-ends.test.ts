/**
 * One engine behind every front end: the vitest suite gives the same verdicts as `ruleprobe run`
 * for the same plan, and a user spec (an id the project does not ship) runs exactly like a shipped one.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { run } from '../../cli/run.js';
import { DEV_CREDENTIALS, devReferenceConfig, devTargetConfigYaml, targetsFor } from '../../reference/embedded.js';
import { startReference, type RunningReference } from '../../reference/server.js';
import { loadSpecs, SPECS_DIR } from '../../specs/loader.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';

const ROOT = join(import.meta.dirname, '../..');
const YANDEX = 'yandex-message-queue/send-message';
const RULES = ['message-body-size', 'delay-seconds-range', 'auth-missing', 'response-md5-of-message-body', 'sequence-number-increasing'];

const brief = (records: Array<Pick<VerdictRecord, 'ruleId' | 'verdict' | 'cases'>>): Record<string, string> =>
  Object.fromEntries(records.map((r) => [r.ruleId, `${r.verdict} ${r.cases}`]));

interface ChildTest {
  title: string;
  ancestorTitles: string[];
  status: string;
  meta: { ruleprobe?: VerdictRecord };
}

/**
 * Runs the generic suite in one child vitest, once per named plan (a vitest project each, with its
 * options provided), and reads its JSON report: the tests of each plan, told apart by their suite.
 */
async function childSuites(plans: Record<string, { options: Record<string, unknown>; suite: string }>): Promise<{ tests: Record<string, ChildTest[]>; child: { stderr: string } }> {
  const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-vitest-'));
  const projects = Object.entries(plans).map(([name, p]) => ({ test: { name, root: ROOT, dir: join(ROOT, 'suites'), include: ['ruleprobe.suite.ts'], provide: { ruleprobe: p.options } } }));
  writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { projects: ${JSON.stringify(projects)} } };\n`);
  const out = join(dir, 'vitest.json');
  // Waited for without blocking this worker; a failing child test exits 1, which the assertions below tell.
  const child = await new Promise<{ stderr: string }>((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${out}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 }, (_err, _stdout, stderr) => resolve({ stderr }));
  });
  const json = JSON.parse(readFileSync(out, 'utf8')) as { testResults: Array<{ assertionResults: ChildTest[] }> };
  const all = json.testResults.flatMap((f) => f.assertionResults);
  return { tests: Object.fromEntries(Object.entries(plans).map(([name, p]) => [name, all.filter((t) => t.ancestorTitles.at(-1) === p.suite)])), child };
}

const SB = 'azure-service-bus/send-message';
const PLANS = {
  shipped: { options: { spec: [YANDEX], rule: RULES, seed: 7, runs: 4 }, suite: YANDEX },
  live: { options: { spec: [SB], rule: ['success-status', 'entity-gone', 'request-uri-topic'], seed: 3, runs: 2, profile: 'live' }, suite: `${SB} [profile live]` },
};

describe('the vitest front end (one child vitest, a project per plan)', () => {
  let child: Awaited<ReturnType<typeof childSuites>>;
  let viaCli: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    // The child vitest and the same plan through ruleprobe run's engine, at once.
    [child, viaCli] = await Promise.all([childSuites(PLANS), run(loadSpecs(), PLANS.shipped.options)]);
  });

  it('runs the provided plan through the engine: the same verdicts and case counts as ruleprobe run', () => {
    const tests = child.tests['shipped']!;
    expect(tests.map((t) => t.title).sort(), child.child.stderr).toEqual(RULES.map((r) => `${YANDEX}/${r}`).sort());
    const viaVitest = tests.map((t) => t.meta.ruleprobe!);
    expect(brief(viaVitest)).toEqual(brief(viaCli.records));
    expect(viaCli.records.map((r) => r.verdict)).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
    expect(viaCli.records.every((r) => r.cases > 0)).toBe(true);
    expect(tests.map((t) => t.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
  });

  it('takes profile like ruleprobe run: the live Service Bus rules pass, the suite names the profile', () => {
    const tests = child.tests['live']!;
    expect(tests.map((t) => [t.ancestorTitles.at(-1), t.title, t.status, t.meta.ruleprobe?.verdict]), child.child.stderr).toEqual([
      [`${SB} [profile live]`, `${SB}/success-status`, 'passed', 'PASS'],
      [`${SB} [profile live]`, `${SB}/request-uri-topic`, 'passed', 'PASS'],
      [`${SB} [profile live]`, `${SB}/entity-gone`, 'passed', 'PASS'],
    ]);
  });
});

describe('a user spec', () => {
  let ref: RunningReference;
  let dir: string;
  let target: string;
  const env = { ...DEV_CREDENTIALS };

  beforeAll(async () => {
    // A spec the project does not ship: the shipped SendMessage spec under an id of the user's.
    dir = mkdtempSync(join(tmpdir(), 'ruleprobe-user-spec-'));
    mkdirSync(join(dir, 'specs', 'acme-queue'), { recursive: true });
    const text = readFileSync(join(SPECS_DIR, 'yandex-message-queue/send-message.yaml'), 'utf8');
    writeFileSync(join(dir, 'specs', 'acme-queue', 'send-message.yaml'), text.replace(/^id: yandex-message-queue\/send-message$/m, 'id: acme-queue/send-message'));
    const cfg = devReferenceConfig();
    ref = await startReference(cfg);
    targetsFor(ref.url, cfg);
    const yaml = devTargetConfigYaml(ref.url);
    const block = yaml.slice(yaml.indexOf(`  ${YANDEX}:`), yaml.indexOf('  azure-notification-hubs/direct-send:'));
    target = join(dir, 'target.yaml');
    writeFileSync(target, `specs:\n${block.replace(`  ${YANDEX}:`, '  acme-queue/send-message:')}`);
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    await ref.close();
    for (const k of Object.keys(env)) delete process.env[k];
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  }

  it('is listed by rules and sample with --specs-dir, next to the shipped specs', async () => {
    const rules = await cli('rules', '--specs-dir', join(dir, 'specs'), '--format', 'json');
    expect(rules.code).toBe(EXIT.OK);
    const ids = (JSON.parse(rules.out) as { specs: Array<{ id: string }> }).specs.map((s) => s.id);
    expect(ids).toEqual(['azure-notification-hubs/direct-send', 'azure-service-bus/send-message', YANDEX, 'acme-queue/send-message']);
    const sample = await cli('sample', '--specs-dir', join(dir, 'specs'), '--spec', 'acme-queue/send-message', '--rule', 'delay-seconds-range', '-n', '0');
    expect(sample.code).toBe(EXIT.OK);
    expect(sample.out).toContain('DelaySeconds = 901 (max + 1)');
  });

  it('runs with ruleprobe run --specs-dir --target: the same verdicts as the shipped spec, no ERROR', async () => {
    const report = join(dir, 'report.json');
    const r = await cli('run', '--specs-dir', join(dir, 'specs'), '--target', target, '--spec', 'acme-queue/send-message', '--seed', '2', '--runs', '1', '--reporter', `json=${report}`);
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(EXIT.OK);
    const records = (JSON.parse(readFileSync(report, 'utf8')) as { records: VerdictRecord[] }).records;
    const shipped = loadSpecs().find((s) => s.specId === YANDEX)!;
    expect(records.map((x) => x.ruleId)).toEqual(shipped.rules.map((x) => x.id.replace(YANDEX, 'acme-queue/send-message')));
    // The dev target's FIFO queue has content-based deduplication off, so the rule for "on" is SKIP with its reason.
    expect(records.filter((x) => x.verdict !== 'PASS' && x.verdict !== 'UNTESTABLE').map((x) => `${x.ruleId} ${x.verdict} ${x.reason ?? x.failure?.message}`)).toEqual([
      'acme-queue/send-message/message-deduplication-id-content-based SKIP needs a target whose contentBasedDeduplication is on (whether the configured FIFO queue has content-based deduplication (a queue setting, PROTOCOL-FACTS §2.7)): options.contentBasedDeduplication: on in the target config',
    ]);
  });

  it('a failing case of a user spec replays with --specs-dir and the same target: still fails, exit 1', async () => {
    // The same reference with one behaviour broken, on its own port; the target config points there.
    const cfg = devReferenceConfig({ mutant: `${YANDEX}/delay-seconds-range` });
    const broken = await startReference(cfg);
    try {
      targetsFor(broken.url, cfg);
      const yaml = readFileSync(target, 'utf8').replaceAll(ref.url, broken.url);
      const brokenTarget = join(dir, 'broken-target.yaml');
      writeFileSync(brokenTarget, yaml);
      const report = join(dir, 'broken.json');
      const r = await cli('run', '--specs-dir', join(dir, 'specs'), '--target', brokenTarget, '--spec', 'acme-queue/send-message', '--rule', 'delay-seconds-range', '--seed', '2', '--runs', '3', '--reporter', `json=${report}`);
      expect(r.code).toBe(EXIT.FAILED);
      const again = await cli('replay', report, '--specs-dir', join(dir, 'specs'), '--target', brokenTarget);
      expect(again.code).toBe(EXIT.FAILED);
      expect(again.out).toContain('acme-queue/send-message/delay-seconds-range — DelaySeconds = 901 (max + 1)\n  STILL FAILS');
      expect(again.out).toContain('1 of 1 still fail');
    } finally {
      await broken.close();
    }
  });

  it('without a target config: a usage error that says the embedded reference serves only the shipped specs', async () => {
    const r = await cli('run', '--specs-dir', join(dir, 'specs'), '--spec', 'acme-queue/send-message');
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('no target for acme-queue/send-message: the embedded reference serves only the shipped specs; give --target');
  });

  it('a spec id used twice across folders: exit 2 naming both files', async () => {
    const twice = join(dir, 'twice');
    mkdirSync(twice, { recursive: true });
    writeFileSync(join(twice, 'copy.yaml'), readFileSync(join(SPECS_DIR, 'yandex-message-queue/send-message.yaml'), 'utf8'));
    const r = await cli('rules', '--specs-dir', twice);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/copy\.yaml:1:1 \/id: spec id "yandex-message-queue\/send-message" is also used by .*specs\/yandex-message-queue\/send-message\.yaml/);
  });
});
