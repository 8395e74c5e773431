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
