import type { OperationHandler } from './types.js';

/** Placeholder until the operation is written. */
export const notificationHubs: OperationHandler = {
  name: 'notification-hubs',
  matches: () => false,
  handle: () => ({ status: 501 }),
  mutants: {},
};
