/** Bounded concurrency and a global request rate. */

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Spaces requests evenly: at most `perSecond` start in any second. */
export class RateLimiter {
  private next = 0;
  constructor(private readonly perSecond: number) {}

  async acquire(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    // A timer may fire early by up to a millisecond (the event loop's clock is cached): wait until the slot has truly come.
    for (let left = slot - now; left > 0; left = slot - performance.now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
    }
  }
}
