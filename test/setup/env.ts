import { afterAll, beforeAll } from 'vitest';

/**
 * Sets these environment variables for the tests of the enclosing describe (or file) and puts
 * back what was there after them: files share their worker's process (isolate: false).
 */
export function useEnv(vars: Readonly<Record<string, string>>): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
