/**
 * A spec's `auth` checked against the auth scheme catalog: a registered scheme, options as that
 * scheme's own schema allows them, and every auth rule asking for a variant the scheme declares.
 * (A variant the scheme has but some credentials cannot make — an expired token from a static
 * WRAP token — is not a spec problem; it is a SKIP when the run has those credentials.)
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, schemaProblems } from '../src/config/yaml.js';
import { catalogEntry, schemeNames, wrongVariants, type SchemeCatalogEntry } from '../src/sign/catalog.js';
import type { CompileProblem } from './compile.js';
import type { SpecDoc } from './types.js';

const ajv = createAjv();
const validators = new Map<string, ValidateFunction>();

/** The whole `auth` object's schema for a scheme: `scheme`, `source` (checked by the spec schema) and the scheme's options. */
function optionsValidator(entry: SchemeCatalogEntry): ValidateFunction {
  let validate = validators.get(entry.name);
  if (!validate) {
    validate = ajv.compile({
      type: 'object',
      additionalProperties: false,
      required: [...(entry.options.required ?? [])],
      properties: { scheme: {}, source: {}, ...entry.options.properties },
    });
    validators.set(entry.name, validate);
  }
  return validate;
}

function variantProblem(entry: SchemeCatalogEntry, variant: string): string | undefined {
  if (variant !== 'valid' && Object.hasOwn(entry.variants, variant)) return undefined;
  if (variant === 'valid') return 'auth "valid" is no wrong variant; a validly signed request is stimulus: valid';
  const known = wrongVariants(entry);
  const why = entry.unlike?.[variant];
  return `auth scheme "${entry.name}" has no variant "${variant}"${why ? ` (${why})` : ''}; known: ${known.length ? known.join(', ') : 'none'}`;
}

export function authProblems(spec: SpecDoc): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const entry = catalogEntry(spec.auth.scheme);
  if (!entry) {
    problems.push({ pointer: '/auth/scheme', message: `unknown auth scheme "${spec.auth.scheme}"; known: ${schemeNames().join(', ')}` });
    return problems;
  }
  const validate = optionsValidator(entry);
  if (!validate(spec.auth)) {
    for (const p of schemaProblems(validate.errors ?? [])) problems.push({ pointer: `/auth${p.pointer}`, message: p.message, atKey: p.atKey });
  }
  (spec.rules ?? []).forEach((r, i) => {
    if (typeof r.stimulus !== 'object' || !('auth' in r.stimulus)) return;
    const message = variantProblem(entry, r.stimulus.auth);
    if (message) problems.push({ pointer: `/rules/${i}/stimulus/auth`, message });
  });
  return problems;
}
