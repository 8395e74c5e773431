// Runs `ruleprobe run` (what `npm start` runs) in this process, plus any arguments given, and
// reports its peak RSS on exit.
process.argv = [process.argv[0], 'ruleprobe', 'run', ...process.argv.slice(2)];
process.on('exit', () => {
  process.stderr.write(`peak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
await import('../bin/ruleprobe.js');
