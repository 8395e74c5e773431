#!/usr/bin/env node
// Starts one SQS implementation from npm on 127.0.0.1 and a free port, in its own process:
//
//   node launch-npm-server.mjs local-aws-sqs|sqslite
//
// Prints `listening http://127.0.0.1:PORT` when ready; stops on SIGINT/SIGTERM, and by itself
// when the process that started it is gone (killed before it could stop this one).
import { createRequire } from 'node:module';

const HOST = '127.0.0.1';
const require = createRequire(import.meta.url);
const name = process.argv[2];

/** @type {() => Promise<void>} */
let close;
let port;
if (name === 'local-aws-sqs') {
  const { createSqsServer } = require('local-aws-sqs');
  const server = await createSqsServer({ port: 0, hostname: HOST, region: 'us-east-1' });
  port = server.address().port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else if (name === 'sqslite') {
  // The library, not its CLI: the CLI reads `--port 0` as "the default port" and logs every request.
  const app = require('sqslite')({ logger: false });
  await app.listen({ host: HOST, port: 0 });
  port = app.server.address().port;
  close = () => app.close();
} else {
  console.error(`launch-npm-server: unknown server "${name}"; known: local-aws-sqs, sqslite`);
  process.exit(2);
}
console.log(`listening http://${HOST}:${port}`);

const stop = () => void close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 2000).unref();
