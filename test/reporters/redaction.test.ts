/**
 * Reporters print only what the report holds, and the report holds Authorization values
 * redacted. These assertions hold for every registered writer, so a writer that decodes,
 * un-redacts or reconstructs a signature is caught whoever wrote it.
 */
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../reporters/all.js';
import { gated, hostile, mixed } from './_fixtures.js';

/** An Authorization header as text (`Authorization: v`) or as a JSON pair (`"Authorization", "v"`), with its value. */
const AUTHORIZATION = /Authorization(?:"|&quot;|'|&#39;)?(?::\s*|,\s*")([^\n<"]*)/gi;

describe('redaction in every reporter', () => {
  for (const [name, writer] of Object.entries(REPORTERS)) {
    it(`${name}: no sig= or Signature= but [redacted], and every Authorization shown is redacted or a variable`, () => {
      for (const report of [mixed(), gated(), hostile()]) {
        for (const color of [false, true]) {
          const out = writer.render(report, { color });
          expect(out).not.toMatch(/\bsig=(?!\[redacted\])/i);
          expect(out).not.toMatch(/\bSignature=(?!\[redacted\])/);
          const shown = [...out.matchAll(AUTHORIZATION)].map((m) => m[1]!);
          // The markdown summary shows no requests; every other writer shows the failing ones.
          if (name !== 'markdown') expect(shown.length).toBeGreaterThan(0);
          for (const value of shown) {
            expect(value.includes('[redacted]') || value.startsWith('$RULEPROBE_AUTHORIZATION'), `${name}: Authorization ${value}`).toBe(true);
          }
        }
      }
    });
  }
});
