import { defineConfig } from 'vitest/config';

// Unit and integration tests: pure modules, the cache on real SQLite files, ssh2 against a real sshd,
// hive-driver against a real HiveServer2 Thrift server. e2e tests have their own config (e2e/).
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
