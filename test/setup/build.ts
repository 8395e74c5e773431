/**
 * vitest global setup: the tests that spawn `bin/ruleprobe.js` run the compiled `dist/`, so it
 * must match the sources. `npm test` compiles first; a run of vitest alone after an edit builds
 * here, once, before any test starts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
/** The folders compiled into dist/ that the command runs. */
const SHIPPED = ['bin', 'cli', 'generators', 'reference', 'reporters', 'specs', 'src', 'suites'];

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

/** The first source file whose compiled file is missing or older than it, if any. */
export function staleSource(): string | undefined {
  for (const folder of SHIPPED) {
    const dir = join(ROOT, folder);
    if (!existsSync(dir)) continue;
    for (const file of tsFiles(dir)) {
      const out = join(ROOT, 'dist', relative(ROOT, file).replace(/\.ts$/, '.js'));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs) return relative(ROOT, file);
    }
  }
  return undefined;
}

export default function setup(): void {
  const stale = staleSource();
  if (!stale) return;
  process.stderr.write(`dist/ is older than ${stale}: compiling (npm run build) before the tests\n`);
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc')], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    // Type errors still emit; `npm test` fails on them in its own type check.
    process.stderr.write('tsc reported errors (above); the tests run what it emitted\n');
  }
}
