// Runs `ruleprobe run` (what `npm start` runs) in this process and reports its peak RSS on exit.
process.argv = [process.argv[0], 'ruleprobe', 'run'];
process.on('exit', () => {
  process.stderr.write(`peak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
await import('../bin/ruleprobe.js');
