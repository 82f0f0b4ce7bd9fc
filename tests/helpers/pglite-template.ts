/**
 * Vitest global set-up: one empty PGlite cluster (what PGlite's initdb makes, with this version of
 * PGlite) for the whole run, as a tarball and as a data directory. Every test database on PGlite
 * starts from a copy of it instead of running initdb again, which takes seconds per database on a
 * busy 2-core machine (pglite-template-setup.ts for the tests' own process, copyPgliteTemplate for
 * the data directories of child processes).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface PgliteTemplate {
  /** The cluster as PGlite's `dumpDataDir` writes it (for `loadDataDir`). */
  tarball: string;
  /** The same cluster as a data directory (stopped), to copy. */
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: PgliteTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-pglite-template-'));
  const fresh = new PGlite('memory://');
  await fresh.waitReady;
  const dump = await fresh.dumpDataDir('none');
  await fresh.close();
  const tarball = join(dir, 'cluster.tar');
  await writeFile(tarball, Buffer.from(await dump.arrayBuffer()));
  const dataDir = join(dir, 'data');
  const onDisk = new PGlite(dataDir, { loadDataDir: dump });
  await onDisk.waitReady;
  await onDisk.close();
  project.provide('pgliteTemplate', { tarball, dataDir });
  return () => rm(dir, { recursive: true, force: true });
}
