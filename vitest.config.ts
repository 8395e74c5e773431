import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that get a fresh module graph each: nock patches node:http for the whole process
 * once imported (test/sdk), and the mutation, Yandex reference and scenario files keep theirs.
 * Every other file shares its worker's loaded modules with the files before it (isolate: false):
 * importing the specs, the engine, the reporters and the reference once per worker instead of
 * once per file. Those files restore what they change of the process (environment variables,
 * signal listeners, servers) when they end.
 */
const ISOLATED = ['test/sdk/**/*.test.ts', 'test/mutation/**/*.test.ts', 'test/reference/yandex.test.ts', 'test/reference/yandex-companions.test.ts', 'test/runner/scenario.test.ts'];

export default defineConfig({
  test: {
    // Tests that spawn bin/ruleprobe.js run dist/: compiled first when older than the sources.
    globalSetup: ['test/setup/build.ts'],
    // Spec loading and property runs are CPU-bound; two workers match the CI machine.
    maxWorkers: 2,
    // A hang guard, not a speed check (speed is `npm run bench`): CLI tests spawn several runs and
    // must not fail because a shared machine is slow.
    testTimeout: 300_000,
    // The same for hooks: a beforeAll that runs the command once for several tests is no speed check either.
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
