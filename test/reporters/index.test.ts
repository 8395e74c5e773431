import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../reporters/all.js';
import { parseReporterSpec, REPORTER_NAMES, ReporterSpecError } from '../../reporters/index.js';
import { gated, hostile, mixed } from './_fixtures.js';

describe('REPORTERS', () => {
  it('registers every writer once, under its own name', () => {
    expect(Object.keys(REPORTERS).sort()).toEqual(['console', 'html', 'json', 'junit', 'markdown']);
    expect([...REPORTER_NAMES].sort()).toEqual(Object.keys(REPORTERS).sort());
    for (const [key, w] of Object.entries(REPORTERS)) expect(w.name).toBe(key);
    expect(Object.fromEntries(Object.values(REPORTERS).map((w) => [w.name, w.extension]))).toEqual({
      console: 'txt',
      html: 'html',
      json: 'json',
      junit: 'xml',
      markdown: 'md',
    });
  });

  it('every writer renders every report, and the same report the same way twice', () => {
    for (const w of Object.values(REPORTERS)) {
      for (const report of [mixed(), gated(), hostile()]) {
        const out = w.render(report, { color: false });
        expect(out.length, w.name).toBeGreaterThan(0);
        expect(w.render(report, { color: false }), w.name).toBe(out);
      }
    }
  });
});

describe('parseReporterSpec', () => {
  it('reads a name alone, or a name and a file', () => {
    expect(parseReporterSpec('console')).toEqual({ name: 'console' });
    expect(parseReporterSpec('junit=out/junit.xml')).toEqual({ name: 'junit', path: 'out/junit.xml' });
    // Only the first = separates; the path may hold more.
    expect(parseReporterSpec('json=out/a=b.json')).toEqual({ name: 'json', path: 'out/a=b.json' });
  });

  it('names the known reporters when the name is unknown', () => {
    expect(() => parseReporterSpec('junti=out.xml')).toThrow(ReporterSpecError);
    expect(() => parseReporterSpec('junti=out.xml')).toThrow('--reporter "junti=out.xml": unknown reporter "junti"; known: console, html, json, junit, markdown');
    expect(() => parseReporterSpec('toString')).toThrow('unknown reporter "toString"');
  });

  it('refuses an empty name or an empty file', () => {
    expect(() => parseReporterSpec('=out.xml')).toThrow('no reporter name before "="');
    expect(() => parseReporterSpec('junit=')).toThrow('--reporter "junit=": no file after "="; write junit=<file>, or junit alone for standard output');
  });
});
