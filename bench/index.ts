/** `npm run bench`: the performance figures the README quotes. Never run as a timed test. */
import { benchGeneration } from './generation.js';
import { benchThroughput } from './throughput.js';

const rows = benchGeneration();
console.log('\nRequest generation (generate + encode to wire bytes), this machine:\n');
console.log('| spec | cases | requests per second | mean body bytes |');
console.log('|---|---|---:|---:|');
for (const r of rows) console.log(`| ${r.spec} | ${r.kind} | ${Math.round(r.perSecond).toLocaleString('en')} | ${Math.round(r.meanBytes).toLocaleString('en')} |`);

const t = await benchThroughput(8);
console.log('\nRunner against the embedded reference vs autocannon, same server, same concurrency (8):\n');
console.log('| figure | value |');
console.log('|---|---:|');
console.log(`| runner: cases per second (all rules, 3 full runs, ${t.runnerCases} cases) | ${Math.round(t.runnerCasesPerSecond).toLocaleString('en')} |`);
console.log(`| autocannon: requests per second (one valid signed request per spec) | ${Math.round(t.autocannonPerSecond).toLocaleString('en')} |`);
console.log(`| ratio (goal ≥ 0.5) | ${t.ratio.toFixed(2)} |`);
console.log(`| \`npm start\` wall time (full default run, incl. start-up) | ${t.startWallSeconds.toFixed(1)} s |`);
console.log(`| \`npm start\` peak RSS (${t.startCases.toLocaleString('en')} cases) | ${Math.round(t.startPeakRssMiB)} MiB |`);
console.log(`| same run, \`--runs 250\` (${t.tenfoldCases.toLocaleString('en')} cases): peak RSS | ${Math.round(t.tenfoldPeakRssMiB)} MiB |`);
if (t.startExitCode !== 0) console.log(`\n(npm start exited ${t.startExitCode})`);
