/**
 * The three SQS-compatible servers nobody here wrote, as a compatibility run needs them: where
 * each comes from, which version is installed, how it starts on loopback and a free port.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { request } from 'undici';
import { freePort, startProcess, type ServerProcess } from './process.js';

const ROOT = join(import.meta.dirname, '../..');

export const SERVER_NAMES = ['local-aws-sqs', 'sqslite', 'moto'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** A server that can be started here. */
export interface Available {
  name: ServerName;
  version: string;
  /** Where it comes from, for the report: the npm package or the moto_server program. */
  origin: string;
  start(): Promise<ServerProcess>;
  /**
   * The host name CreateQueue is to be sent with, where the server builds queue URLs from the Host
   * header but recognises only one name in them (sqslite: `localhost`).
   */
  queueHostName?: string;
  /**
   * Rules whose verdict depends on the server's own random draws: run first (right after
   * `prepare`), alone and one request at a time, so they see the same draws every run.
   */
  serialRules?: string[];
  /** Called once the server is up, before any queue is created. */
  prepare?(url: string): Promise<void>;
}

/** A server that cannot: why, in one sentence. */
export interface Missing {
  name: ServerName;
  missing: string;
}

function npmServer(name: 'local-aws-sqs' | 'sqslite'): Available | Missing {
  let version: string;
  try {
    version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return { name, missing: `the npm package ${name} is not installed (npm ci installs it as a devDependency)` };
  }
  return {
    name,
    version,
    origin: `npm package ${name}@${version}`,
    // sqslite finds a queue by stripping /http:\/\/localhost:\d+\/queues\// from its URL (lib/sqs.js
    // QUEUE_URL_REGEX), so a queue URL naming 127.0.0.1 is NonExistentQueue for every send.
    ...(name === 'sqslite' ? { queueHostName: 'localhost' } : {}),
    start: () =>
      startProcess(process.execPath, [join(import.meta.dirname, 'launch-npm-server.mjs'), name], {
        cwd: ROOT,
        ready: { line: /^listening (http:\/\/127\.0\.0\.1:\d+)$/m },
      }),
  };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The moto_server program: each directory of `PATH`, then where pyenv and pip --user put console
 * scripts (a login shell's PATH has them, a bare CI shell's may not). A candidate counts only if
 * it runs (`--help` exits 0): a pyenv shim for a Python without moto does not.
 */
export function findMotoServer(env: Record<string, string | undefined> = process.env): { path: string } | { missing: string } {
  const home = env['HOME'] || homedir();
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), join(home, '.pyenv/shims'), join(home, '.local/bin')];
  const tried: string[] = [];
  for (const dir of [...new Set(dirs)]) {
    const path = join(dir, 'moto_server');
    if (!executable(path)) continue;
    tried.push(path);
    const r = spawnSync(path, ['--help'], { env: { ...env, HOME: home }, encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return { path };
  }
  return {
    missing: tried.length
      ? `moto_server at ${tried.join(', ')} does not run (--help fails)`
      : `moto_server is not on PATH nor in ~/.pyenv/shims or ~/.local/bin (pip install 'moto[server]' provides it)`,
  };
}

/** The Python that runs `program`: its shebang's interpreter, or for a shim the `python` beside it. */
function pythonOf(program: string): string {
  const first = readFileSync(program, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
  return m ? m[1]! : join(dirname(program), 'python');
}

/** The seed of moto's random generator (its /moto-api/seed endpoint). */
export const MOTO_SEED = 1;

function motoServer(env: Record<string, string | undefined> = process.env): Available | Missing {
  const found = findMotoServer(env);
  if ('missing' in found) return { name: 'moto', missing: found.missing };
  const r = spawnSync(pythonOf(found.path), ['-c', 'import moto; print(moto.__version__)'], { env, encoding: 'utf8', timeout: 60_000 });
  const version = r.status === 0 ? r.stdout.trim() : undefined;
  if (!version) return { name: 'moto', missing: `moto_server at ${found.path} runs, but its moto version could not be read: ${(r.stderr || r.error?.message || '').trim().slice(0, 300)}` };
  return {
    name: 'moto',
    version,
    origin: `moto_server ${found.path} (moto ${version})`,
    // moto draws every SequenceNumber (and MessageId) from its own random generator: five of them
    // increase by chance once in 120 runs. Seeded, and sent first and one at a time, they are the
    // same numbers every run, so sequence-number-increasing does not change its verdict by chance.
    serialRules: ['sequence-number-increasing'],
    prepare: async (url) => {
      const res = await request(`${url}/moto-api/seed?a=${MOTO_SEED}`, { method: 'POST', headersTimeout: 60_000, bodyTimeout: 60_000 });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`moto /moto-api/seed answered ${res.statusCode}`);
    },
    start: async () => {
      // moto_server takes a port number, not 0: pick a free one; another process may take it in between, so try again.
      let last: Error | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        try {
          return await startProcess(found.path, ['-H', '127.0.0.1', '-p', String(port)], { env, ready: { port } });
        } catch (err) {
          last = err as Error;
        }
      }
      throw last!;
    },
  };
}

export function locateServer(name: ServerName, env: Record<string, string | undefined> = process.env): Available | Missing {
  return name === 'moto' ? motoServer(env) : npmServer(name);
}
