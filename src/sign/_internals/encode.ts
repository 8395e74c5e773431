/** Percent-encoding with a chosen hex case, the one knob Azure's samples disagree on (PROTOCOL-FACTS §4). */

/**
 * `encodeURIComponent`, then the hex digits of every escape in the given case. Only the escapes
 * change: the unescaped characters stay as given, so hex case can vary alone in a test.
 */
export function percentEncode(text: string, hex: 'upper' | 'lower'): string {
  const upper = encodeURIComponent(text);
  return hex === 'upper' ? upper : upper.replace(/%[0-9A-F]{2}/g, (esc) => esc.toLowerCase());
}
