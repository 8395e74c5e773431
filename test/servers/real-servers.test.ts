/**
 * The Yandex spec against three SQS-compatible servers nobody here wrote — local-aws-sqs and
 * sqslite from npm, moto's moto_server where this machine has it — each started on loopback
 * and a free port, with a standard and a FIFO queue, a fixed seed and number of runs. Every
 * rule's verdict must be the one the server's known-failures file (known/<server>.yaml) lists, or
 * PASS when it lists none; each listed entry says what in the documents the verdict rests on and
 * what the server answered. The README's matrix is rendered from the same files.
 * Regenerate with `npm run compat -- --write`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecLoadError } from '../../src/config/errors.js';
import { currentMatrix, specRuleSlugs } from './compat.js';
import { loadKnown, parseKnown, verdictChanges } from './known.js';
import { matrixSection } from './matrix.js';
import { compatRun, RUNS, SEED, SPEC_ID } from './run.js';
import { findMotoServer, locateServer, SERVER_NAMES } from './servers.js';

const ROOT = join(import.meta.dirname, '../..');

describe('the known-failures files', () => {
  it.each(SERVER_NAMES)('%s.yaml loads, is for this spec, seed and runs, names only rules of the spec, and has no todo left', (server) => {
    const known = loadKnown(server);
    expect(known, `test/servers/known/${server}.yaml is missing: run npm run compat -- --write`).toBeDefined();
    expect({ server: known!.server, spec: known!.spec, seed: known!.seed, runs: known!.runs }).toEqual({ server, spec: SPEC_ID, seed: SEED, runs: RUNS });
    const slugs = specRuleSlugs();
    expect(Object.keys(known!.rules).filter((s) => !slugs.includes(s))).toEqual([]);
    // Entries in the spec's rule order, so a regenerated file diffs cleanly.
    expect(Object.keys(known!.rules)).toEqual(slugs.filter((s) => s in known!.rules));
    const todos = Object.entries(known!.rules).filter(([, e]) => e.todo).map(([slug, e]) => `${slug}: ${e.todo}`);
    expect(todos).toEqual([]);
  });

  it('rejects an entry without what the server answered, at its line and pointer', () => {
    const text = ['server: moto', 'version: 5.2.1', `spec: ${SPEC_ID}`, 'seed: 1', 'runs: 10', 'rules:', '  auth-missing:', '    verdict: FAIL', '    document: { ref: "PROTOCOL-FACTS §2.3" }', '    evidence: { excerpt: accepted }', ''].join('\n');
    let problems: string[] = [];
    try {
      parseKnown(text, 'moto.yaml');
    } catch (err) {
      problems = (err as SpecLoadError).problems.map((p) => `${p.file}:${p.line} ${p.pointer}: ${p.message}`);
    }
    expect(problems).toEqual(['moto.yaml:10 /rules/auth-missing/evidence: missing required key "status"']);
  });

  it('rejects an entry that neither explains nor flags its verdict', () => {
    const text = ['server: sqslite', 'version: 2.1.1', `spec: ${SPEC_ID}`, 'seed: 1', 'runs: 10', 'rules:', '  auth-missing:', '    verdict: FAIL', ''].join('\n');
    expect(() => parseKnown(text, 'sqslite.yaml')).toThrow(SpecLoadError);
  });

  it('the README matrix is the one the files give', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(matrixSection(readme), 'README.md differs from the known-failures files: run npm run compat -- --write').toBe(currentMatrix());
  });
});

// The three servers run at once, beside the search for moto_server: each is its own process on its
// own port with its own queues, and a run mostly waits for its server (sqslite never answers one
// request, which takes the whole 20 s deadline).
describe.concurrent('finding moto_server', () => {
  it('finds the same moto_server with a login shell PATH and with a bare PATH as with this PATH, or none with any', (ctx) => {
    const here = findMotoServer(process.env);
    const login = spawnSync('bash', ['-lc', 'printf %s "$PATH"'], { env: { HOME: process.env['HOME'] ?? '' }, encoding: 'utf8', timeout: 60_000 });
    const loginEnv = { HOME: process.env['HOME'], PATH: login.status === 0 ? login.stdout : '/usr/bin:/bin' };
    const bareEnv = { HOME: process.env['HOME'], PATH: '/usr/bin:/bin' };
    if ('missing' in here) {
      console.warn(`moto: SKIP — ${here.missing}`);
      return ctx.skip(here.missing);
    }
    ctx.expect(findMotoServer(loginEnv)).toEqual(here);
    ctx.expect(findMotoServer(bareEnv)).toEqual(here);
  });
});

describe.concurrent.each(SERVER_NAMES)('%s', (name) => {
  it('gives every rule the verdict its known-failures file lists (PASS when unlisted)', { timeout: 240_000 }, async (ctx) => {
    const server = locateServer(name);
    if ('missing' in server) {
      console.warn(`${name}: SKIP — ${server.missing}`);
      return ctx.skip(server.missing);
    }
    const known = loadKnown(name)!;
    if (server.version !== known.version) {
      const why = `${server.origin} is installed, but known/${name}.yaml is for ${known.version}`;
      // npm ci installs the locked version, so a mismatch there is a broken setup; moto comes from the machine.
      if (name === 'moto') {
        console.warn(`${name}: SKIP — ${why}`);
        return ctx.skip(why);
      }
      ctx.expect.fail(why);
    }
    const run = await compatRun(server);
    ctx.expect(run.records.map((r) => r.ruleId)).toEqual(specRuleSlugs().map((s) => `${SPEC_ID}/${s}`));
    const changes = verdictChanges(known, run.records).map((c) => `${c.rule}: expected ${c.expected}, actual ${c.actual} — ${c.message}`);
    ctx.expect(changes, `verdicts of ${name} differ from known/${name}.yaml (npm run compat -- --write, then explain each new entry)`).toEqual([]);
  });
});
