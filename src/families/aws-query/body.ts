/** aws-query parameters in a form body: one field per parameter, item `n` of a numbered one as `Name.n.Sub`. */
import type { FieldModel, OperationModel } from '../../model/operation.js';
import type { BodyContent, TextValue } from '../../model/request.js';
import type { FamilyBody } from '../types.js';

const wire = (field: FieldModel, n: number): string => field.name.replace('{N}', String(n));

function form(op: OperationModel, body: BodyContent): Extract<BodyContent, { kind: 'form' }> {
  if (body.kind !== 'form') throw new Error(`${op.specId}: an aws-query parameter needs a form body, not ${body.kind}`);
  return body;
}

export const awsQueryBody: FamilyBody = {
  get(_op, body, field, n = 1): TextValue | undefined {
    if (body.kind !== 'form') return undefined;
    const name = wire(field, n);
    return body.fields.find((f) => f.name === name)?.value;
  },
  set(op, body, field, value, n = 1): BodyContent {
    // Copy on write: a new field list; the fields and the style are shared with `body`, which stays as it was.
    const current = form(op, body);
    const fields = [...current.fields];
    const name = wire(field, n);
    const i = fields.findIndex((f) => f.name === name);
    if (value === undefined) {
      if (i >= 0) fields.splice(i, 1);
    } else if (i >= 0) fields[i] = { name, value: value ?? '' };
    else fields.push({ name, value: value ?? '' });
    return { ...current, fields };
  },
  items(_op, body, group): number[] {
    if (body.kind !== 'form') return [];
    const prefix = `${group.name}.`;
    const seen = new Set<number>();
    for (const f of body.fields) {
      if (!f.name.startsWith(prefix)) continue;
      const m = /^(\d+)\./.exec(f.name.slice(prefix.length));
      if (m) seen.add(Number(m[1]));
    }
    return [...seen];
  },
};
