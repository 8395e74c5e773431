/**
 * The roles each named check reads, so a spec that names the check without declaring them fails
 * at load (specs/compile.ts) instead of every case erroring at run time.
 */
import type { FieldRole, ResponseFieldRole } from '../model/operation.js';

export const CHECK_ROLES: Readonly<Record<string, { fields?: readonly FieldRole[]; response?: readonly ResponseFieldRole[] }>> = {
  'md5-of-message-body': { fields: ['message-body'], response: ['body-digest'] },
  'md5-of-message-attributes': { fields: ['item-name', 'item-type'], response: ['attributes-digest'] },
  'sequence-number-increasing': { response: ['sequence-number'] },
};
