/**
 * Spec language: companions, timings and scenario steps — what they compile to, and the problems
 * the loader reports with file, line and pointer (test/fixtures/specs/scenario/json-board.yaml).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecText } from '../../specs/loader.js';
import { specProblems } from './_problems.js';

const BOARD = readFileSync(join(import.meta.dirname, '../fixtures/specs/scenario/json-board.yaml'), 'utf8');

function edit(from: string, to: string): string {
  expect(BOARD).toContain(from);
  return BOARD.replace(from, to);
}

describe('scenarios in a spec', () => {
  it('compile to companions, timings and steps', () => {
    const set = loadSpecText(BOARD, 'board.yaml');
    expect(set.operation.timings).toEqual([
      { name: 'delay', default: 1, min: 1, max: 60, description: 'the delay a note is posted with' },
      { name: 'tolerance', default: 0.5, min: 0.1, max: 10, description: 'how early or late a note may appear' },
      { name: 'settle', default: 2, min: 0.5, max: 30, description: 'how long a rule waits for notes that must appear' },
    ]);
    const list = set.operation.companions.find((c) => c.name === 'ListNotes')!;
    expect(list).toMatchObject({ method: 'GET', url: '{base}/boards/{board}/notes', accept: [200], pending: [], inputs: { board: '{entity}' }, body: { kind: 'none' } });
    expect(list.items).toEqual({ json: '/notes', each: { id: { json: '/id' }, title: { json: '/title' }, md5: { json: '/md5' } } });
    const rule = set.rules.find((r) => r.slug === 'note-delay')!;
    expect(rule.stimulus.kind).toBe('scenario');
    if (rule.stimulus.kind !== 'scenario') return;
    expect(rule.stimulus.scenario.setup).toEqual([{ kind: 'call', label: 'step 1: CreateBoard', companion: 'CreateBoard', with: { name: 'board-{unique}' }, bind: { board: { json: '/name' } } }]);
    expect(rule.stimulus.scenario.steps[1]).toEqual({
      kind: 'poll',
      label: 'not listed before the delay',
      companion: 'ListNotes',
      with: { board: '{board}' },
      every: '0.2',
      mode: 'never',
      window: '{timing.delay} - {timing.tolerance}',
      condition: { some: { id: '{id}' } },
      then: [],
    });
  });

  it('refuse a call of an undeclared companion, a missing or unknown input, an unknown timing and an unbound placeholder', () => {
    const text = edit('          - call: CreateBoard\n            with: { name: "board-{unique}" }', '          - call: CreateBord\n            with: { name: "board-{unique}" }')
      .replace('            with: { board: "{board}" }\n            every: 0.2\n            never:', '            with: { bord: "{board}" }\n            every: 0.2\n            never:')
      .replace('for: "{timing.delay} - {timing.tolerance}"', 'for: "{timing.delay} - {timing.slack}"')
      .replace('within: "{timing.tolerance} + {timing.tolerance}"', 'within: "{timing.tolerance} + {wait}"')
      .replace('          - call: DeleteNote\n                with: { board: "{board}", id: "{item.id}" }', '          - call: DeleteNote\n                with: { board: "{board}" }');
    expect(specProblems(text, 'board.yaml')).toEqual([
      'board.yaml:100:13 /rules/0/stimulus/scenario/setup/0: no companion named "CreateBord" is declared under /companions (declared: CreateBoard, DeleteBoard, ListNotes, GetNote, DeleteNote)',
      'board.yaml:107:13 /rules/0/stimulus/scenario/steps/1: companion ListNotes has no input "bord" (inputs: board)',
      'board.yaml:107:13 /rules/0/stimulus/scenario/steps/1: no timing "slack" is declared under /timing',
      'board.yaml:113:13 /rules/0/stimulus/scenario/steps/2: {wait} is not bound before this step (bind it, name a send with as:, or use {base}, {entity}, {unique}, {timing.x})',
      'board.yaml:148:17 /rules/1/stimulus/scenario/steps/3/then/0: companion DeleteNote needs input "id" (with: { id: … })',
    ]);
  });

  it('refuse a send that sets an undeclared parameter, a poll of a companion without items, and a companion template that names no input', () => {
    const text = edit('set: { delay: "{timing.delay}" }', 'set: { dalay: "{timing.delay}" }')
      .replace('          - poll: GetNote', '          - poll: DeleteBoard')
      .replace('    request: { method: DELETE, url: "{base}/boards/{board}" }', '    request: { method: DELETE, url: "{base}/boards/{boardName}" }');
    expect(specProblems(text, 'board.yaml')).toEqual([
      'board.yaml:73:14 /companions/1/request: {boardName} is neither an input of DeleteBoard (its inputs: board) nor {base}, {entity}, {unique} or a declared {timing.x}',
      'board.yaml:104:45 /rules/0/stimulus/scenario/steps/0/send/set: no declared parameter has the wire name "dalay"',
      'board.yaml:193:13 /rules/3/stimulus/scenario/steps/1: companion DeleteBoard needs input "board" (with: { board: … })',
      'board.yaml:193:13 /rules/3/stimulus/scenario/steps/1: companion DeleteBoard has no input "id" (inputs: board)',
      'board.yaml:193:13 /rules/3/stimulus/scenario/steps/1: companion DeleteBoard declares no items: a poll collects the items of its answers',
    ]);
  });

  it('refuse a poll with both until and never, or with neither window', () => {
    const text = edit('            until: { some: { id: "{id}" } }\n            within: "{timing.tolerance} + {timing.tolerance}"', '            until: { some: { id: "{id}" } }');
    expect(specProblems(text, 'board.yaml').length).toBeGreaterThan(0);
  });
});
