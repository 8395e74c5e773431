/**
 * Profile selection on the command line: --profile on run, rules, sample and serve's target
 * config; `profile:` in a target config and the precedence (--profile over the config over seed);
 * a spec without the profile is a usage error (exit 2); reports, baselines, merge and replay keep
 * each spec's profile.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { DEV_CREDENTIALS, devReferenceConfig, devTargetConfigYaml, targetsFor } from '../../reference/embedded.js';
import { startReference, type RunningReference } from '../../reference/server.js';
import type { Report } from '../../src/report/model.js';

const SB = 'azure-service-bus/send-message';
const NH = 'azure-notification-hubs/direct-send';
const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-profile-cli-'));
const file = (name: string): string => join(dir, name);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const readJson = (name: string): Report => JSON.parse(readFileSync(file(name), 'utf8')) as Report;
const QUICK = ['--runs', '2', '--seed', '5'];

describe('--profile on ruleprobe run against the embedded reference', () => {
  it('live: the reference serves live, the report names the profile, exit 0', async () => {
    const r = await cli('run', '--profile', 'live', '--spec', SB, '--rule', 'success-status', 'entity-gone', 'auth-wrong-key', ...QUICK, '--reporter', 'console', '--reporter', `json=${file('live.json')}`);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toContain(`${SB} (Azure Service Bus — Send Message), profile live`);
    expect(r.out).toMatch(/^3 passed, 0 failed, 0 skipped/m);
    const report = readJson('live.json');
    expect(report.specs).toEqual([{ id: SB, title: 'Azure Service Bus — Send Message', seed: '000_a86207686787fef9.txt', profile: 'live' }]);
    expect(report.records.map((x) => [x.ruleId, x.verdict])).toEqual([
      [`${SB}/auth-wrong-key`, 'PASS'],
      [`${SB}/success-status`, 'PASS'],
      [`${SB}/entity-gone`, 'PASS'],
    ]);
  });

  it('seed is the default, and names itself', async () => {
    const r = await cli('run', '--spec', SB, '--rule', 'success-status', ...QUICK, '--reporter', `json=${file('seed.json')}`);
    expect(r.code).toBe(EXIT.OK);
    expect(readJson('seed.json').specs.map((s) => s.profile)).toEqual(['seed']);
  });

  it('a profile a selected spec lacks is a usage error, exit 2', async () => {
    const r = await cli('run', '--profile', 'staging', '--spec', SB, ...QUICK);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toBe(`ruleprobe: --profile staging: spec ${SB} has no profile "staging" (its profiles: seed, live); select the specs that have it with --spec\n`);
  });

  it('a baseline from another profile is refused, exit 2', async () => {
    const r = await cli('run', '--profile', 'live', '--spec', SB, '--rule', 'success-status', ...QUICK, '--baseline', file('seed.json'));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toBe(`ruleprobe: --baseline ${file('seed.json')} is from another profile: ${SB} ran under profile live, the baseline under seed; compare runs of one profile\n`);
    const same = await cli('run', '--profile', 'live', '--spec', SB, '--rule', 'success-status', ...QUICK, '--baseline', file('live.json'));
    expect(same.code).toBe(EXIT.OK);
  });

  it('a known-failures file may name a rule only a profile has', async () => {
    writeFileSync(file('known.yaml'), `known-failures:\n  - rule: ${SB}/entity-gone\n    reason: the staging namespace answers 404 (ticket Q-7)\n`);
    const r = await cli('run', '--profile', 'live', '--spec', SB, '--rule', 'entity-gone', ...QUICK, '--known-failures', file('known.yaml'));
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/stale/i);
  });

  it('merge refuses shards of different profiles', async () => {
    const r = await cli('merge', file('seed.json'), file('live.json'));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/spec azure-service-bus\/send-message ran under profile live, but under seed in .*seed\.json; shards of one run share their profiles/);
  });
});

describe('--profile on rules and sample', () => {
  it('rules lists the spec under the profile', async () => {
    const r = await cli('rules', '--spec', SB, '--profile', 'live', '--format', 'json');
    expect(r.code).toBe(EXIT.OK);
    const [spec] = (JSON.parse(r.out) as { specs: Array<{ profile: string; profiles: string[]; rules: Array<{ slug: string; testable: boolean }> }> }).specs;
    expect([spec!.profile, spec!.profiles]).toEqual(['live', ['seed', 'live']]);
    expect(spec!.rules.find((x) => x.slug === 'wrap-token-accepted')!.testable).toBe(false);
    expect(spec!.rules.some((x) => x.slug === 'entity-gone')).toBe(true);
    const table = await cli('rules', '--spec', SB, '--profile', 'live');
    expect(table.out).toContain('profile live (specs/azure-service-bus/profiles/live.yaml)');
    expect((await cli('rules', '--profile', 'nope')).code).toBe(EXIT.USAGE);
  });

  it('sample signs live Service Bus requests with SAS and sends NH 2020-06', async () => {
    const sb = await cli('sample', '--spec', SB, '--profile', 'live', '--rule', 'success-status', '--runs', '0');
    expect(sb.code).toBe(EXIT.OK);
    expect(sb.out).toContain('SharedAccessSignature');
    expect(sb.out).not.toContain('WRAP access_token');
    const nh = await cli('sample', '--spec', NH, '--profile', 'live', '--rule', 'success-201', '--runs', '0');
    expect(nh.out).toContain('api-version=2020-06');
    expect(nh.out).toMatch(/x-ms-version: 2020-06/i);
  });
});

describe('profile: in a target config, and the precedence', () => {
  let live: RunningReference;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    for (const [k, v] of Object.entries(DEV_CREDENTIALS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const cfg = devReferenceConfig({ profile: 'live' });
    live = await startReference(cfg);
    targetsFor(live.url, cfg);
    writeFileSync(file('live-target.yaml'), devTargetConfigYaml(live.url, 'live'));
    writeFileSync(file('seed-profile-target.yaml'), devTargetConfigYaml(live.url, 'live').replace(/\n {4}profile: live/g, ''));
    writeFileSync(file('bad-profile-target.yaml'), devTargetConfigYaml(live.url, 'live').replace('profile: live', 'profile: staging'));
  });
  afterAll(async () => {
    await live.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('serve\'s target config for the live profile says profile: live per spec, with SAS for Service Bus', () => {
    const text = readFileSync(file('live-target.yaml'), 'utf8');
    expect(text.match(/^ {4}profile: live$/gm)).toHaveLength(3);
    expect(text).toContain('credentials: { scheme: sas, keyName: RootManageSharedAccessKey, key: { env: RULEPROBE_DEV_SB_SAS_KEY } }');
  });

  it('the config\'s profile applies without --profile', async () => {
    const r = await cli('run', '--target', file('live-target.yaml'), '--spec', SB, NH, '--rule', 'success-status', 'success-201', ...QUICK, '--reporter', `json=${file('config.json')}`);
    expect(r.code).toBe(EXIT.OK);
    expect(readJson('config.json').specs.map((s) => [s.id, s.profile])).toEqual([[NH, 'live'], [SB, 'live']]);
    expect(readJson('config.json').records.map((x) => x.verdict)).toEqual(['PASS', 'PASS']);
  });

  it('--profile overrides the config: seed with the config\'s SAS credentials is a located config error', async () => {
    const r = await cli('run', '--target', file('live-target.yaml'), '--profile', 'seed', '--spec', SB, ...QUICK);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain(`${file('live-target.yaml')}:8:28 /specs/${SB.replace('/', '~1')}/credentials/scheme: the spec is signed with "wrap", but these credentials are for "sas"`);
  });

  it('--profile live over a config without profile: runs live', async () => {
    const r = await cli('run', '--target', file('seed-profile-target.yaml'), '--profile', 'live', '--spec', SB, '--rule', 'success-status', ...QUICK, '--reporter', `json=${file('flag.json')}`);
    expect(r.code).toBe(EXIT.OK);
    expect(readJson('flag.json').specs.map((s) => s.profile)).toEqual(['live']);
  });

  it('a config without profile runs seed', async () => {
    // Only the Notification Hubs entry: the others hold live credentials, which the seed specs refuse.
    const text = readFileSync(file('seed-profile-target.yaml'), 'utf8');
    writeFileSync(file('nh-target.yaml'), `specs:\n${text.slice(text.indexOf(`  ${NH}:`))}`);
    const r = await cli('run', '--target', file('nh-target.yaml'), '--spec', NH, '--rule', 'success-201', ...QUICK, '--reporter', `json=${file('noprofile.json')}`);
    expect(r.code).toBe(EXIT.OK);
    expect(readJson('noprofile.json').specs.map((s) => s.profile)).toEqual(['seed']);
  });

  it('a profile in the config that the spec lacks is a located error, exit 2', async () => {
    const r = await cli('run', '--target', file('bad-profile-target.yaml'), '--spec', SB, ...QUICK);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain(`${file('bad-profile-target.yaml')}:5:14 /specs/${SB.replace('/', '~1')}/profile: spec ${SB} has no profile "staging"; its profiles: seed, live`);
  });

  it('replay sends the cases again under the report\'s profile', async () => {
    // The seed spec's WRAP token against the live reference: every send is refused (401).
    const seedTarget = file('wrap-target.yaml');
    writeFileSync(seedTarget, `specs:\n  ${SB}:\n    baseUrl: ${live.url}\n    entities: { topic: orders }\n    credentials: { scheme: wrap, issuer: owner, issuerKey: { env: RULEPROBE_DEV_SB_ISSUER_KEY } }\n`);
    const failing = await cli('run', '--target', seedTarget, '--spec', SB, '--rule', 'success-status', ...QUICK, '--reporter', `json=${file('failing.json')}`);
    expect(failing.code).toBe(EXIT.FAILED);
    const r = await cli('replay', file('failing.json'), '--target', seedTarget);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.out).toMatch(/STILL FAILS .* got status 401/);
    // A live report replayed with a seed-only config: the report's profile (SAS) decides the credentials.
    const liveReport = readJson('failing.json');
    liveReport.specs[0]!.profile = 'live';
    writeFileSync(file('failing-live.json'), JSON.stringify(liveReport));
    const mismatch = await cli('replay', file('failing-live.json'), '--target', seedTarget);
    expect(mismatch.code).toBe(EXIT.USAGE);
    expect(mismatch.err).toContain('the spec is signed with "sas", but these credentials are for "wrap"');
  });
});
