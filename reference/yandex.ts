import type { OperationHandler } from './types.js';

/** Placeholder until the operation is written. */
export const yandex: OperationHandler = {
  name: 'yandex',
  matches: () => false,
  handle: () => ({ status: 501 }),
  mutants: {},
};
