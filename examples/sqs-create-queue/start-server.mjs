#!/usr/bin/env node
// Starts local-aws-sqs (an SQS implementation from npm) on the loopback interface.
//
//   node start-server.mjs [--port N] [--write-target FILE]
//
// --port 0 picks a free port. Prints one line, `listening http://127.0.0.1:PORT`, when ready;
// with --write-target it also writes a ruleprobe target config for that port. Stops on
// SIGINT/SIGTERM. local-aws-sqs is resolved from this folder or, failing that, from the
// current directory (where `npm install local-aws-sqs` put it).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9324' },
    'write-target': { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start-server: --port must be 0..65535, got ${values.port}`);
  process.exit(2);
}

async function loadLocalAwsSqs() {
  try {
    return await import('local-aws-sqs');
  } catch {
    return createRequire(join(process.cwd(), 'package.json'))('local-aws-sqs');
  }
}

const { createSqsServer } = await loadLocalAwsSqs();
const HOST = '127.0.0.1';
const server = await createSqsServer({ port, hostname: HOST, region: 'us-east-1' });
const address = server.address();
const url = `http://${HOST}:${address.port}`;

if (values['write-target']) {
  writeFileSync(
    values['write-target'],
    [
      'specs:',
      '  example-sqs/create-queue:',
      `    baseUrl: ${url}`,
      `    entities: { standard-queue: ${url}/ }`,
      '    credentials:',
      '      scheme: sigv4',
      '      accessKeyId: { env: EXAMPLE_SQS_ACCESS_KEY_ID }',
      '      secretAccessKey: { env: EXAMPLE_SQS_SECRET_ACCESS_KEY }',
      '      region: us-east-1',
      '',
    ].join('\n'),
  );
}
console.log(`listening ${url}`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
