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
  // The spec's own stand-in for each entity kind (`example:`), else a plain name.
  for (const kind of op.entity.kinds) entities[kind] = op.entity.formats[kind]?.example?.replaceAll('{base}', baseUrl) ?? `sample-${kind}`;
  return { baseUrl, entities };
}

export function sampleCredentials(op: OperationModel): Credentials {
  return sampleFor(op.auth).credentials;
}
