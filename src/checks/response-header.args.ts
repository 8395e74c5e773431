/** The arguments of response-header (response-header.ts), as the loader validates them. */
import { STATUS_ARG, type ArgsSchema } from './_internals/args.js';
import { TEXT_FORMATS, valueFormatArg } from './_internals/format.args.js';

export const responseHeaderArgs = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'format'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'the header name, compared case-insensitively' },
    status: STATUS_ARG,
    // atom-link and xml-content judge an XML element's attributes; a header has only text.
    format: valueFormatArg(TEXT_FORMATS, 'the documented format of its value'),
  },
} as const satisfies ArgsSchema;
