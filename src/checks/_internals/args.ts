/**
 * Check arguments: the schema type every check declares them with, the pieces several checks
 * share, and the readers. The loader validates a spec's arguments against the check's schema,
 * so a bad one reaching a reader is a harness error and throws.
 *
 * This file imports nothing, so catalog.ts (which specs/ may import) can use it.
 */

/** The JSON Schema (draft 2020-12) of one check's arguments: always an object, never open. */
export interface ArgsSchema {
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, object>>;
  readonly [keyword: string]: unknown;
}

/** The arguments of a check that takes none: any key is an unknown key. */
export const NO_ARGS = { type: 'object', additionalProperties: false } as const satisfies ArgsSchema;

/** The `status` argument (see statusInArgs): the statuses a documented header or body belongs to. */
export const STATUS_ARG = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'integer', minimum: 100, maximum: 599 },
  description: 'the statuses it is documented for (the check judges only responses with one of them; without it, every response)',
} as const;

export function stringArg(args: Record<string, unknown>, key: string): string;
export function stringArg(args: Record<string, unknown>, key: string, optional: true): string | undefined;
export function stringArg(args: Record<string, unknown>, key: string, optional = false): string | undefined {
  const v = args[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') throw new TypeError(`check argument "${key}" must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

export function oneOf<T extends string>(args: Record<string, unknown>, key: string, values: readonly T[]): T {
  const v = args[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new TypeError(`check argument "${key}" must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}
