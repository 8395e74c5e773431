/**
 * The stand-in target of `ruleprobe sample` when no target config is given: documentation
 * addresses and credentials that are obviously not real (each auth scheme brings its own), so a
 * preview never needs a secret.
 */
import type { OperationModel } from '../model/operation.js';
import type { TargetContext } from '../model/request.js';
import { sampleFor, type Credentials } from '../sign/index.js';

export function sampleTarget(op: OperationModel): TargetContext {
  const { baseUrl } = sampleFor(op.auth);
  const entities: Record<string, string> = {};
  for (const kind of op.entity.kinds) {
    if (kind === 'standard-queue') entities[kind] = `${baseUrl}/b1gsample/dj6sample/sample-queue`;
    else if (kind === 'fifo-queue') entities[kind] = `${baseUrl}/b1gsample/dj6sample/sample-queue.fifo`;
    else entities[kind] = `sample-${kind}`;
  }
  return { baseUrl, entities };
}

export function sampleCredentials(op: OperationModel): Credentials {
  return sampleFor(op.auth).credentials;
}
