/**
 * The browser for the project's browser tests: Debian's Chromium. The tests install it themselves
 * (as root, from the Debian archive) rather than relying on a machine prepared by hand, and never
 * use a test tool's own browser download, which this network refuses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a closed network: without the background-networking ones it
 * keeps trying Google's hosts and fills the log with refused connections. Playwright adds its own
 * fresh user data dir (launch) or takes ours (launchPersistentContext); it refuses --user-data-dir here.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

const INSTALL = [
  ['apt-get', 'update'],
  // The lock timeout lets a concurrent apt (another test run, unattended upgrades) finish first.
  ['apt-get', 'install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', 'chromium'],
] as const;

/** Why the browser could not be installed: a test may skip on this, and only on this. */
export class ChromiumInstallError extends Error {
  override name = 'ChromiumInstallError';
}

/** Returns the path of Debian's Chromium, installing the package first if it is missing. */
export function ensureChromium(log: (line: string) => void = (line) => console.log(line)): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new ChromiumInstallError(`${CHROMIUM} is missing and this is not a Debian system with apt-get; install Chromium there by hand`);
  }
  if (process.getuid?.() !== 0) {
    throw new ChromiumInstallError(`${CHROMIUM} is missing and installing it needs root; run: apt-get install chromium`);
  }
  log(`${CHROMIUM} is missing; installing Debian's chromium package (the first run takes a minute or so)`);
  const started = Date.now();
  for (const [cmd, ...args] of INSTALL) {
    log(`$ ${cmd} ${args.join(' ')}`);
    const r = spawnSync(cmd, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd();
    const tail = output.split('\n').slice(-15).join('\n');
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit code ${r.status ?? `signal ${r.signal}`}`;
      throw new ChromiumInstallError(`\`${cmd} ${args.join(' ')}\` failed (${why}):\n${tail}`);
    }
    log(tail);
  }
  if (!existsSync(CHROMIUM)) throw new ChromiumInstallError(`the chromium package installed, but ${CHROMIUM} does not exist`);
  log(`installed ${CHROMIUM} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return CHROMIUM;
}
