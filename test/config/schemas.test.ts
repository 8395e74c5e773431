import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidator, schemaHash } from '../../src/config/schemas.js';
import { createAjv } from '../../src/config/yaml.js';
import { PRECOMPILED_SCHEMAS, schemaFiles } from '../../src/model/assets.js';
import { readFileSync, existsSync } from 'node:fs';

describe('precompiled schema validators (npm run build)', () => {
  it('every shipped schema has one, generated from its current text', () => {
    for (const name of PRECOMPILED_SCHEMAS) {
      const files = schemaFiles(name);
      expect(existsSync(files.precompiled), `${files.precompiled} (run npm run build)`).toBe(true);
      const m = (loadValidator(files) as unknown as { schemaHash?: string }).schemaHash;
      expect(m, name).toBe(schemaHash(readFileSync(files.schema, 'utf8')));
    }
  });

  it('judges a document as the schema compiled now does, errors and all', () => {
    const files = schemaFiles('specs/spec.schema.json');
    const precompiled = loadValidator(files);
    const compiled = createAjv().compile(JSON.parse(readFileSync(files.schema, 'utf8')) as object);
    const docs: unknown[] = [{}, { id: 'x/y', title: 1, rules: 'no' }, { id: 'a/b', title: 't', seed: 's', operation: { method: 'TRACE' }, unknown: true }, []];
    for (const doc of docs) {
      expect(precompiled(doc)).toBe(compiled(doc));
      expect(precompiled.errors).toEqual(compiled.errors);
    }
  });

  it('a schema edited since the build is compiled from its text, not taken from the stale module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ruleprobe-schema-'));
    const schema = join(dir, 'spec.schema.json');
    // The precompiled spec validator, next to a schema that now demands something else.
    writeFileSync(schema, JSON.stringify({ type: 'object', required: ['only-this'] }));
    const v = loadValidator({ schema, precompiled: schemaFiles('specs/spec.schema.json').precompiled });
    expect(v({})).toBe(false);
    expect(v.errors?.[0]?.params).toEqual({ missingProperty: 'only-this' });
    expect(v({ 'only-this': 1 })).toBe(true);
  });
});
