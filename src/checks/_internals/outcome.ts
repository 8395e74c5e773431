/** Building failure outcomes: one sentence, and short expected / actual strings. */
import type { CheckOutcome } from '../types.js';
import type { HttpResponse } from '../../model/exchange.js';

export type Failure = Extract<CheckOutcome, { ok: false }>;

/** Longest `expected` / `actual` string a failure carries. */
export const EXCERPT_CHARS = 200;

export function fail(message: string, expected: string, actual: string): Failure {
  return { ok: false, message, expected: excerpt(expected), actual: excerpt(actual) };
}

/** The text cut to EXCERPT_CHARS characters, marked with … when cut. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The response body for a failure: its start as text, or a note when there is none. */
export function bodyExcerpt(response: HttpResponse): string {
  if (response.body.length === 0) return '(empty body)';
  const text = new TextDecoder('utf-8').decode(response.body.subarray(0, EXCERPT_CHARS * 4));
  return excerpt(text.replace(/\s+/g, ' ').trim()) + (response.truncated ? ' (cut at the body cap)' : '');
}

/** "The 400 error body is not well-formed XML: <the parser's reason>." */
export function notWellFormed(status: number, format: 'xml' | 'json', reason: string): string {
  return `The ${status} error body is not well-formed ${format.toUpperCase()}: ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`;
}
