/**
 * The command line's numeric options: one parser per kind of number, each taking the range the
 * value must be in from the one table (src/model/ranges.ts) that the target config's `run:`
 * section is checked against too. A value outside its range, or not written as a plain decimal
 * number ("1e3", "0x10", " 5", "+5", ""), is a usage error naming the option and the range:
 * never rounded, clamped or read as "no limit".
 */
import { Option } from 'commander';
import { describeRange, inRange, shownValue, type NumericRange } from '../src/model/ranges.js';
import { UsageError } from '../src/config/errors.js';

const WHOLE = /^[0-9]+$/;
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

function outOfRange(flag: string, range: NumericRange, v: string): UsageError {
  return new UsageError(`${flag} takes ${describeRange(range)}, got "${shownValue(v)}"`);
}

/** Digits only, within `range` (which has `integer: true`). */
export function wholeNumberIn(flag: string, range: NumericRange): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!WHOLE.test(v) || !inRange(range, n)) throw outOfRange(flag, range, v);
    return n;
  };
}

/** Digits with an optional decimal fraction (`0.5`), within `range`. */
export function decimalIn(flag: string, range: NumericRange): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!DECIMAL.test(v) || !inRange(range, n)) throw outOfRange(flag, range, v);
    return n;
  };
}

/**
 * An option whose value is a number in `range`: whole numbers for an integer range, else
 * decimals. Its help states the range; the flag the messages name is read from `flags`
 * (`--timeout <ms>` → `--timeout`).
 */
export function numberOption(flags: string, description: string, range: NumericRange): Option {
  const option = new Option(flags, `${description} — ${range.min} to ${range.max}${range.unit ? ` ${range.unit}` : ''}`);
  const flag = option.long ?? option.short ?? flags;
  return option.argParser(range.integer ? wholeNumberIn(flag, range) : decimalIn(flag, range));
}
