/**
 * atom-entry (Service Bus, PROTOCOL-FACTS §1.1): the body is an Atom entry whose
 * `<content type="application/xml">` holds one element, `contentElement`, with the message.
 */
import type { Encoding, OperationModel } from '../../model/operation.js';
import type { FamilyCatalog, FamilyProblem } from '../types.js';

export interface AtomEntryOptions extends Encoding {
  kind: 'atom-entry';
  contentElement: string;
}

export const atomEntryCatalog: FamilyCatalog = {
  description: 'an Atom entry whose content element holds the message',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'contentElement'],
    properties: {
      kind: { const: 'atom-entry' },
      contentElement: { type: 'string', minLength: 1, description: "Name of the element embedded in <content type='application/xml'>" },
    },
  },
  bodyVariants: {
    'not-xml': 'a plain-text body and a JSON body',
    'malformed-xml': 'an entry cut short, and an unclosed tag',
    'wrong-namespace': 'an entry without the Atom namespace',
    'wrong-root': 'a <feed> instead of an <entry>',
    empty: 'a request with no body at all',
  },
  vary: () => ({ description: { values: ['text', 'xml', 'unicode'], description: 'the description is plain text, nested XML, or text across Unicode' } }),
  rawTextBytes: false,
  errorFormats: ['xml', 'header'],
  check: (op: OperationModel): FamilyProblem[] =>
    op.parameters.map((p, i) => ({ pointer: `/parameters/${i}`, message: `an atom-entry body carries no parameters; "${p.name}" would never be sent` })),
};
