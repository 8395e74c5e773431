/**
 * The one way a JSON Schema that a spec gives (a request or response body) is compiled: draft
 * 2020-12, unknown keywords tolerated (documents carry their own annotations), the standard
 * formats (`date-time`, `uri`, `email`, …) checked with ajv-formats, nothing logged. Compiled
 * once per schema text.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The compiled schema; throws (with ajv's message) when it is not a valid JSON Schema. */
export function compileDocumentSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    ajv ??= addFormats(new Ajv2020({ strict: false, allErrors: true, logger: false }));
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}
