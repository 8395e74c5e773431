/** The body part of a family whose body carries no parameters (an Atom entry, a native payload): the loader refuses parameters for it. */
import type { BodyContent } from '../../model/request.js';
import type { FamilyBody } from '../types.js';

export const noParameters: FamilyBody = {
  get: () => undefined,
  set(op, _body: BodyContent, field) {
    throw new Error(`${op.specId}: the ${op.encoding.kind} body carries no parameters, so ${field.name} cannot be set`);
  },
  items: () => [],
};
