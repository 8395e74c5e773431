import { describe, expect, it } from 'vitest';
import { progress } from '../../cli/progress.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';

const rec = (verdict: VerdictRecord['verdict']) => ({ verdict }) as VerdictRecord;

describe('progress line', () => {
  it('in a log: one line per ten seconds, none for a quick run', () => {
    let t = 0;
    const out: string[] = [];
    const p = progress((s) => out.push(s), false, () => t);
    p.start(4);
    t = 3_000;
    p.onRecord(rec('PASS'));
    expect(out).toEqual([]);
    t = 12_000;
    p.onRecord(rec('FAIL'));
    t = 15_000;
    p.onRecord(rec('ERROR'));
    p.done();
    expect(out).toEqual(['ruleprobe: 2/4 rules, 1 failed, 0 errors, 12s\n']);
  });

  it('on a terminal: rewritten in place, and cleared at the end', () => {
    const out: string[] = [];
    const p = progress((s) => out.push(s), true, () => 1_000);
    p.start(2);
    p.onRecord(rec('WARN'));
    p.done();
    expect(out).toEqual(['\rruleprobe: 1/2 rules, 1 failed, 0 errors, 0s\x1b[K', '\r\x1b[K']);
  });
});
