import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries, folderCycles } from '../../scripts/boundaries/check-imports.ts';
import { ACYCLIC_FOLDERS, BOUNDARY_RULES } from '../../scripts/boundaries/rules.ts';
import { reportLines, scanTree } from '../../scripts/check-boundaries.ts';

const root = mkdtempSync(join(tmpdir(), 'boundaries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Write a fixture repository: repository-relative path → lines of source. */
function writeTree(name: string, files: Record<string, string[]>): string {
  const dir = join(root, name);
  for (const [path, lines] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), lines.join('\n'));
  }
  return dir;
}

/** `file:line target` of every violation of the real rules in a fixture repository. */
function violationsIn(dir: string, roots?: string[]): string[] {
  return checkBoundaries(scanTree(dir, roots), BOUNDARY_RULES).map((v) => `${v.file}:${v.line} ${v.target}`);
}

describe('the boundary rules', () => {
  it('keep server/core pure: no features, db, workers, security, app, config, server packages, node I/O or process.env', () => {
    const dir = writeTree('core', {
      'server/core/geo/allowed.ts': [
        "import { REPORT_KINDS } from '../model.ts';",
        "import { AppError } from '../../errors.ts';",
        "import * as turf from '@turf/turf';",
        "import { createHash } from 'node:crypto';",
        "import { Readable } from 'node:stream';",
      ],
      'server/core/geo/forbidden.ts': [
        "import { a } from '../../features/sites/service.ts';",
        "import { b } from '../../db/database.ts';",
        "import { c } from '../../workers/coverage-pool.ts';",
        "import { d } from '../../security/cors.ts';",
        "import { e } from '../../app.ts';",
        "import { f } from '../../config.ts';",
        "import fastify from 'fastify';",
        "import helmet from '@fastify/helmet';",
        "import { Kysely } from 'kysely';",
        "import pg from 'pg';",
        "import { PGlite } from '@electric-sql/pglite';",
        "import Piscina from 'piscina';",
        "import { readFileSync } from 'fs';",
        "import { readFile } from 'node:fs/promises';",
        "import { cpus } from 'node:os';",
        "import { join } from 'node:path';",
        "import { spawn } from 'node:child_process';",
        "import { Worker } from 'node:worker_threads';",
        "import { request } from 'node:https';",
        'export const kernel = process.env.COVERAGE_KERNEL;',
      ],
    });
    expect(violationsIn(dir)).toEqual([
      'server/core/geo/forbidden.ts:1 server/features/sites/service.ts',
      'server/core/geo/forbidden.ts:2 server/db/database.ts',
      'server/core/geo/forbidden.ts:3 server/workers/coverage-pool.ts',
      'server/core/geo/forbidden.ts:4 server/security/cors.ts',
      'server/core/geo/forbidden.ts:5 server/app.ts',
      'server/core/geo/forbidden.ts:6 server/config.ts',
      'server/core/geo/forbidden.ts:7 fastify',
      'server/core/geo/forbidden.ts:8 @fastify/helmet',
      'server/core/geo/forbidden.ts:9 kysely',
      'server/core/geo/forbidden.ts:10 pg',
      'server/core/geo/forbidden.ts:11 @electric-sql/pglite',
      'server/core/geo/forbidden.ts:12 piscina',
      'server/core/geo/forbidden.ts:13 node:fs',
      'server/core/geo/forbidden.ts:14 node:fs/promises',
      'server/core/geo/forbidden.ts:15 node:os',
      'server/core/geo/forbidden.ts:16 node:path',
      'server/core/geo/forbidden.ts:17 node:child_process',
      'server/core/geo/forbidden.ts:18 node:worker_threads',
      'server/core/geo/forbidden.ts:19 node:https',
      'server/core/geo/forbidden.ts:20 process.env',
    ]);
  });

  it('let the web import only itself, the contract, the pure shared modules and browser packages', () => {
    const dir = writeTree('web', {
      'web/src/map/allowed.ts': [
        "import { store } from '../state/store.ts';",
        "import type { Area } from '../../../server/contract/areas.ts';",
        "import { REPORT_KINDS } from '../../../server/core/model.ts';",
        "import { levelColour } from '../../../server/core/coverage/colour-ramps.ts';",
        "import maplibregl from 'maplibre-gl';",
        "import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';",
        "import * as echarts from 'echarts/core';",
        "import type { Feature } from 'geojson';",
        "import type { Static } from 'typebox';",
      ],
      'web/src/map/forbidden.ts': [
        "import { AreaCreate } from '../../../server/features/areas/schemas.ts';",
        "import { utmGrid } from '../../../server/core/geo/grid.ts';",
        "import { AppError } from '../../../server/errors.ts';",
        "import { plan } from '../../../scripts/plan.ts';",
        "import { readFileSync } from 'node:fs';",
        "import fastify from 'fastify';",
        "import * as turf from '@turf/turf';",
      ],
    });
    expect(violationsIn(dir)).toEqual([
      'web/src/map/forbidden.ts:1 server/features/areas/schemas.ts',
      'web/src/map/forbidden.ts:2 server/core/geo/grid.ts',
      'web/src/map/forbidden.ts:3 server/errors.ts',
      'web/src/map/forbidden.ts:4 scripts/plan.ts',
      'web/src/map/forbidden.ts:5 node:fs',
      'web/src/map/forbidden.ts:6 fastify',
      'web/src/map/forbidden.ts:7 @turf/turf',
    ]);
  });

  it('let server/contract and the shared modules import only typebox, the contract and each other', () => {
    const dir = writeTree('contract', {
      'server/contract/areas.ts': [
        "import { Type } from 'typebox';",
        "import { Code } from './shared.ts';",
        "import { REPORT_KINDS } from '../core/model.ts';",
        "import { Area } from '../features/areas/repository.ts';",
        "import { utmGrid } from '../core/geo/grid.ts';",
        "import fastify from 'fastify';",
      ],
      'server/core/model.ts': [
        "import { Type } from 'typebox';",
        "import { Code } from '../contract/shared.ts';",
        "import { createHash } from 'node:crypto';",
      ],
      'server/core/coverage/colour-ramps.ts': [
        "import { REPORT_KINDS } from '../model.ts';",
        "import { LOG2_TABLE } from './fast-math.ts';",
      ],
    });
    expect(violationsIn(dir)).toEqual([
      'server/contract/areas.ts:4 server/features/areas/repository.ts',
      'server/contract/areas.ts:5 server/core/geo/grid.ts',
      'server/contract/areas.ts:6 fastify',
      'server/core/coverage/colour-ramps.ts:2 server/core/coverage/fast-math.ts',
      'server/core/model.ts:3 node:crypto',
    ]);
  });

  it('let scripts, tests and the rest of the server import anything', () => {
    const everything = [
      "import { readFileSync } from 'node:fs';",
      "import { pool } from '../server/db/database.ts';",
      "import fastify from 'fastify';",
    ];
    const dir = writeTree('free', {
      'scripts/tool.ts': everything,
      'tests/some.test.ts': everything,
      'server/features/sites/service.ts': [
        "import { readFileSync } from 'node:fs';",
        "import { Kysely } from 'kysely';",
        'const url = process.env.DATABASE_URL;',
      ],
    });
    expect(violationsIn(dir, ['server', 'web/src', 'scripts', 'tests'])).toEqual([]);
  });

  it('skip built and generated files', () => {
    const dir = writeTree('ignored', {
      'server/core/coverage/wasm/build/site-pixels.js': ["import { readFileSync } from 'node:fs';"],
      'server/core/coverage/wasm/assembly/layout.generated.ts': ["import { readFileSync } from 'node:fs';"],
      'server/core/node_modules/x/index.js': ["import { readFileSync } from 'node:fs';"],
      'server/core/types.d.ts': ["import { Kysely } from 'kysely';"],
    });
    expect([...scanTree(dir).keys()]).toEqual([]);
  });

  it('report feature folders that import each other, one line per cycle', () => {
    const dir = writeTree('cycle', {
      'server/features/sites/service.ts': ["import { area } from '../areas/service.ts';"],
      'server/features/areas/service.ts': ["import type { Site } from '../sites/service.ts';"],
      'server/features/coverage/service.ts': ["import { area } from '../areas/service.ts';"],
    });
    const modules = scanTree(dir);
    expect(reportLines(checkBoundaries(modules, BOUNDARY_RULES), folderCycles(modules, ACYCLIC_FOLDERS))).toEqual([
      'import cycle between server/features/areas, server/features/sites: server/features/areas/service.ts:1 imports server/features/sites/service.ts; server/features/sites/service.ts:1 imports server/features/areas/service.ts',
    ]);
  });
});
