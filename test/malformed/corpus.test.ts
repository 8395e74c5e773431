/**
 * The malformed-input corpus: every wrong file and command line exits 2 with the file, the line
 * and the JSON pointer named, no stack trace, and no planted secret in any output. The CLI runs
 * in-process through `main(argv, io)`; a few cases that need a real process spawn bin/ruleprobe.js.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { main } from '../../cli/main.js';
import { ARGV_CASES } from './cli-args.js';
import { KNOWN_FAILURES, SPECS, TARGETS, type FileExpectation } from './expectations.js';

const ROOT = join(import.meta.dirname, '../..');
const HERE = import.meta.dirname;

/** Secrets in the environment the configs name; none may ever be printed. */
const ENV = {
  RP_MAL_NH_KEY: 'PLANTED-env-nh-key-0c4f',
  RP_MAL_YMQ_ID: 'AKIAPLANTEDENVID0001',
  RP_MAL_YMQ_SECRET: 'PLANTED-env-ymq-secret-6a3b',
  RP_MAL_SB_TOKEN: 'PLANTED-env-sb-token-2f8e',
  RP_MAL_EMPTY: '',
};
/** Every planted value: the environment's and those written inline in the fixtures. */
const PLANTED = [
  ...Object.values(ENV).filter(Boolean),
  'PLANTED-inline-credentials-7d1e',
  'PLANTED-inline-secret-5b2c',
  '909182736450',
  'PLANTED-in-env-name-3e9f',
  'PLANTEDsecretInEnvName81',
  '4242424242',
  'PLANTED/sigv4+secret=0a1b',
  'AKIAPLANTED7EXAMPLE9',
  'PLANTED-swt-token=1c7d',
];

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** What every case asserts: exit 2, no stack trace, no JS error class, no planted secret. */
function expectCleanUsageError(r: Outcome | { code: number | null; out: string; err: string }): void {
  expect(r.code, r.err).toBe(EXIT.USAGE);
  const all = r.out + r.err;
  expect(all).not.toMatch(/^\s+at /m);
  expect(all).not.toMatch(/\b[A-Z]\w*Error\b:|\bError: /);
  for (const s of PLANTED) expect(all).not.toContain(s);
}

/** The located problem: `file:line:column pointer: message`. */
function expectLocated(err: string, file: string, e: FileExpectation): void {
  const first = err.split('\n').find((l) => l.startsWith(`${file}:`));
  expect(first, err).toBeDefined();
  const m = /^(.*):(\d+):(\d+) (\S+): (.*)$/.exec(first!);
  expect(m, first).not.toBeNull();
  expect({ file: m![1], line: Number(m![2]), pointer: m![4] }).toEqual({ file, line: e.line, pointer: e.pointer });
  expect(m![5]).toContain(e.says);
}

const saved: Record<string, string | undefined> = {};
let tmp: string;

beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  tmp = mkdtempSync(join(tmpdir(), 'ruleprobe-malformed-'));
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const names = (dir: string): string[] => readdirSync(join(HERE, dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

describe('malformed target configs: exit 2, file, line and pointer, no secret', () => {
  it('has an expectation for every fixture', () => {
    expect(names('targets')).toEqual(Object.keys(TARGETS).sort());
  });
  it.each(Object.entries(TARGETS))('%s', async (name, e) => {
    const file = join(HERE, 'targets', `${name}.yaml`);
    const r = await cli(['run', '--target', file]);
    expectCleanUsageError(r);
    expect(r.err.startsWith('ruleprobe: target config is invalid:\n'), r.err).toBe(true);
    expectLocated(r.err, file, e);
  });
});

describe('malformed spec files: exit 2, file, line and pointer', () => {
  it('has an expectation for every fixture', () => {
    expect(names('specs')).toEqual(Object.keys(SPECS).sort());
  });
  it.each(Object.entries(SPECS))('%s', async (name, e) => {
    const dir = join(tmp, `spec-${name}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(HERE, 'specs', `${name}.yaml`), join(dir, `${name}.yaml`));
    const r = await cli(['rules', '--specs-dir', dir]);
    expectCleanUsageError(r);
    expect(r.err.startsWith('ruleprobe: spec file is invalid:\n'), r.err).toBe(true);
    expectLocated(r.err, relative(process.cwd(), join(dir, `${name}.yaml`)), e);
  });
});

describe('malformed known-failures files: exit 2, labelled as such, file, line and pointer', () => {
  it('has an expectation for every fixture', () => {
    expect(names('known-failures')).toEqual(Object.keys(KNOWN_FAILURES).sort());
  });
  it.each(Object.entries(KNOWN_FAILURES))('%s', async (name, e) => {
    const file = join(HERE, 'known-failures', `${name}.yaml`);
    const r = await cli(['run', '--known-failures', file, '--spec', 'yandex-message-queue/send-message']);
    expectCleanUsageError(r);
    expect(r.err.startsWith('ruleprobe: known-failures file is invalid:\n'), r.err).toBe(true);
    expectLocated(r.err, file, e);
  });
});

const NH_HEAD = 'specs:\n  azure-notification-hubs/direct-send:\n    baseUrl: http://127.0.0.1:9\n';

/** Files made by the test: bytes no fixture should hold, and sizes no repository should. */
const GENERATED: Array<{ name: string; bytes: () => Buffer; e: FileExpectation }> = [
  { name: 'invalid UTF-8', bytes: () => Buffer.concat([Buffer.from(NH_HEAD + '    entities: { hub: "caf'), Buffer.from([0xe9]), Buffer.from('" }\n')]), e: { line: 4, pointer: '/', says: 'not UTF-8 text: byte 0xE9' } },
  { name: 'a lone continuation byte', bytes: () => Buffer.from([0x73, 0x70, 0x80, 0x0a]), e: { line: 1, pointer: '/', says: 'not UTF-8 text: byte 0x80' } },
  { name: 'an overlong encoding', bytes: () => Buffer.from([0x61, 0x0a, 0xc0, 0xaf]), e: { line: 2, pointer: '/', says: 'not UTF-8 text: byte 0xC0' } },
  { name: 'a UTF-16 surrogate in UTF-8', bytes: () => Buffer.concat([Buffer.from('specs: "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]), e: { line: 1, pointer: '/', says: 'not UTF-8 text: byte 0xED' } },
  { name: 'binary garbage (a NUL byte)', bytes: () => Buffer.from('specs: \u0000\u0001\u0002garbage\n'), e: { line: 1, pointer: '/', says: 'binary data, not text: a NUL byte' } },
  { name: 'a JPEG named .yaml', bytes: () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), e: { line: 1, pointer: '/', says: 'not UTF-8 text: byte 0xFF' } },
  { name: 'a control character', bytes: () => Buffer.from(NH_HEAD + '    entities: { hub: "a\u001bb" }\n'), e: { line: 4, pointer: '/', says: 'control character U+001B' } },
  { name: 'a byte order mark, then a wrong value', bytes: () => Buffer.from('\ufeffspecs: []\n'), e: { line: 1, pointer: '/specs', says: 'must be object, got an array' } },
  { name: 'a huge file (5 MB)', bytes: () => Buffer.from(`specs:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(80_000)}`), e: { line: 1, pointer: '/', says: 'larger than 4 MiB' } },
  { name: 'deep flow nesting (Maximum call stack)', bytes: () => Buffer.from(`specs: ${'['.repeat(5000)}${']'.repeat(5000)}\n`), e: { line: 1, pointer: '/', says: 'nested more than 64 levels deep' } },
  { name: 'deep block nesting', bytes: () => Buffer.from(`specs:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}${'  '.repeat(201)}b: 1\n`), e: { line: 65, pointer: '/', says: 'nested more than 64 levels deep' } },
  { name: 'nesting just past the limit', bytes: () => Buffer.from(`specs: ${'{a: '.repeat(70)}1${'}'.repeat(70)}\n`), e: { line: 1, pointer: '/', says: 'nested more than 64 levels deep' } },
  { name: 'aliases stacking depth', bytes: () => Buffer.from(`a: &a ${'['.repeat(40)}${']'.repeat(40)}\nb: &b [${'*a,'.repeat(1)}[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\nspecs: *b\n`), e: { line: 3, pointer: '/', says: 'nested more than 64 levels deep once its aliases are expanded' } },
  { name: 'more than 1000 aliases', bytes: () => Buffer.from(`a: &a 1\nspecs: [${Array(1200).fill('*a').join(',')}]\n`), e: { line: 1, pointer: '/', says: 'more than 1000 aliases' } },
];

describe('generated malformed target configs: encodings, sizes, nesting', () => {
  it.each(GENERATED.map((g) => [g.name, g] as const))('%s', async (_name, g) => {
    const file = join(tmp, `gen-${GENERATED.indexOf(g)}.yaml`);
    writeFileSync(file, g.bytes());
    const r = await cli(['run', '--target', file]);
    expectCleanUsageError(r);
    expect(r.err.startsWith('ruleprobe: target config is invalid:\n'), r.err).toBe(true);
    expectLocated(r.err, file, g.e);
  });
});

describe('symbolic links and folders of spec files', () => {
  it('a symlink loop (a folder linking to itself) in --specs-dir', async () => {
    const dir = join(tmp, 'loop');
    mkdirSync(dir);
    symlinkSync(dir, join(dir, 'again'));
    const r = await cli(['rules', '--specs-dir', dir]);
    expectCleanUsageError(r);
    expect(r.err).toContain(`${relative(process.cwd(), join(dir, 'again'))}:1:1 /: a symbolic link back to ${relative(process.cwd(), dir)}, which is already being read (a loop); remove the link`);
  });
  it('a symlink loop between two spec files', async () => {
    const dir = join(tmp, 'file-loop');
    mkdirSync(dir);
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    const r = await cli(['rules', '--specs-dir', dir]);
    expectCleanUsageError(r);
    expect(r.err).toContain(`${relative(process.cwd(), join(dir, 'a.yaml'))}:1:1 /: cannot read: a symbolic link loop`);
  });
  it('a dangling symlink in --specs-dir', async () => {
    const dir = join(tmp, 'dangling');
    mkdirSync(dir);
    symlinkSync('gone.yaml', join(dir, 'spec.yaml'));
    const r = await cli(['rules', '--specs-dir', dir]);
    expectCleanUsageError(r);
    expect(r.err).toContain(`${relative(process.cwd(), join(dir, 'spec.yaml'))}:1:1 /: a symbolic link to gone.yaml, which does not exist`);
  });
  it('a dangling symlink as --target', async () => {
    const file = join(tmp, 'dangling-target.yaml');
    symlinkSync(join(tmp, 'gone.yaml'), file);
    const r = await cli(['run', '--target', file]);
    expectCleanUsageError(r);
    expect(r.err).toContain(`${file}:1:1 /: cannot read: no such file`);
  });
  it('a symlink loop as --target', async () => {
    const file = join(tmp, 'loop-target.yaml');
    symlinkSync(file, file);
    const r = await cli(['run', '--target', file]);
    expectCleanUsageError(r);
    expect(r.err).toContain(`${file}:1:1 /: cannot read: a symbolic link loop`);
  });
});

describe('wrong command lines: exit 2, the option and what is wrong named', () => {
  it.each(ARGV_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = mkdtempSync(join(tmp, 'argv-'));
    writeFileSync(join(dir, 'notjson'), 'not json');
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await cli(c.argv.map((a) => a.replaceAll('FILE:', `${dir}/`).replaceAll('DIR', dir)));
    expectCleanUsageError(r);
    expect(r.err).toContain(c.says.replaceAll('DIR', dir));
  });
});

/** Cases that need a real process: a stack of the real size, and the real stderr. */
describe('in a real process', () => {
  const spawn = (args: string[]): { code: number | null; out: string; err: string } => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/ruleprobe.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...ENV }, timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it('deeply nested YAML ("Maximum call stack") exits 2, located', () => {
    const file = join(tmp, 'deep-process.yaml');
    writeFileSync(file, `specs:\n  x: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`);
    const r = spawn(['run', '--target', file]);
    expectCleanUsageError(r);
    expect(r.err).toMatch(new RegExp(`^ruleprobe: target config is invalid:\n${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+ /: YAML: nested more than 64 levels deep`));
  });
  it('serve --host 999.1.1.1 exits 2 without an unhandled error event', () => {
    const r = spawn(['serve', '--host', '999.1.1.1']);
    expectCleanUsageError(r);
    expect(r.err).toBe('ruleprobe: cannot listen on 999.1.1.1: --host 999.1.1.1 is neither an IP address nor a name this machine resolves\n');
  });
});
