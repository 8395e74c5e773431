/**
 * The stand-in target of `ruleprobe sample` when no target config is given: documentation
 * addresses and credentials that are obviously not real, so a preview never needs a secret.
 */
import type { OperationModel } from '../model/operation.js';
import type { TargetContext } from '../model/request.js';
import type { Credentials } from '../sign/index.js';

export function sampleTarget(op: OperationModel): TargetContext {
  const baseUrl = op.auth.scheme === 'sigv4' ? 'https://message-queue.example.net' : 'https://ruleprobe-sample.servicebus.windows.net';
  const entities: Record<string, string> = {};
  for (const kind of op.entity.kinds) {
    if (kind === 'standard-queue') entities[kind] = `${baseUrl}/b1gsample/dj6sample/sample-queue`;
    else if (kind === 'fifo-queue') entities[kind] = `${baseUrl}/b1gsample/dj6sample/sample-queue.fifo`;
    else entities[kind] = `sample-${kind}`;
  }
  return { baseUrl, entities };
}

export function sampleCredentials(op: OperationModel): Credentials {
  switch (op.auth.scheme) {
    case 'wrap':
      return { scheme: 'wrap', issuer: 'owner', issuerKey: Buffer.from('sample-issuer-key-not-a-secret').toString('base64') };
    case 'sas':
      return { scheme: 'sas', keyName: 'DefaultFullSharedAccessSignature', key: 'sample-key-not-a-secret' };
    case 'sigv4':
      return { scheme: 'sigv4', accessKeyId: 'AKIDSAMPLE', secretAccessKey: 'sample-secret-not-a-secret', region: 'ru-central1', service: 'sqs' };
  }
}
