import type { OperationHandler } from './types.js';

/** Placeholder until the operation is written. */
export const serviceBus: OperationHandler = {
  name: 'service-bus',
  matches: () => false,
  handle: () => ({ status: 501 }),
  mutants: {},
};
