/** `npm run bench`: the performance figures the README quotes. Never run as a timed test. */
import { benchGeneration } from './generation.js';

const rows = benchGeneration();
console.log('\nRequest generation (generate + encode to wire bytes), this machine:\n');
console.log('| spec | cases | requests per second | mean body bytes |');
console.log('|---|---|---:|---:|');
for (const r of rows) console.log(`| ${r.spec} | ${r.kind} | ${Math.round(r.perSecond).toLocaleString('en')} | ${Math.round(r.meanBytes).toLocaleString('en')} |`);
