/** The arguments of response-body (response-body.ts), as the loader validates them. */
import { STATUS_ARG, type ArgsSchema } from './_internals/args.js';

export const BODY_FORMATS = ['xml', 'json', 'none'] as const;

export const responseBodyArgs = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    status: STATUS_ARG,
    format: { enum: BODY_FORMATS, description: '`xml`: one well-formed XML document; `json`: one JSON document; `none`: an empty body' },
    root: { type: 'string', minLength: 1, description: 'for `xml`: the local name of the root element' },
    namespace: { type: 'string', minLength: 1, description: 'for `xml`: the namespace URI of the root element' },
    schema: { type: 'object', description: 'for `json`: the JSON Schema (draft 2020-12) the document conforms to' },
  },
} as const satisfies ArgsSchema;
