/**
 * Vitest global set-up: one empty PGlite cluster (what PGlite's initdb makes, with this version of
 * PGlite) for the whole run, as a tarball. Every test database on PGlite starts from it instead of
 * running initdb again, which takes seconds per database on a busy 2-core machine
 * (pglite-template-setup.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The empty cluster's tarball, as PGlite's `dumpDataDir` writes it. */
    pgliteTemplate: string;
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
  project.provide('pgliteTemplate', tarball);
  return () => rm(dir, { recursive: true, force: true });
}
