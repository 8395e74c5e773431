import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totals } from '../../cli/rules-table.js';
import { loadAllSpecs } from '../../specs/loader.js';

const sets = loadAllSpecs();
const ROOT = join(import.meta.dirname, '../..');

describe('the shipped specs', () => {
  it('are the three seed operations', () => {
    expect(sets.map((s) => s.specId)).toEqual([
      'azure-notification-hubs/direct-send',
      'azure-service-bus/send-message',
      'yandex-message-queue/send-message',
    ]);
  });

  it('pin every rule id, so none changes silently', async () => {
    const ids = sets.flatMap((s) => s.rules.map((r) => `${r.id} ${r.level}${r.testable ? '' : ' UNTESTABLE'}`));
    await expect(`${ids.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/rule-ids.txt');
  });

  it('have dozens of rules each, every rule with a source, title and requirement', () => {
    for (const set of sets) {
      expect(set.rules.length, set.specId).toBeGreaterThanOrEqual(30);
      for (const r of set.rules) {
        expect(r.id.startsWith(`${set.specId}/`)).toBe(true);
        expect(r.source.seed).toBe(set.seed);
        expect(r.source.section.length).toBeGreaterThan(0);
        expect(r.title.length).toBeGreaterThan(0);
        expect(r.requirement.length).toBeGreaterThan(0);
        if (!r.testable) expect(r.untestableReason?.length, r.id).toBeGreaterThan(20);
      }
    }
  });

  it('name seeds that exist in the shared seed folder, when it is present', () => {
    const seeds = join(ROOT, '../shared/seeds');
    let files: string[];
    try {
      files = readFileSync(join(seeds, 'README.md'), 'utf8').match(/\d{3}_[0-9a-f]{16}\.txt/g) ?? [];
    } catch {
      return; // a clone without shared/ beside it
    }
    for (const set of sets) expect(files).toContain(set.seed);
  });

  it('never accept every answer: each ambiguity leaves something a target can get wrong', () => {
    for (const r of sets.flatMap((s) => s.rules)) {
      if (!r.ambiguity || !r.testable || r.expect.outcome === 'none') continue;
      const accepted = r.ambiguity.alternatives.filter((a) => a.accepted);
      expect(accepted.length, `${r.id}: no accepted reading`).toBeGreaterThan(0);
      const outcomes = new Set<string>();
      for (const e of [r.expect, ...accepted.map((a) => a.expect ?? r.expect)]) {
        if (e.outcome === 'accept') outcomes.add('accept');
        if (e.outcome === 'reject') outcomes.add('reject');
      }
      // Accepting both an acceptance and a rejection of the same request asserts nothing.
      expect([...outcomes], r.id).toHaveLength(1);
    }
  });

  it('are counted correctly in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const set of sets) {
      const t = totals(set.rules);
      const row = `| \`${set.specId}\` | ${set.title} | ${t.rules} | ${t.MUST} | ${t.SHOULD} | ${t.untestable} | ${t.ambiguous} |`;
      expect(readme, `README row for ${set.specId}`).toContain(row);
    }
  });
});
