#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops reading (`ruleprobe sample … | head`) is no error: what is left of the
// output goes nowhere, and the command still finishes (its report files are still written).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Stopped by a signal: the reports are written; requests and waits still pending are dropped.
if (code === 130 || code === 143) process.exit(code);
