import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn bin/ruleprobe.js run dist/: compiled first when older than the sources.
    globalSetup: ['test/setup/build.ts'],
    // Spec loading and property runs are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    // A hang guard, not a speed check (speed is `npm run bench`): CLI tests spawn several runs and
    // must not fail because a shared machine is slow.
    testTimeout: 300_000,
    // The same for hooks: a beforeAll that runs the command once for several tests is no speed check either.
    hookTimeout: 300_000,
  },
});
