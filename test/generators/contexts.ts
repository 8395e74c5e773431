import type { GenContext } from '../../generators/_internals/build.js';

/** Generation contexts per spec: each entity kind the spec's rules can apply to. */
export const CONTEXTS: Record<string, GenContext[]> = {
  'yandex-message-queue/send-message': [
    { entity: 'standard-queue', entityValue: 'http://127.0.0.1:9324/b1g/dj6/sample-queue', deviceHandles: {} },
    { entity: 'fifo-queue', entityValue: 'http://127.0.0.1:9324/b1g/dj6/sample-queue.fifo', deviceHandles: {} },
  ],
  'azure-service-bus/send-message': [{ entity: 'topic', entityValue: 'orders/topic', deviceHandles: {} }],
  'azure-notification-hubs/direct-send': [{ entity: 'hub', entityValue: 'myhub', deviceHandles: { apple: 'a'.repeat(64), gcm: 'gcm-handle' } }],
};

export function ruleApplies(appliesTo: string, ctx: GenContext): boolean {
  return appliesTo === 'any' || appliesTo === ctx.entity;
}
