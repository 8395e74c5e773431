/**
 * A shipped JSON Schema's validator: the standalone one `npm run build` generated with ajv
 * (`scripts/compile-schemas.mjs`) when it was generated from this very schema text, else the
 * schema compiled now. Both validate alike: same ajv options, same error objects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './yaml.js';

const require = createRequire(import.meta.url);

/** What a precompiled validator module exports: the validator, with the sha256 of the schema text it was generated from. */
type Precompiled = ValidateFunction & { schemaHash?: string };

export const schemaHash = (text: string): string => createHash('sha256').update(text).digest('hex');

export function loadValidator<T>(files: { schema: string; precompiled: string }): ValidateFunction<T> {
  const text = readFileSync(files.schema, 'utf8');
  if (existsSync(files.precompiled)) {
    const m = require(files.precompiled) as Precompiled;
    if (m.schemaHash === schemaHash(text)) return m as ValidateFunction<T>;
  }
  return createAjv().compile<T>(JSON.parse(text) as object);
}

/** The same, loaded on the first call (a schema that a run may never need costs nothing until then). */
export function lazyValidator<T>(files: { schema: string; precompiled: string }): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= loadValidator<T>(files));
}
