import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['tests/**/*.test.ts'],
    // One empty PGlite cluster for the run, which every PGlite test database starts from (no initdb each).
    globalSetup: ['tests/helpers/pglite-template.ts'],
    // Hands each file's thread the coverage kernel's WebAssembly build, as the server's start-up does;
    // PGlite databases opened on an empty place load the run's empty cluster.
    setupFiles: ['tests/helpers/coverage-kernel-setup.ts', 'tests/helpers/pglite-template-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on this 2-core machine is one fork (cores - 1), yet most files wait on a database,
    // a child process or a browser; two forks overlap those waits. Each test gets its own database
    // (tests/helpers/databases.ts), port and temporary folder, so files do not share state.
    maxWorkers: Number(process.env.TEST_MAX_WORKERS) || 2,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
