/** Exit codes of the `ruleprobe` command; documented in the README and tested one by one. */
export const EXIT = {
  OK: 0,
  /** A rule FAILed under the gating policy, or more ERRORs than --max-errors allows. */
  FAILED: 1,
  /** Bad usage, or a spec / config file that does not load. */
  USAGE: 2,
  /** The target never answered: every rule that ran is ERROR because of the transport (refused, reset, timeouts, not HTTP). */
  UNREACHABLE: 3,
  /** The run decided nothing: every rule that ran is ERROR, not all because of the transport (a harness problem, the budget). */
  UNDECIDED: 4,
  /** Stopped by SIGINT (128 + 2), after writing the reports. */
  SIGINT: 130,
  /** Stopped by SIGTERM (128 + 15), after writing the reports. */
  SIGTERM: 143,
} as const;
