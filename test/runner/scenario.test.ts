/**
 * The scenario engine on a spec of its own (test/fixtures/specs/scenario/json-board.yaml) against
 * an in-process server that keeps or breaks each promise: exact verdicts, the failing step, the
 * teardown that always runs, ERROR for a setup that fails and for a budget shorter than the waits.
 * The runs are on a virtual clock shared with the server (their waits take no real time), one on
 * real time.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/model/clock.js';
import { runPlan } from '../../src/runner/engine.js';
import type { VerdictRecord } from '../../src/runner/verdict.js';
import { loadSpecFile } from '../../specs/loader.js';
import { BOARD_KEY, startBoardServer, type BoardBreak, type BoardServer } from './board-server.js';

const SET = loadSpecFile(join(import.meta.dirname, '../fixtures/specs/scenario/json-board.yaml'));
const SCENARIOS = SET.rules.filter((r) => r.stimulus.kind === 'scenario').map((r) => r.id);
let server: BoardServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(broken?: BoardBreak | BoardBreak[], options: { budgetMs?: number; timings?: Record<string, number>; realTime?: true } = {}): Promise<Record<string, VerdictRecord>> {
  const clock = options.realTime ? undefined : new VirtualClock();
  server = await startBoardServer(broken, clock ? () => clock.now() : undefined, clock ? (ms) => clock.sleep(ms) : undefined);
  const records = await runPlan({
    ...(clock ? { clock } : {}),
    specs: [
      {
        set: SET,
        target: {
          target: { baseUrl: server.url, entities: { board: 'main' } },
          credentials: { scheme: 'api-key', key: BOARD_KEY },
          deviceHandles: {},
          options: {},
          timings: options.timings ?? { delay: 2, tolerance: 0.9, settle: 3 },
        },
        ruleIds: SCENARIOS,
      },
    ],
    seed: 1,
    runs: 0,
    concurrency: 4,
    timeoutMs: 5000,
    maxBodyBytes: 1 << 16,
    ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}),
  });
  return Object.fromEntries(records.map((r) => [r.ruleId.split('/').pop()!, r]));
}

const verdicts = (r: Record<string, VerdictRecord>): Record<string, string> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.verdict]));

describe('scenarios', () => {
  it('pass every promise against a server that keeps them, and tear down what they set up', async () => {
    const r = await run();
    expect(verdicts(r), JSON.stringify(Object.values(r).map((v) => v.reason ?? v.failure?.message))).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'PASS', 'title-intact': 'PASS', 'location-readable': 'PASS' });
    // Each rule's own board is deleted, and the notes of notes-in-order one by one.
    expect(server!.deleted.sort()).toEqual([expect.stringMatching(/^board-/), expect.stringMatching(/^order-/)]);
    expect(server!.seen.filter((s) => /^DELETE \/boards\/order-[^/]+\/notes\//.test(s))).toHaveLength(3);
    expect(r['note-delay']!.cases).toBeGreaterThan(4);
  });

  it('pass every promise on real time too', async () => {
    const r = await run(undefined, { realTime: true });
    expect(verdicts(r), JSON.stringify(Object.values(r).map((v) => v.reason ?? v.failure?.message))).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'PASS', 'title-intact': 'PASS', 'location-readable': 'PASS' });
  });

  it('fail the delay rule, at its "not before" poll, when a note is listed at once', async () => {
    const r = await run('ignore-delay');
    expect(verdicts(r)).toEqual({ 'note-delay': 'FAIL', 'notes-in-order': 'PASS', 'title-intact': 'PASS', 'location-readable': 'PASS' });
    const f = r['note-delay']!.failure!;
    expect(f.caseLabel).toBe('not listed before the delay');
    expect(f.check).toBe('poll');
    // On the virtual clock the first call is at the instant of the post.
    expect(f.message).toBe('not listed before the delay: after 0.0 s (call 1) the condition already held, before 1.1 s had passed.');
    expect(f.request.url).toMatch(/\/boards\/board-[^/]+\/notes$/);
    expect(f.response?.status).toBe(200);
    expect(server!.deleted).toHaveLength(2);
  });

  it('judge a poll by what was observable: an answer that came after a "not before" window is not held against the target', async () => {
    // The server answers a listing a second after it was asked. The call sent at 1.1 s, as the
    // 1.1 s "not before" window ends, is answered at 2.1 s, the note's delay just over, with the
    // note: that proves nothing about the window (it may have been decided after it).
    const r = await run('slow-list');
    expect(verdicts(r), JSON.stringify(Object.values(r).map((v) => v.reason ?? v.failure?.message))).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'PASS', 'title-intact': 'PASS', 'location-readable': 'PASS' });
    expect(r['note-delay']!.reason).toBe('not listed before the delay: call 2, sent at 1.1 s, was answered after the 1.1 s window (at 2.1 s) with the condition holding; not judged');
  });

  it('fail an "until" poll only on an answer to a call sent once its window was over', async () => {
    // Every note read is answered a second late (and the Location leads nowhere): the third call,
    // sent at 2.4 s, is answered after the 3 s window; the target had the whole window only for a
    // fourth call, sent at 3.4 s, whose 404 is the failure.
    const r = await run(['lost', 'slow-list']);
    expect(verdicts(r)['location-readable']).toBe('FAIL');
    expect(r['location-readable']!.failure!.message).toMatch(/^the note at its Location: within 3 s \(4 calls\) the condition did not hold: No item has id = "n\d+"\.$/);
  });

  it('fail the order rule at its assert when notes are listed newest first', async () => {
    const r = await run('reverse');
    expect(verdicts(r)).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'FAIL', 'title-intact': 'PASS', 'location-readable': 'PASS' });
    const f = r['notes-in-order']!.failure!;
    expect(f.caseLabel).toBe('in posting order');
    expect(f.check).toBe('assert');
    expect(JSON.parse(f.actual)).toEqual([expect.stringMatching(/^three /), expect.stringMatching(/^two /), expect.stringMatching(/^one /)]);
  });

  it('warn on the SHOULD title rule when a listed title loses its supplementary-plane characters', async () => {
    const r = await run('mangle');
    expect(verdicts(r)).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'PASS', 'title-intact': 'WARN', 'location-readable': 'PASS' });
    const f = r['title-intact']!.failure!;
    expect(f.caseLabel).toBe('the listed title is the posted one');
    expect(f.expected).toMatch(/^"?t \u{1F600} \u{1D11E} /u);
    expect(f.actual).toMatch(/^"?t \uFFFD \uFFFD /);
  });

  it('fail the Location rule after polling through 404s, within its window', async () => {
    const r = await run('lost');
    expect(verdicts(r)).toEqual({ 'note-delay': 'PASS', 'notes-in-order': 'PASS', 'title-intact': 'PASS', 'location-readable': 'FAIL' });
    const f = r['location-readable']!.failure!;
    expect(f.check).toBe('poll');
    expect(f.message).toMatch(/^the note at its Location: within 3 s \(\d+ calls\) the condition did not hold: No item has id = "n\d+"\.$/);
    expect(f.response?.status).toBe(404);
  });

  it('are ERROR, not FAIL, when their setup fails; the teardown of what was never set up is left out', async () => {
    const r = await run('no-create');
    expect(verdicts(r)).toEqual({ 'note-delay': 'ERROR', 'notes-in-order': 'ERROR', 'title-intact': 'PASS', 'location-readable': 'PASS' });
    expect(r['note-delay']!.reason).toBe('scenario: setup: step 1: CreateBoard: the CreateBoard call was answered status 500, not 201, so what this rule observes cannot be reached');
    expect(server!.seen.filter((s) => s.startsWith('DELETE'))).toEqual([]);
  });

  it('never quote a credential the target echoes back, in an ERROR reason either', async () => {
    const r = await run('echo-key');
    expect(r['location-readable']!.verdict).toBe('ERROR');
    expect(r['location-readable']!.reason).toMatch(/^scenario: post: the answer does not give id \(its Location header "\/keys\/\[redacted\]" does not match /);
    expect(JSON.stringify(r)).not.toContain(BOARD_KEY);
  });

  it('are ERROR without sending anything when the budget left is shorter than their waits', async () => {
    const r = await run(undefined, { budgetMs: 1500, timings: { delay: 30, tolerance: 1, settle: 2 } });
    expect(r['note-delay']!.verdict).toBe('ERROR');
    expect(r['note-delay']!.error).toBe('budget');
    expect(r['note-delay']!.reason).toMatch(/^scenario: the scenario waits up to 3\d(?:\.\d+)? s, more than the [01] s the run's --budget leaves/);
    expect(r['note-delay']!.cases).toBe(0);
  });
});
