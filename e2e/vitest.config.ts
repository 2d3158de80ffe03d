import { defineConfig } from 'vitest/config';

// End-to-end tests: the real app in browser mode, driven in Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    // expect.poll waits for what the UI shows after a server round trip (scoring 288 rows, re-reading the scores):
    // e2e checks behaviour, not speed (benchmarks measure that), so a loaded CI machine must not fail it at 1 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
