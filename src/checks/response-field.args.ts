/** The arguments of response-field (response-field.ts), as the loader validates them. */
import type { ArgsSchema } from './_internals/args.js';
import { NAMED_FORMATS, valueFormatArg } from './_internals/format.args.js';

export const PRESENCES = ['always', 'optional', 'with-attributes', 'without-attributes', 'absent'] as const;
export type Presence = (typeof PRESENCES)[number];

/**
 * When a presence holds: the request goes to an entity kind (`entity: fifo-queue`), carries a
 * declared parameter or header (`has: MessageAttribute`; a numbered parameter: at least one
 * item), or does not (`lacks:`). A request that does not meet it is not judged.
 */
export type PresenceCondition = { entity: string } | { has: string } | { lacks: string };

export const presenceConditionArg = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    entity: { type: 'string', minLength: 1, description: 'the entity kind the request goes to' },
    has: { type: 'string', minLength: 1, description: 'a declared parameter or header the request carries (a numbered parameter: at least one item)' },
    lacks: { type: 'string', minLength: 1, description: 'a declared parameter or header the request does not carry' },
  },
  description: 'the requests the presence holds for (one of entity, has, lacks); others are not judged',
} as const;

export const responseFieldArgs = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'presence'],
  properties: {
    // Element local names only: the check reads elements, so an `@attribute` step never matches.
    path: {
      type: 'string',
      pattern: '^([A-Za-z_][\\w.-]*(/[A-Za-z_][\\w.-]*)*|(/([^/~]|~[01])*)+)$',
      description: 'slash path of element local names from the root (`SendMessageResponse/SendMessageResult/MessageId`), or a JSON pointer into a JSON body (`/note/id`)',
    },
    presence: { enum: PRESENCES, description: 'when the field must be present' },
    when: presenceConditionArg,
    format: valueFormatArg(NAMED_FORMATS, 'the documented format of its text (or, for atom-link and xml-content, of the element); required unless presence is `absent`'),
  },
  // A field that may be present has a format to judge; only a valid presence other than
  // `absent` asks for it, so a misspelt presence is reported once, as itself.
  if: { required: ['presence'], properties: { presence: { enum: PRESENCES.filter((p) => p !== 'absent') } } },
  then: { required: ['format'] },
} as const satisfies ArgsSchema;
