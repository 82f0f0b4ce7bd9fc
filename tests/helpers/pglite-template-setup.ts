/**
 * Vitest set-up of every test file: PGlite databases opened on an empty place (memory://, or a missing
 * or empty data directory), in this process's database threads and in the child processes the tests
 * start, load the run's empty cluster (pglite-template.ts) instead of running initdb
 * (PGLITE_EMPTY_CLUSTER, server/db/pglite-thread.ts).
 */
import { inject } from 'vitest';

process.env.PGLITE_EMPTY_CLUSTER = inject('pgliteTemplate');
