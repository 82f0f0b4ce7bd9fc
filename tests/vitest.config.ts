import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The browser stories and the reliability tests (child processes, large inputs: a minute or more
 * each) first, then the rest, so that the forks do not end the run with one of them alone. Once
 * Vitest has timings of an earlier run it orders by them (longest first), as its own sequencer does.
 */
class HeavyFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => (/[\\/]tests[\\/](e2e|reliability)[\\/]/.test(f.moduleId) ? 0 : 1);
    return super.sort([...files].sort((a, b) => rank(a) - rank(b)));
  }
}

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
    sequence: { sequencer: HeavyFilesFirst },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
