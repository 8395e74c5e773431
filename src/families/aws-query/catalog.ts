/**
 * aws-query (PROTOCOL-FACTS §2.2): the parameters as an application/x-www-form-urlencoded body,
 * a numbered parameter's items as `Name.N.Sub` fields; the parameters with role action and
 * version carry `action` and `version`.
 */
import type { Encoding, OperationModel } from '../../model/operation.js';
import type { FamilyCatalog, FamilyProblem } from '../types.js';

export interface AwsQueryOptions extends Encoding {
  kind: 'aws-query';
  action: string;
  version: string;
}

export const awsQueryCatalog: FamilyCatalog = {
  description: 'form-urlencoded parameters (AWS query API), numbered items as Name.N.Sub',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'action', 'version'],
    properties: {
      kind: { const: 'aws-query' },
      action: { type: 'string', minLength: 1, description: 'The value of the parameter with role action' },
      version: { type: 'string', minLength: 1, description: 'The value of the parameter with role version' },
    },
  },
  bodyVariants: { empty: 'a request with no body at all', 'malformed-escape': 'the canonical form with one more pair whose name has a % not followed by two hex digits (a syntax error of the form)' },
  vary: () => ({
    'with-attributes': { values: null, description: 'the request carries items of its numbered parameter, one of every item type' },
    'without-attributes': { values: null, description: 'the request carries no items of its numbered parameter' },
    body: { values: ['xml', 'json', 'text'], description: 'the message-body parameter holds XML, JSON or plain text' },
    // Equivalent spellings of one form body; without a token the body is spelled canonically (as-is, plus, upper).
    'form-order': { values: ['as-is', 'sorted', 'reversed'], description: 'the form fields in declared order, sorted by name, or reversed' },
    'form-space': { values: ['plus', 'percent'], description: 'a space written as + or as %20 (the message body then holds a space)' },
    'form-hex': { values: ['upper', 'lower'], description: 'percent-escapes with upper- or lower-case hex digits (%2F or %2f)' },
  }),
  rawTextBytes: true,
  errorFormats: ['xml', 'header'],
  mediaType: 'application/x-www-form-urlencoded',
  check: (op: OperationModel): FamilyProblem[] => {
    const enc = op.encoding as AwsQueryOptions;
    const problems: FamilyProblem[] = [];
    op.parameters.forEach((p, i) => {
      const fixed = p.role === 'action' ? enc.action : p.role === 'version' ? enc.version : undefined;
      if (fixed !== undefined && p.value && p.value.value !== fixed) {
        problems.push({ pointer: `/parameters/${i}/value/value`, message: `the ${p.role} parameter's value "${p.value.value}" is not /transport/encoding/${p.role} "${fixed}"` });
      }
    });
    return problems;
  },
};
