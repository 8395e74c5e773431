import { createHash } from 'node:crypto';

/** A deterministic name for an entity that cannot exist, derived from the configured one. */
export function missingEntityName(entity: string): string {
  return `ruleprobe-missing-${createHash('sha256').update(entity).digest('hex').slice(0, 12)}`;
}

/** A queue URL of the same service whose last path segment names a queue that cannot exist. */
export function missingQueueUrl(queueUrl: string): string {
  const i = queueUrl.replace(/\/+$/, '').lastIndexOf('/');
  return `${queueUrl.slice(0, i + 1)}${missingEntityName(queueUrl)}`;
}
