/** Deterministic stand-ins for the deliberately wrong parts of a token. */
import { createHash } from 'node:crypto';

/**
 * Another key of the same shape (base64 of 32 bytes) derived from the right one, so the wrong-key
 * case is reproducible from the config alone and can never equal the real key by accident.
 */
export function wrongKeyFor(key: string): string {
  return createHash('sha256').update('ruleprobe wrong key\0').update(key, 'utf8').digest('base64');
}

/** Unix seconds of a date, as SAS `se` and SWT `ExpiresOn` write them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** The `pick`-th form, modulo the number of forms, so any integer names a form. */
export function pickForm<T>(forms: readonly T[], pick: number | undefined): T {
  const n = forms.length;
  const i = pick ?? 0;
  if (!Number.isInteger(i)) throw new RangeError(`pick must be an integer, got ${i}`);
  const form = forms[((i % n) + n) % n];
  if (form === undefined) throw new RangeError('no forms to pick from');
  return form;
}

/**
 * The token with every letter and digit moved one step on within its own class (a→b, z→a, 9→0),
 * so it keeps its length and character set — a format check still passes and the target has to
 * look the token up — yet differs from the right one at every alphanumeric position. A token
 * without letters or digits gets an `x` in front. Either way it never equals the configured one.
 */
export function wrongTokenFor(token: string): string {
  const step = (c: string, first: string, last: string): string => (c === last ? first : String.fromCharCode(c.charCodeAt(0) + 1));
  let changed = false;
  const out = token.replace(/[a-z]|[A-Z]|[0-9]/g, (c) => {
    changed = true;
    if (c >= 'a' && c <= 'z') return step(c, 'a', 'z');
    if (c >= 'A' && c <= 'Z') return step(c, 'A', 'Z');
    return step(c, '0', '9');
  });
  return changed ? out : `x${token}`;
}
