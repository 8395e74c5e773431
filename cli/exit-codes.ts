/** Exit codes of the `ruleprobe` command; documented in the README and tested one by one. */
export const EXIT = {
  OK: 0,
  /** A rule FAILed under the gating policy. */
  FAILED: 1,
  /** Bad usage, or a spec / config file that does not load. */
  USAGE: 2,
  /** The target never answered: every rule that ran is ERROR (connection refused, timeouts). */
  UNREACHABLE: 3,
} as const;
