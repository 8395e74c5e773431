/**
 * json: the request body is one JSON object whose top-level properties are the operation's
 * parameters (string → string, integer → number, flag → true/false, a numbered parameter with
 * one sub-field → an array of its values). `schema`, when given, is the JSON Schema of the
 * request body: the loader checks that the canonical body conforms, and random valid bodies
 * conform too. Error codes are read from a JSON error body (a JSON pointer) or a header.
 */
import { appliesTo, canonicalValue, uniqueValue } from '../../model/canonical.js';
import type { Encoding, FieldModel, OperationModel } from '../../model/operation.js';
import type { FamilyCatalog, FamilyProblem } from '../types.js';

export interface JsonOptions extends Encoding {
  kind: 'json';
  schema?: Record<string, unknown>;
}

/** A parameter's text as its JSON value: integers as numbers (when they are integers), flags as booleans, the rest as strings. */
export function jsonValueOf(field: FieldModel, text: string | null): unknown {
  if (field.type === 'flag') return text === null || text === 'true' ? true : text === 'false' ? false : text;
  if (text === null) return null;
  if (field.type === 'integer' && /^-?(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

/** The canonical body: every required parameter that applies to the entity, with its canonical value (the entity's parameter, the configured entity). */
export function canonicalObject(op: OperationModel, entity: string, entityValue: string, uniqueSeed: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (!appliesTo(p, entity) || !p.required) continue;
    if (p.numbered) {
      const sub = p.numbered.fields[0]!;
      out[p.name] = [jsonValueOf(sub, canonicalValue(sub))];
      continue;
    }
    const text = p.name === op.entity.parameter ? entityValue : p.role === 'deduplication-id' ? uniqueValue(p, uniqueSeed) : canonicalValue(p);
    out[p.name] = jsonValueOf(p, text);
  }
  return out;
}

export const jsonCatalog: FamilyCatalog = {
  description: 'a JSON object of the parameters, optionally described by a JSON Schema; JSON error bodies',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: {
      kind: { const: 'json' },
      schema: { type: 'object', description: 'JSON Schema (draft 2020-12) of the request body' },
    },
  },
  bodyVariants: {
    'not-json': 'a plain-text body',
    'malformed-json': 'the canonical body cut short, and an unclosed object',
    empty: 'a request with no body at all',
    'wrong-type': 'a JSON array holding the canonical object, instead of the object',
  },
  vary: () => ({}),
  rawTextBytes: false,
  errorFormats: ['json', 'header'],
  mediaType: 'application/json',
  bodySchema: (encoding) => (encoding as JsonOptions).schema,
  canonicalBody: (op) => canonicalObject(op, op.entity.kinds[0] ?? 'any', 'ruleprobe-entity', 'load'),
  check: (op: OperationModel): FamilyProblem[] => {
    const problems: FamilyProblem[] = [];
    op.parameters.forEach((p, i) => {
      if (p.numbered && p.numbered.fields.length !== 1) {
        problems.push({ pointer: `/parameters/${i}/numbered/fields`, message: `the json family writes a numbered parameter as an array of one sub-field's values; "${p.name}" has ${p.numbered.fields.length} sub-fields` });
      }
    });
    return problems;
  },
};
