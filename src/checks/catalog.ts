/**
 * Every named response check a spec may reference: what it verifies and the JSON Schema of its
 * arguments. The loader rejects a spec that names a check not listed here or gives one
 * arguments its schema does not accept.
 *
 * specs/ imports this file, so it imports no check implementation: a check that takes arguments
 * declares their schema beside it, in `<check>.args.ts`.
 */
import { NO_ARGS, type ArgsSchema } from './_internals/args.js';
import { ARG_FORMATS } from './_internals/format.args.js';
export { bindingProblems } from './_internals/format.args.js';
import { responseBodyArgs } from './response-body.args.js';
import { responseFieldArgs } from './response-field.args.js';
import { responseHeaderArgs } from './response-header.args.js';

export interface CheckDeclaration {
  /** One sentence: what the check verifies. */
  description: string;
  /** The schema of the arguments (`NO_ARGS` for a check that takes none). */
  args: ArgsSchema;
  /** It reads the response body: on a body cut at the --max-body limit it cannot decide (ERROR, never FAIL). */
  readsBody: boolean;
}

export const CHECKS = {
  'status-documented': { description: 'The response status is one the document lists for the operation.', args: NO_ARGS, readsBody: false },
  'error-code': { description: 'A rejection carries the expected error code in the documented error body.', args: NO_ARGS, readsBody: true },
  'error-body': { description: 'An error response body has the documented error shape.', args: NO_ARGS, readsBody: true },
  'response-header': { description: 'A documented response header is present and has its documented format.', args: responseHeaderArgs, readsBody: false },
  'response-body': {
    description: 'The response body has the documented format (well-formed XML with the documented root, JSON that conforms to the documented schema, or no body).',
    args: responseBodyArgs,
    readsBody: true,
  },
  'response-field': {
    description: 'A documented response body field is present when it must be, absent when it must not be, and well-formed.',
    args: responseFieldArgs,
    readsBody: true,
  },
  'md5-of-message-body': { description: 'MD5OfMessageBody is the lowercase hex MD5 of the UTF-8 bytes of the message body.', args: NO_ARGS, readsBody: true },
  'md5-of-message-attributes': { description: 'MD5OfMessageAttributes is the MD5 of the attributes encoded as the SQS algorithm states.', args: NO_ARGS, readsBody: true },
  'sequence-number-increasing': { description: 'SequenceNumber strictly increases across sends to one FIFO message group.', args: NO_ARGS, readsBody: true },
  'example-response': { description: 'The response fields equal the values the document gives for its sample request.', args: NO_ARGS, readsBody: true },
} as const satisfies Record<string, CheckDeclaration>;

export type CheckName = keyof typeof CHECKS;

export function isCheckName(name: string): name is CheckName {
  return Object.hasOwn(CHECKS, name);
}

/** Whether a failure of `check` (a catalog name, or the runner's own `status`) rests on the response body. */
export function readsBody(check: string): boolean {
  return isCheckName(check) && CHECKS[check].readsBody;
}

/** The string formats the argument schemas use, for whoever compiles them (besides `regex`). */
export const CHECK_ARG_FORMATS = ARG_FORMATS;

export { NO_ARGS, type ArgsSchema } from './_internals/args.js';
