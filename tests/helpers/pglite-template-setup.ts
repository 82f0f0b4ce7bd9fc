/**
 * Vitest set-up of every test file: a PGlite opened on an empty place (memory://, or a data directory
 * that is missing or empty) loads the run's empty cluster (pglite-template.ts) instead of running
 * initdb. Everything else about PGlite is unchanged; a PGlite given its own `loadDataDir` keeps it.
 */
import type { PGliteOptions } from '@electric-sql/pglite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { inject, vi } from 'vitest';

/** Nothing to open yet: in memory, or a directory without files. */
export function startsEmpty(dataDir: string | undefined): boolean {
  if (dataDir === undefined || dataDir === '' || dataDir.startsWith('memory://')) return true;
  if (dataDir.includes('://')) return false;
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

vi.mock('@electric-sql/pglite', async (importOriginal) => {
  const original = await importOriginal<typeof import('@electric-sql/pglite')>();
  let template: Blob | undefined;
  class PGlite extends original.PGlite {
    constructor(dataDirOrOptions?: string | PGliteOptions, maybeOptions?: PGliteOptions) {
      const [dataDir, options] =
        typeof dataDirOrOptions === 'string' || dataDirOrOptions === undefined
          ? [dataDirOrOptions, maybeOptions ?? {}]
          : [dataDirOrOptions.dataDir, dataDirOrOptions];
      if (!options.loadDataDir && startsEmpty(dataDir)) {
        template ??= new Blob([readFileSync(inject('pgliteTemplate').tarball)]);
        super({ ...options, dataDir, loadDataDir: template });
      } else {
        super({ ...options, dataDir });
      }
    }
  }
  return { ...original, PGlite };
});
