// Part of `npm run build` (after tsc): each shipped JSON Schema compiled by ajv into a standalone
// validator module under dist/schemas/, with the hash of the schema text it came from; at run
// time src/config/schemas.ts uses it only while that hash still matches.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { createAjv, isRegex } from '../dist/src/config/yaml.js';
import { schemaHash } from '../dist/src/config/schemas.js';
import { packagePath, PRECOMPILED_SCHEMAS, schemaFiles } from '../dist/src/model/assets.js';

const require = createRequire(import.meta.url);
const { _ } = require('ajv/dist/2020.js');
const standaloneCode = require('ajv/dist/standalone').default;

const formats = packagePath('dist', 'schemas', 'formats.cjs');
mkdirSync(dirname(formats), { recursive: true });
writeFileSync(formats, `"use strict";\n// The custom formats of src/config/yaml.ts, for the standalone validators.\nexports.regex = ${isRegex.toString()};\n`);

for (const name of PRECOMPILED_SCHEMAS) {
  const files = schemaFiles(name);
  const text = readFileSync(files.schema, 'utf8');
  const from = relative(dirname(files.precompiled), formats).split('\\').join('/');
  const ajv = createAjv({ source: true, formats: _`require(${from.startsWith('.') ? from : `./${from}`})` });
  const validate = ajv.compile(JSON.parse(text));
  mkdirSync(dirname(files.precompiled), { recursive: true });
  writeFileSync(files.precompiled, `${standaloneCode(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`);
}
