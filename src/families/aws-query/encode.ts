/** aws-query body ⇄ bytes: form-urlencoded (src/encode/form.ts); any bytes decode as a form, an empty body as one without fields. */
import { decodeForm, encodeForm, formStyleOf } from '../../encode/form.js';
import type { FamilyEncoding } from '../types.js';

export const awsQueryEncoding: FamilyEncoding = {
  encode(op, body) {
    if (body.kind !== 'form') throw new Error(`${op.specId}: an aws-query body is a form, not ${body.kind}`);
    return encodeForm(body.fields, body.style);
  },
  decode: (_op, bytes) => ({ kind: 'form', fields: decodeForm(bytes), style: formStyleOf(bytes) }),
};
