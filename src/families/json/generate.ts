/**
 * json requests: the canonical object, random valid objects (every string parameter across its
 * charset and length, conforming to `schema` when the spec gives one), bodies sized to the
 * byte, and the broken bodies (not JSON, malformed, empty, an array instead of the object).
 */
import { compileDocumentSchema } from '../../model/json-schema.js';
import fc from 'fast-check';
import { textIn, TOKEN_CHARS } from '../../../generators/_internals/codePoints.js';
import type { FieldModel, OperationModel } from '../../model/operation.js';
import type { AbstractRequest } from '../../model/request.js';
import type { FamilyGeneration } from '../types.js';
import { jsonBody } from './body.js';
import { canonicalObject, type JsonOptions } from './catalog.js';

const validators = new Map<string, (v: unknown) => boolean>();

/** Whether a body conforms to the spec's request-body schema (always, when it gives none). */
function conforms(op: OperationModel, value: unknown): boolean {
  const schema = (op.encoding as JsonOptions).schema;
  if (!schema) return true;
  let validate = validators.get(op.specId);
  if (!validate) {
    const compiled = compileDocumentSchema(schema);
    validate = (v: unknown) => compiled(v);
    validators.set(op.specId, validate);
  }
  return validate(value);
}

/** String parameters a random body varies: top-level, free text (no fixed value, enum or pattern), not the entity. */
function freeText(op: OperationModel): FieldModel[] {
  return op.parameters.filter((p) => p.required && p.type === 'string' && !p.numbered && !p.value && !p.enum && !p.pattern && !p.role && p.name !== op.entity.parameter);
}

function textOf(field: FieldModel, max: number): fc.Arbitrary<string> {
  const minLength = Math.max(1, field.length?.min ?? 1);
  const limit = field.length?.unit === 'bytes' ? Math.floor((field.length.max ?? max * 4) / 4) : (field.length?.max ?? max);
  return textIn(field.charset ?? TOKEN_CHARS, { minLength, maxLength: Math.max(minLength, Math.min(max, limit)) });
}

export const jsonGeneration: FamilyGeneration = {
  canonicalBody: ({ op, entity, entityValue, nonce, seed }) => ({ kind: 'json', value: canonicalObject(op, entity, entityValue, `${nonce ?? ''}:${seed}`) }),
  naturalMediaType: () => 'application/json',
  conforms: (op, body) => body.kind !== 'json' || conforms(op, body.value),
  brokenBodies(op, variant, base) {
    const raw = (value: string): AbstractRequest => ({ ...base(), body: { kind: 'raw', value } });
    const canonical = base().body;
    const text = JSON.stringify(canonical.kind === 'json' ? canonical.value : {});
    switch (variant) {
      case 'not-json':
        return [['plain-text body "This is not JSON."', raw('This is not JSON.')]];
      case 'malformed-json':
        return [[`the canonical body without its closing brace`, raw(text.slice(0, -1))], ['an unclosed object', raw('{"ruleprobe":')]];
      case 'empty':
        return [['empty body', { ...base(), body: { kind: 'none' } }]];
      case 'wrong-type':
        return [['a JSON array holding the canonical object', { ...base(), body: { kind: 'json', value: [canonical.kind === 'json' ? canonical.value : {}] } }]];
      default:
        throw new Error(`${op.specId}: json has no body variant "${variant}"`);
    }
  },
  sizedBody(op, _selection, bytes, tail) {
    const canonical = canonicalObject(op, op.entity.kinds[0] ?? 'any', 'ruleprobe-entity', 'sized');
    const pad = '__ruleprobe_pad__';
    const frame = Buffer.byteLength(JSON.stringify({ ...canonical, [pad]: tail }), 'utf8');
    if (frame > bytes) throw new Error(`${op.specId}: a JSON body cannot be as small as ${bytes} bytes`);
    return { value: JSON.stringify({ ...canonical, [pad]: 'x'.repeat(bytes - frame) + tail }), kind: 'JSON object' };
  },
  validRequest(op, env, _vary, max) {
    const fields = freeText(op);
    return fc
      .tuple(...fields.map((f) => textOf(f, max)))
      .map((values) => {
        let req = env.base();
        fields.forEach((f, i) => {
          req = { ...req, body: jsonBody.set(op, req.body, f, values[i]) };
        });
        return req;
      });
  },
};
