/**
 * The time a run's scenarios wait on and measure with: real time, or a virtual clock whose waits
 * take no real time (the self-tests). Budgets and the run's deadline are always real time.
 *
 * A virtual clock is a discrete-event clock: its time moves on only when every participant is
 * asleep, and then straight to the earliest wake-up, so whatever a participant does between two
 * sleeps happens at one instant of virtual time, however long it takes in real time. A
 * participant (`enter`) is a piece of work whose steps must not see time pass while it is busy —
 * the engine enters each rule of a run. A sleep that nobody entered stands for a participant that
 * waits on it (the reference's long poll, answering a scenario's call): it counts as that
 * participant asleep. So on one virtual clock, verdicts depend on the order of sleeps and their
 * lengths only, never on how fast the machine is.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock (at once for 0 or less). */
  sleep(ms: number): Promise<void>;
  /**
   * A participant begins; the returned function ends it (calling it again does nothing). Time
   * does not move on while any participant is busy (not asleep). Real time ignores it.
   */
  enter(): () => void;
}

/** Real time: `Date.now()` and timers. */
export const REAL_TIME: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  enter: () => () => {},
};

interface Sleeper {
  at: number;
  order: number;
  wake: () => void;
}

/**
 * Virtual time from `start` (epoch ms; default: the real time when it is made). A sleep resolves
 * once no participant is busy and no other sleeper is due earlier; sleepers due at the same time
 * wake together, in the order they fell asleep. Time moves on in a later turn of the event loop
 * than the one that made it possible, so sleeps begun together (and whatever a woken sleeper
 * does before its next real wait) are all counted first.
 */
export class VirtualClock implements Clock {
  private time: number;
  private participants = 0;
  private sleepers: Sleeper[] = [];
  private order = 0;
  private pending = false;

  constructor(start: number = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms), order: this.order++, wake });
      this.advance();
    });
  }

  enter(): () => void {
    this.participants += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.participants -= 1;
      this.advance();
    };
  }

  private ready(): boolean {
    return this.sleepers.length > 0 && this.sleepers.length >= this.participants;
  }

  /** When every participant sleeps (or stands behind a sleeper), the earliest sleepers wake, in a later turn. */
  private advance(): void {
    if (this.pending || !this.ready()) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.step();
    });
  }

  private step(): void {
    if (!this.ready()) return;
    this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
    const at = this.sleepers[0]!.at;
    const due = this.sleepers.filter((s) => s.at === at);
    this.sleepers = this.sleepers.filter((s) => s.at !== at);
    this.time = Math.max(this.time, at);
    // Removed before they run: each woken participant counts as busy until it sleeps again.
    for (const s of due) s.wake();
    this.advance();
  }
}

const CLOCKS = new WeakMap<() => Date, Clock>();

/**
 * A signing clock (`() => Date`, what signers and the rule runner read) that reads `clock` — or
 * is `now` when given — and carries `clock` for whatever the signing clock is passed to that
 * also waits (the scenario runner: `clockOf`).
 */
export function signingClock(clock: Clock, now?: () => Date): () => Date {
  const fn = now ? (): Date => now() : (): Date => new Date(clock.now());
  CLOCKS.set(fn, clock);
  return fn;
}

/** The clock a signing clock carries (`signingClock`); real time for any other. */
export function clockOf(now: () => Date): Clock {
  return CLOCKS.get(now) ?? REAL_TIME;
}
