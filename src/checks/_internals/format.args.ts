/**
 * The schema of a `format` argument (read by format.ts): one kind of value format — `{ value }`,
 * `{ mediaType }` (with an optional `match` mode), `{ pattern }`, `{ template }` (with optional
 * `bind`ings to the request) or `{ named }` — and the pure load-time check of a format's
 * bindings. No check implementation is imported here, so catalog.ts can use it.
 */
import { MEDIA_TYPE_MATCHES, parseMediaType } from '../../model/media-type.js';

export const NAMED_FORMATS = ['md5-hex', 'non-empty', 'decimal-uint128', 'uri', 'datetime', 'atom-link', 'xml-content'] as const;
export type NamedFormat = (typeof NAMED_FORMATS)[number];

/** Named formats that judge an XML element (its attributes), so they do not apply to a header's text. */
export const ELEMENT_FORMATS = ['atom-link', 'xml-content'] as const satisfies readonly NamedFormat[];
export const TEXT_FORMATS = NAMED_FORMATS.filter((n) => !(ELEMENT_FORMATS as readonly string[]).includes(n));

/**
 * Where a template placeholder's value comes from in the request:
 * - `placeholder`: the value the request URL's placeholder `name` was filled with (the entity
 *   path, the hub), compared after percent-decoding;
 * - `request-host`: a placeholder of the template's host (`{serviceNamespace}`) takes the value
 *   it has in the request's host, when the request went to a host of the template's form; to any
 *   other host (an emulator) it stays free.
 */
export type Binding = { from: 'placeholder'; name: string } | { from: 'request-host' };
export type Bindings = Readonly<Record<string, Binding>>;

/**
 * The string formats the argument schemas use besides `regex` (which `createAjv` defines):
 * whoever compiles the schemas registers these.
 */
export const ARG_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'media-type': (value) => parseMediaType(value) !== undefined,
};

const BINDINGS_SCHEMA = {
  type: 'object',
  minProperties: 1,
  description: 'template placeholder → where its value comes from in the request',
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['from'],
    properties: {
      from: { enum: ['placeholder', 'request-host'], description: 'a URL placeholder of the request, or the request host' },
      name: { type: 'string', minLength: 1, description: 'for `placeholder`: the transport placeholder (`topic path`)' },
    },
    if: { required: ['from'], properties: { from: { const: 'placeholder' } } },
    then: { required: ['name'] },
  },
} as const;

/** A value format whose `named` member is one of `named`; element formats may take a template (atom-link) or `echoes` (xml-content). */
export function valueFormatArg(named: readonly NamedFormat[], description: string) {
  const elements = (ELEMENT_FORMATS as readonly string[]).some((n) => named.includes(n as NamedFormat));
  return {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    description,
    properties: {
      value: { type: 'string', description: 'exactly this text' },
      mediaType: { type: 'string', format: 'media-type', description: 'this media type, compared as `match` says (type/subtype and parameter names case-insensitively)' },
      match: { enum: [...MEDIA_TYPE_MATCHES], description: 'with mediaType: exact (the default: the same parameters), listed (the listed parameters, others allowed) or charset-optional (listed, a missing charset allowed)' },
      pattern: { type: 'string', format: 'regex', description: 'a regular expression the whole value matches' },
      template: { type: 'string', description: 'a URL template: each {name} stands for one or more characters other than / ? #, unless bound' },
      bind: BINDINGS_SCHEMA,
      named: { enum: [...named], description: 'a named format' },
      ...(elements ? { echoes: { type: 'string', pattern: '^[A-Za-z_][\\w.-]*(/[A-Za-z_][\\w.-]*)*$', description: 'with named xml-content: the path of the request body element whose children the content holds' } } : {}),
    },
    dependentRequired: { match: ['mediaType'], bind: ['template'], ...(elements ? { echoes: ['named'] } : {}) },
    allOf: [
      { if: { required: ['value'] }, then: { maxProperties: 1 } },
      { if: { required: ['pattern'] }, then: { maxProperties: 1 } },
      { if: { required: ['mediaType'] }, then: { propertyNames: { enum: ['mediaType', 'match'] } } },
      { if: { required: ['template'] }, then: { propertyNames: { enum: ['template', 'bind', 'named'] } } },
      // A named format stands alone, except that a self link's URL may follow a template and an Atom content may echo the request's.
      { if: { required: ['named', 'template'] }, then: { properties: { named: { const: 'atom-link' } } } },
      ...(elements ? [{ if: { required: ['named', 'echoes'] }, then: { properties: { named: { const: 'xml-content' } }, maxProperties: 2 } }] : []),
      { if: { required: ['named'], not: { anyOf: [{ required: ['template'] }, { required: ['echoes'] }] } }, then: { maxProperties: 1 } },
    ],
  } as const;
}

/** The `{name}` placeholders of a template, in order. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
}

/** The scheme and host part of a URL template (`https://{ns}.servicebus.windows.net`), or undefined when it has none. */
export function templateOrigin(template: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(template)?.[0];
}

/**
 * What is wrong with a format's bindings, as (pointer relative to the format, message) pairs:
 * each bound name must be a placeholder of the template, a `placeholder` binding must name one
 * of the operation's URL placeholders, and a `request-host` binding a placeholder of the
 * template's host.
 */
export function bindingProblems(format: { template?: string; bind?: Bindings }, urlPlaceholders: readonly string[]): Array<{ pointer: string; message: string }> {
  if (format.template === undefined || format.bind === undefined) return [];
  const names = templatePlaceholders(format.template);
  const host = templatePlaceholders(templateOrigin(format.template) ?? '');
  const out: Array<{ pointer: string; message: string }> = [];
  for (const [name, b] of Object.entries(format.bind)) {
    const at = `/bind/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!names.includes(name)) out.push({ pointer: at, message: `"${name}" is not a placeholder of the template ${format.template}` });
    else if (b.from === 'placeholder' && !urlPlaceholders.includes(b.name)) {
      out.push({ pointer: `${at}/name`, message: `"${b.name}" is not a URL placeholder of the operation (${urlPlaceholders.map((p) => `"${p}"`).join(', ') || 'none'})` });
    } else if (b.from === 'request-host' && !host.includes(name)) out.push({ pointer: `${at}/from`, message: `"${name}" is not in the template's host, so the request host cannot give it` });
  }
  return out;
}
