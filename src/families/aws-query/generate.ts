/**
 * aws-query requests: the canonical form (every required parameter, the entity's parameter,
 * action and version), and random valid forms — the message body across its charset and kinds,
 * items of every declared type. Random forms are spelled canonically (DEFAULT_FORM_STYLE);
 * another field order, space as %20 or lower-case hex only where a rule's vary token asks.
 */
import fc from 'fast-check';
import { textIn, XML_CHARS, type Ranges } from '../../../generators/_internals/codePoints.js';
import { appliesTo, canonicalItem, canonicalValue, isUniquePerMessage, itemTypes, uniqueValue } from '../../model/canonical.js';
import { fieldWithRole, type FieldModel, type OperationModel } from '../../model/operation.js';
import type { AbstractRequest, BodyContent, FormStyle, NamedValue } from '../../model/request.js';
import type { VaryToken } from '../../model/vary.js';
import type { FamilyGeneration, ValidEnv } from '../types.js';
import { awsQueryBody } from './body.js';
import type { AwsQueryOptions } from './catalog.js';

export const DEFAULT_FORM_STYLE: FormStyle = { order: 'as-is', space: 'plus', hexCase: 'upper' };

/** The form style a rule's vary tokens ask for (`form-order=sorted`, `form-space=percent`, `form-hex=lower`); the canonical style otherwise. */
export function formStyleFor(vary: readonly VaryToken[]): FormStyle {
  const pick = (key: string): string | undefined => vary.find((v) => v.key === key)?.value;
  return {
    order: (pick('form-order') as FormStyle['order'] | undefined) ?? DEFAULT_FORM_STYLE.order,
    space: (pick('form-space') as FormStyle['space'] | undefined) ?? DEFAULT_FORM_STYLE.space,
    hexCase: (pick('form-hex') as FormStyle['hexCase'] | undefined) ?? DEFAULT_FORM_STYLE.hexCase,
  };
}

function messageText(kind: string | undefined, ranges: Ranges, max: number): fc.Arbitrary<string> {
  switch (kind) {
    case 'xml':
      return textIn(ranges, { maxLength: max }).map((t) => `<note><body>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</body></note>`);
    case 'json':
      return fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ ruleprobe: v })).filter((s) => s.length > 0);
    default:
      return textIn(ranges, { minLength: 1, maxLength: max });
  }
}

/** Items of a numbered group: each declared item type with a value its selected sub-field takes; `allTypes`: one of each first. */
function items(group: FieldModel, allTypes: boolean): fc.Arbitrary<Array<{ type: string | undefined; value: string }>> {
  const types = itemTypes(group);
  const subs = group.numbered?.fields ?? [];
  const valueOf = (selects: string | undefined, examples: string[] | undefined): fc.Arbitrary<string> => {
    if (examples?.length) return fc.constantFrom(...examples);
    const sub = subs.find((s) => s.name === selects) ?? subs.find((s) => s.role === 'item-text-value');
    if (sub?.type === 'base64') return fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64'));
    return textIn(sub?.charset ?? XML_CHARS, { minLength: 1, maxLength: 16 });
  };
  const perType = types.length
    ? types.map((t) => valueOf(t.selects, t.examples).map((value) => ({ type: t.value as string | undefined, value })))
    : [valueOf(undefined, undefined).map((value) => ({ type: undefined as string | undefined, value }))];
  const fixed = allTypes ? perType.length : 0;
  const max = Math.min(group.numbered?.maxItems ?? 3, allTypes ? fixed + 3 : 3);
  return fc
    .tuple(fc.tuple(...(allTypes ? perType : [])), fc.array(fc.oneof(...perType), { minLength: allTypes ? 0 : 1, maxLength: Math.max(0, max - fixed) }))
    .map(([each, rest]) => [...each, ...rest]);
}

function withItems(op: OperationModel, body: BodyContent, group: FieldModel, list: Array<{ type: string | undefined; value: string }>): BodyContent {
  let out = body;
  list.forEach((it, i) => {
    for (const [sub, v] of canonicalItem(group, i + 1, it.type, it.value)) out = awsQueryBody.set(op, out, sub, v, i + 1);
  });
  return out;
}

function validRequest(op: OperationModel, env: ValidEnv, vary: VaryToken[], max: number): fc.Arbitrary<AbstractRequest> {
  const body = fieldWithRole(op, 'message-body');
  const group = op.parameters.find((p) => p.numbered);
  const withAll = vary.some((v) => v.key === 'with-attributes');
  const without = vary.some((v) => v.key === 'without-attributes');
  const kind = vary.find((v) => v.key === 'body')?.value;
  const style = formStyleFor(vary);
  // How a space is written shows only in a body that has one.
  const spaced = vary.some((v) => v.key === 'form-space');
  return fc
    .record({
      text: messageText(kind, body?.charset ?? XML_CHARS, max).map((t) => (spaced && !t.includes(' ') ? `${t} ruleprobe` : t)),
      list: group && !without ? (withAll ? items(group, true) : fc.option(items(group, false), { nil: undefined })) : fc.constant(undefined),
    })
    .map(({ text, list }) => {
      let req = env.base();
      if (body) req = env.withField(req, body, text);
      if (group && list) req = { ...req, body: withItems(op, req.body, group, list) };
      if (req.body.kind === 'form') req = { ...req, body: { ...req.body, style } };
      return req;
    });
}

export const awsQueryGeneration: FamilyGeneration = {
  canonicalBody({ op, entity, entityValue, nonce, seed }) {
    const enc = op.encoding as AwsQueryOptions;
    const fields: NamedValue[] = [];
    for (const p of op.parameters) {
      if (!appliesTo(p, entity) || p.numbered) continue;
      if (p.name === op.entity.parameter) fields.push({ name: p.name, value: entityValue });
      else if (p.role === 'action') fields.push({ name: p.name, value: enc.action });
      else if (p.role === 'version') fields.push({ name: p.name, value: enc.version });
      else if (p.required) fields.push({ name: p.name, value: isUniquePerMessage(p) ? uniqueValue(p, `${nonce ?? ''}:${seed}`) : (canonicalValue(p) ?? '') });
    }
    return { kind: 'form', fields, style: { ...DEFAULT_FORM_STYLE } };
  },
  brokenBodies(op, variant, base) {
    if (variant === 'empty') return [['empty body', { ...base(), body: { kind: 'none' } }]];
    if (variant === 'malformed-escape') {
      // The canonical form as bytes (escaped here, as any form writer would), then one pair whose name has a `%` without two hex digits.
      const req = base();
      const fields = req.body.kind === 'form' ? req.body.fields : [];
      const text = fields.map((f) => `${encodeURIComponent(f.name)}=${encodeURIComponent(typeof f.value === 'string' ? f.value : '')}`).join('&');
      return [['form with the pair "%zz=1" (a % not followed by two hex digits)', { ...req, body: { kind: 'raw', value: `${text}&%zz=1` } }]];
    }
    throw new Error(`${op.specId}: aws-query has no body variant "${variant}"`);
  },
  exampleBody: (_op, canonical, fields) => ({ kind: 'form', fields, style: canonical.kind === 'form' ? canonical.style : { ...DEFAULT_FORM_STYLE } }),
  validRequest,
};

