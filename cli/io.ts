/** Where a command writes, and what it listens to; tests give their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** The clock signatures are made with; tests fix it. */
  now?: () => Date;
  /**
   * Calls `stop` on the first SIGINT or SIGTERM while a run goes; returns what unsubscribes.
   * Default: the process's signals, each listened to once, so a second signal ends the process.
   */
  onSignal?: (stop: (signal: StopSignal) => void) => () => void;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';
