/** Spec document → OperationModel: the domains generators draw from and the transport encoders use. */
import type { FieldModel, OperationModel } from '../src/model/operation.js';
import type { Outcome, SubjectKind } from '../src/model/rule.js';
import { parseCharsetRange } from '../src/model/charset.js';
import { authModel } from '../src/sign/catalog.js';
import type { FieldDoc, OutcomesDoc, SpecDoc } from './types.js';
import { kebab } from './slug.js';
import { companionsOf, timingsOf } from './scenario.js';
import type { MediaTypeMatch } from '../src/model/media-type.js';

/** A field value's `mediaType:` as written (`true` is `exact`) → how it matches, or false for plain text. */
export function mediaTypeMatch(doc: boolean | MediaTypeMatch | undefined): false | MediaTypeMatch {
  if (doc === undefined || doc === false) return false;
  return doc === true ? 'exact' : doc;
}

function outcomes(doc: OutcomesDoc): Outcome[] {
  return (Array.isArray(doc) ? doc : [doc]).map((o) => ({ status: Array.isArray(o.status) ? [...o.status] : [o.status], ...(o.code ? { code: o.code } : {}) }));
}

/**
 * One declared field → its model: wire name, display name, slug, and the level, entity kind and
 * rejection it inherits (from the numbered group it belongs to, else the spec's defaults). The
 * compiler derives every rule of the field from this same record.
 */
export function fieldModel(spec: SpecDoc, f: FieldDoc, kind: SubjectKind, parent?: FieldModel): FieldModel {
  const required = typeof f.required === 'object' ? f.required.value : f.required;
  const charset = f.charset?.ranges
    .map((r) => parseCharsetRange(typeof r === 'string' ? r : r.range))
    .filter((r): r is { lo: number; hi: number } => typeof r !== 'string')
    .map((r): [number, number] => [r.lo, r.hi]);
  const model: FieldModel = {
    kind,
    name: parent ? `${parent.name}.{N}.${f.name}` : f.name,
    display: parent ? `${parent.name.replace('.{N}', '')}.N.${f.name}` : (f.documentedAs?.[0] ?? f.name),
    slug: parent ? `${parent.slug}-${f.slug ?? kebab(f.name)}` : (f.slug ?? kebab(f.name)),
    type: f.type ?? 'string',
    ...(f.role ? { role: f.role } : {}),
    ...(f.canonical !== undefined ? { canonical: f.canonical } : {}),
    ...(f.examples ? { examples: [...f.examples] } : {}),
    required,
    appliesTo: f.appliesTo ?? parent?.appliesTo ?? 'any',
    level: f.level ?? parent?.level ?? spec.defaults.level ?? 'MUST',
    reject: f.reject ? outcomes(f.reject) : parent ? parent.reject.map((o) => ({ ...o, status: [...o.status] })) : outcomes(spec.defaults.reject),
    ...(f.range ? { range: { min: f.range.min, max: f.range.max } } : {}),
    ...(f.length ? { length: { unit: f.length.unit, ...(f.length.min !== undefined ? { min: f.length.min } : {}), ...(f.length.max !== undefined ? { max: f.length.max } : {}) } } : {}),
    ...(charset ? { charset } : {}),
    ...(f.pattern ? { pattern: f.pattern.regex } : {}),
    ...(f.value ? { value: { value: f.value.value, also: f.value.also ?? [], mediaType: mediaTypeMatch(f.value.mediaType) } } : {}),
    ...(f.enum
      ? {
          enum: f.enum.values.map((v) => {
            const e = typeof v === 'string' ? { value: v } : v;
            const alternatives = (e.ambiguity?.alternatives ?? [])
              .filter((a) => (a.accepted ?? true) && a.value !== undefined && a.value !== e.value)
              .map((a) => a.value!);
            const accepted = (e.ambiguity?.alternatives ?? []).filter((a) => (a.accepted ?? true) && a.value !== undefined);
            // Either-of spellings: the first accepted reading's spelling is what requests carry.
            const readings = e.ambiguity?.send === 'either-of' && accepted.length > 1 ? accepted.map((a) => ({ id: a.id, value: a.value! })) : undefined;
            return {
              value: e.value,
              alternatives,
              ...(readings ? { readings } : {}),
              ...('selects' in e && e.selects !== undefined ? { selects: `${parent ? `${parent.name}.{N}.` : ''}${e.selects}` } : {}),
              ...('examples' in e && e.examples ? { examples: [...e.examples] } : {}),
            };
          }),
        }
      : {}),
    ...(f.enum?.caseSensitive !== undefined ? { caseSensitive: f.enum.caseSensitive } : {}),
    ...(f.dependsOn ? { dependsOn: { field: f.dependsOn.field, values: f.dependsOn.values, mediaType: f.dependsOn.mediaType ?? false } } : {}),
  };
  if (f.numbered) model.numbered = { maxItems: f.numbered.maxItems, fields: f.numbered.fields.map((sub) => fieldModel(spec, sub, kind, model)) };
  return model;
}

export function operationModel(spec: SpecDoc): OperationModel {
  const t = spec.transport;
  return {
    specId: spec.id,
    method: t.method,
    url: t.url,
    placeholders: (t.placeholders ?? []).map((p) => ({ name: p.name, from: p.from })),
    encoding: t.encoding,
    targetOptions: Object.fromEntries(Object.entries(t.targetOptions ?? {}).map(([k, v]) => [k, { values: [...v.values], description: v.description }])),
    entity: {
      ...t.entity,
      kinds: t.entity.kinds.map((k) => (typeof k === 'string' ? k : k.name)),
      formats: Object.fromEntries(t.entity.kinds.filter((k) => typeof k !== 'string').map((k) => [k.name, { ...(k.pattern ? { pattern: k.pattern } : {}), ...(k.description ? { description: k.description } : {}), ...(k.example ? { example: k.example } : {}) }])),
    },
    auth: authModel(spec.auth),
    accept: [...spec.defaults.accept],
    headers: (spec.headers ?? []).map((f) => fieldModel(spec, f, 'header')),
    query: (spec.query ?? []).map((f) => fieldModel(spec, f, 'query')),
    parameters: (spec.parameters ?? []).map((f) => fieldModel(spec, f, 'parameter')),
    ...(spec.body ? { body: fieldModel(spec, spec.body, 'body') } : {}),
    statuses: spec.responses.statuses.map((s) => s.status),
    ...(spec.responses.errorBody
      ? {
          errorBody: {
            format: spec.responses.errorBody.format,
            codePath: spec.responses.errorBody.codePath,
            fields: [...(spec.responses.errorBody.fields ?? [spec.responses.errorBody.codePath])],
            ...(spec.responses.errorBody.schema ? { schema: spec.responses.errorBody.schema } : {}),
          },
        }
      : {}),
    ...(spec.responses.body ? { responseFormat: spec.responses.body.format } : {}),
    companions: companionsOf(spec),
    timings: timingsOf(spec),
    responseFields: (spec.responses.body?.fields ?? []).flatMap((f) => (f.role ? [{ path: f.path, role: f.role }] : [])),
    examples: (spec.examples ?? []).map((e) => ({ name: e.name, ...(e.form ? { form: e.form } : {}), ...(e.body !== undefined ? { body: e.body } : {}), ...(e.response ? { response: e.response } : {}) })),
  };
}
