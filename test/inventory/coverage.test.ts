import { describe, expect, it } from 'vitest';
import { loadAllSpecs } from '../../specs/loader.js';
import { inventories } from './seed-inventory.js';

const sets = loadAllSpecs();

describe('every documented item of each seed maps to at least one rule', () => {
  it('has one spec per inventoried seed, and no spec without an inventory', () => {
    expect(sets.map((s) => s.specId).sort()).toEqual(Object.keys(inventories).sort());
  });

  for (const [specId, items] of Object.entries(inventories)) {
    it(`${specId}: ${items.length} inventory items are all covered`, () => {
      const set = sets.find((s) => s.specId === specId);
      expect(set, `no spec with id ${specId}`).toBeDefined();
      const covered = new Set(set!.rules.flatMap((r) => r.covers.map((k) => k.toLowerCase())));
      const missing = items.filter((i) => !covered.has(i.key.toLowerCase())).map((i) => `${i.key}   ("${i.quote}")`);
      expect(missing, `items with no rule:\n${missing.join('\n')}`).toEqual([]);
    });
  }

  it('keeps the inventory honest: every key is unique within its seed', () => {
    for (const items of Object.values(inventories)) {
      const keys = items.map((i) => i.key.toLowerCase());
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
