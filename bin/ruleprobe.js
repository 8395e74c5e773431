#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`; `npm ci` builds it): no
// transpiler at start.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';

// A run allocates fast and keeps little (a case lives until it is judged): V8's default heap
// headroom would let garbage, not live data, set the peak memory, and let it grow with --runs.
// A smaller young generation and old-generation growth keep the peak near what is alive (about
// the same speed; bench/ measures both). Flags the user gives Node (`node --max-semi-space-size=…`,
// NODE_OPTIONS) win.
const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!/semi[-_]space/.test(given)) v8.setFlagsFromString('--max-semi-space-size=4');
if (!/heap[-_]growing[-_]percent/.test(given)) v8.setFlagsFromString('--heap-growing-percent=10');

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ruleprobe: not built yet (no dist/cli/main.js): run `npm run build` in the ruleprobe folder (`npm ci` builds it too)\n');
  process.exit(2);
}
// A reader that stops reading (`ruleprobe sample … | head`) is no error: what is left of the
// output goes nowhere, and the command still finishes (its report files are still written).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
const { main: run } = await import(main.href);
const code = await run(process.argv.slice(2));
process.exitCode = code;
// Stopped by a signal: the reports are written; requests and waits still pending are dropped.
if (code === 130 || code === 143) process.exit(code);
