/**
 * The schema of a `format` argument (read by format.ts): exactly one of `{ value }`,
 * `{ mediaType }`, `{ pattern }`, `{ template }` or `{ named }`. No check implementation is
 * imported here, so catalog.ts can use it.
 */
import { parseMediaType } from '../../model/media-type.js';

export const NAMED_FORMATS = ['md5-hex', 'non-empty', 'decimal-uint128', 'uri', 'datetime', 'atom-link', 'xml-content'] as const;
export type NamedFormat = (typeof NAMED_FORMATS)[number];

/** Named formats that judge an XML element (its attributes), so they do not apply to a header's text. */
export const ELEMENT_FORMATS = ['atom-link', 'xml-content'] as const satisfies readonly NamedFormat[];
export const TEXT_FORMATS = NAMED_FORMATS.filter((n) => !(ELEMENT_FORMATS as readonly string[]).includes(n));

/**
 * The string formats the argument schemas use besides `regex` (which `createAjv` defines):
 * whoever compiles the schemas registers these.
 */
export const ARG_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'media-type': (value) => parseMediaType(value) !== undefined,
};

/** A value format whose `named` member is one of `named`. */
export function valueFormatArg(named: readonly NamedFormat[], description: string) {
  return {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    description,
    properties: {
      value: { type: 'string', description: 'exactly this text' },
      mediaType: { type: 'string', format: 'media-type', description: 'this media type (type/subtype and the listed parameters compared as RFC 9110 says)' },
      pattern: { type: 'string', format: 'regex', description: 'a regular expression the whole value matches' },
      template: { type: 'string', description: 'a URL template: each {name} stands for one or more characters other than / ? #' },
      named: { enum: [...named], description: 'a named format' },
    },
  } as const;
}
