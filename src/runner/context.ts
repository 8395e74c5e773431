/** What a rule's generators need from the target, or why the rule cannot run against it. */
import type { GenContext } from '../../generators/_internals/build.js';
import type { OperationModel } from '../model/operation.js';
import type { Rule } from '../model/rule.js';
import type { ResolvedTarget } from '../target/config.js';

/** The generation context for a rule, or the SKIP reason when the target lacks what it needs. */
export function genContextFor(rule: Rule, op: OperationModel, t: ResolvedTarget, nonce?: string): GenContext | string {
  for (const [name, value] of Object.entries(rule.requires ?? {})) {
    if (t.options[name] !== value) {
      const what = op.targetOptions[name]?.description;
      return `needs a target whose ${name} is ${value}${what ? ` (${what})` : ''}: options.${name}: ${value} in the target config`;
    }
  }
  const configured = op.entity.kinds.filter((k) => t.target.entities[k] !== undefined);
  let entity: string | undefined;
  if (rule.appliesTo === 'any') entity = configured[0];
  else entity = configured.includes(rule.appliesTo) ? rule.appliesTo : undefined;
  if (!entity) return `needs a ${rule.appliesTo === 'any' ? op.entity.name : rule.appliesTo} in the target config (entities.${rule.appliesTo === 'any' ? op.entity.kinds.join(' or entities.') : rule.appliesTo})`;
  return { entity, entityValue: t.target.entities[entity]!, deviceHandles: t.deviceHandles, ...(nonce !== undefined ? { nonce } : {}) };
}
