/** Reading check arguments. The loader validated them against the schema, so a bad one is a harness error and throws. */

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
