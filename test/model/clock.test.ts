/**
 * The virtual clock the self-tests run scenarios on: a sleep advances time exactly and takes no
 * real time; concurrent sleepers wake in time order; time does not move while a participant is
 * busy, however long that takes in real time, so what each participant sees is the same on a
 * quiet machine and a loaded one.
 */
import { describe, expect, it } from 'vitest';
import { clockOf, REAL_TIME, signingClock, VirtualClock } from '../../src/model/clock.js';

const T0 = Date.UTC(2025, 2, 1, 12);
/** Real time passing (a busy participant's I/O). */
const realWait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('VirtualClock', () => {
  it('starts where it is told, and a sleep advances it by exactly its length', async () => {
    const clock = new VirtualClock(T0);
    expect(clock.now()).toBe(T0);
    await clock.sleep(1500);
    expect(clock.now()).toBe(T0 + 1500);
    await clock.sleep(0.5);
    expect(clock.now()).toBe(T0 + 1500.5);
    await clock.sleep(0);
    await clock.sleep(-20);
    expect(clock.now()).toBe(T0 + 1500.5);
  });

  it('a sleep of an hour takes no real time', async () => {
    const clock = new VirtualClock(T0);
    // An hour of real time would outlast the test's timeout.
    await clock.sleep(3_600_000);
    expect(clock.now()).toBe(T0 + 3_600_000);
  });

  it('concurrent sleepers wake in time order, each at its own time', async () => {
    const clock = new VirtualClock(T0);
    const woke: Array<[string, number]> = [];
    const nap = async (name: string, ms: number): Promise<void> => {
      await clock.sleep(ms);
      woke.push([name, clock.now() - T0]);
    };
    await Promise.all([nap('c', 300), nap('a', 100), nap('b', 200), nap('a2', 100)]);
    // Due together: in the order they fell asleep.
    expect(woke).toEqual([['a', 100], ['a2', 100], ['b', 200], ['c', 300]]);
  });

  it('a sleeper that sleeps again on waking comes before a later one', async () => {
    const clock = new VirtualClock(T0);
    const woke: Array<[string, number]> = [];
    const twice = async (): Promise<void> => {
      await clock.sleep(100);
      woke.push(['twice', clock.now() - T0]);
      await clock.sleep(50);
      woke.push(['twice', clock.now() - T0]);
    };
    const once = async (): Promise<void> => {
      await clock.sleep(200);
      woke.push(['once', clock.now() - T0]);
    };
    await Promise.all([twice(), once()]);
    expect(woke).toEqual([['twice', 100], ['twice', 150], ['once', 200]]);
  });

  it('time does not move while a participant is busy, and moves on when it sleeps or ends', async () => {
    const clock = new VirtualClock(T0);
    const leaveBusy = clock.enter();
    const leaveSleeper = clock.enter();
    let woke: number | undefined;
    const sleeper = clock.sleep(1000).then(() => {
      woke = clock.now() - T0;
      leaveSleeper();
    });
    // However long the busy one takes in real time, its steps see no time pass.
    await realWait(30);
    expect([woke, clock.now()]).toEqual([undefined, T0]);
    await realWait(30);
    expect(clock.now()).toBe(T0);
    leaveBusy();
    await sleeper;
    expect(woke).toBe(1000);
    // Leaving twice counts once.
    leaveBusy();
    await clock.sleep(10);
    expect(clock.now()).toBe(T0 + 1010);
  });

  it('a sleep nobody entered stands for the participant waiting on it (a long poll answering a call)', async () => {
    const clock = new VirtualClock(T0);
    const leave = clock.enter();
    // The participant waits for an answer; what answers it sleeps 500 ms first.
    const answer = async (): Promise<number> => {
      await clock.sleep(500);
      return clock.now() - T0;
    };
    expect(await answer()).toBe(500);
    leave();
  });

  it('participants doing real work of random lengths between their sleeps see the same times every time', async () => {
    const timeline = async (): Promise<string[]> => {
      const clock = new VirtualClock(T0);
      const seen: string[] = [];
      const participant = async (name: string, naps: number[]): Promise<void> => {
        const leave = clock.enter();
        try {
          for (const ms of naps) {
            await realWait(Math.floor(Math.random() * 8));
            seen.push(`${name}@${clock.now() - T0}`);
            await realWait(Math.floor(Math.random() * 8));
            await clock.sleep(ms);
          }
          seen.push(`${name}@${clock.now() - T0} done`);
        } finally {
          leave();
        }
      };
      await Promise.all([participant('a', [500, 500, 500]), participant('b', [300, 1000]), participant('c', [1200])]);
      // Each participant's own times, in its order (their interleaving is real time's).
      return ['a', 'b', 'c'].flatMap((n) => seen.filter((s) => s.startsWith(`${n}@`)));
    };
    const expected = ['a@0', 'a@500', 'a@1000', 'a@1500 done', 'b@0', 'b@300', 'b@1300 done', 'c@0', 'c@1200 done'];
    for (let i = 0; i < 5; i++) expect(await timeline()).toEqual(expected);
  });
});

describe('signing clocks', () => {
  it('read the clock they carry, or the given now, and carry the clock to whoever waits', async () => {
    const clock = new VirtualClock(T0);
    const now = signingClock(clock);
    expect(now().getTime()).toBe(T0);
    await clock.sleep(250);
    expect(now().getTime()).toBe(T0 + 250);
    expect(clockOf(now)).toBe(clock);
    const fixed = new Date('2020-01-01T00:00:00Z');
    const given = signingClock(clock, () => fixed);
    expect([given(), clockOf(given)]).toEqual([fixed, clock]);
    // Any other function: real time.
    expect(clockOf(() => new Date())).toBe(REAL_TIME);
  });

  it('real time: enter is a no-op and a sleep resolves', async () => {
    REAL_TIME.enter()();
    await REAL_TIME.sleep(1);
    expect(Math.abs(REAL_TIME.now() - Date.now())).toBeLessThan(1000);
  });
});
