/**
 * A server process started for a test and always stopped: its own process group (so a shim's or
 * launcher's children go too), SIGTERM then SIGKILL, and a synchronous SIGKILL when the test
 * process exits with the server still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

export interface ServerProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** What the process wrote so far (stdout and stderr, interleaved), for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

/** A loopback port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** How long the server may take to get ready; generous, since the machine may be loaded. */
  startupMs?: number;
  /**
   * How readiness shows: a line the process prints whose first group is the URL, or a port it
   * will accept connections on.
   */
  ready: { line: RegExp } | { port: number };
}

/** Starts `command args`, resolves once it is ready; rejects (and kills it) when it exits or does not get ready in time. */
export function startProcess(command: string, args: string[], o: StartOptions): Promise<ServerProcess> {
  installExitHook();
  const child = spawn(command, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let out = '';
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with ${code}`;
      running.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      exited = `could not start: ${err.message}`;
      running.delete(child);
      resolve();
    });
  });
  const collect = (d: Buffer): void => {
    // Keep the start and the end: enough to see why it did not start, bounded for chatty servers.
    out = out.length < 64 * 1024 ? out + d.toString() : out.slice(0, 32 * 1024) + '\n…\n' + (out.slice(-32 * 1024) + d.toString()).slice(-32 * 1024);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const stop = async (): Promise<void> => {
    if (exited) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  const handle = (url: string): ServerProcess => ({ url, output: () => out, stop });

  const startupMs = o.startupMs ?? 90_000;
  const deadline = Date.now() + startupMs;
  const ready = new Promise<ServerProcess>((resolve, reject) => {
    const fail = (why: string): void => {
      void stop().then(() => reject(new Error(`${command} ${args.join(' ')}: ${why}\n${out}`)));
    };
    void exit.then(() => fail(exited ?? 'exited'));
    if ('line' in o.ready) {
      const pattern = o.ready.line;
      const onData = (): void => {
        const m = pattern.exec(out);
        if (m?.[1]) {
          child.stdout!.off('data', onData);
          clearTimeout(timer);
          resolve(handle(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      const timer = setTimeout(() => fail(`printed nothing matching ${pattern} within ${startupMs} ms`), startupMs);
    } else {
      const port = o.ready.port;
      const poll = async (): Promise<void> => {
        while (!exited) {
          if (await accepts(port)) return resolve(handle(`http://127.0.0.1:${port}`));
          if (Date.now() > deadline) return fail(`did not accept connections on port ${port} within ${startupMs} ms`);
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      void poll();
    }
  });
  return ready;
}
