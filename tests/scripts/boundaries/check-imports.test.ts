import { describe, expect, it } from 'vitest';
import { checkBoundaries, folderCycles, matchesGlob, resolveImport } from '../../../scripts/boundaries/check-imports.ts';
import type { BoundaryRule } from '../../../scripts/boundaries/rules.ts';
import { scanModule } from '../../../scripts/boundaries/scan-module.ts';

/** A fixture tree: repository-relative path → source. */
const tree = (files: Record<string, string>) => new Map(Object.entries(files).map(([path, source]) => [path, scanModule(path, source)]));

describe('resolveImport', () => {
  it('resolves relative specifiers to repository paths, dropping a query', () => {
    expect(resolveImport('server/core/geo/grid.ts', '../../features/sites/service.ts')).toEqual({
      kind: 'file',
      path: 'server/features/sites/service.ts',
    });
    expect(resolveImport('web/src/map/palette.ts', '../../../server/core/model.ts')).toEqual({
      kind: 'file',
      path: 'server/core/model.ts',
    });
    expect(resolveImport('web/src/main.ts', './worker.ts?url')).toEqual({ kind: 'file', path: 'web/src/worker.ts' });
  });

  it('names packages by package, and Node built-ins with node: however written', () => {
    expect(resolveImport('a.ts', '@fastify/static')).toEqual({ kind: 'package', name: '@fastify/static' });
    expect(resolveImport('a.ts', 'echarts/core')).toEqual({ kind: 'package', name: 'echarts' });
    expect(resolveImport('a.ts', 'maplibre-gl/dist/maplibre-gl-worker.mjs?url')).toEqual({ kind: 'package', name: 'maplibre-gl' });
    expect(resolveImport('a.ts', 'fs')).toEqual({ kind: 'package', name: 'node:fs' });
    expect(resolveImport('a.ts', 'fs/promises')).toEqual({ kind: 'package', name: 'node:fs/promises' });
    expect(resolveImport('a.ts', 'node:crypto')).toEqual({ kind: 'package', name: 'node:crypto' });
  });
});

describe('matchesGlob', () => {
  it('spans segments with ** and stays within one with *', () => {
    expect(matchesGlob('server/core/a/b.ts', 'server/core/**')).toBe(true);
    expect(matchesGlob('server/corex/b.ts', 'server/core/**')).toBe(false);
    expect(matchesGlob('server/core/model.ts', 'server/core/model.ts')).toBe(true);
    expect(matchesGlob('server/core/modelXts', 'server/core/model.ts')).toBe(false);
    expect(matchesGlob('@fastify/static', '@fastify/*')).toBe(true);
    expect(matchesGlob('@fastify/a/b', '@fastify/*')).toBe(false);
    expect(matchesGlob('fastify-plugin', 'fastify-*')).toBe(true);
    expect(matchesGlob('node_modules/x/y.ts', '**/node_modules/**')).toBe(true);
    expect(matchesGlob('web/node_modules/x.ts', '**/node_modules/**')).toBe(true);
  });
});

describe('checkBoundaries', () => {
  const rules: BoundaryRule[] = [
    {
      name: 'deny',
      why: 'no db in lib',
      files: ['lib/**'],
      forbidFiles: ['db/**'],
      forbidPackages: ['pg', 'node:fs'],
      forbidProcessEnv: true,
    },
    {
      name: 'allow',
      why: 'ui sees ui and lib/shared.ts',
      files: ['ui/**'],
      allowFiles: ['ui/**', 'lib/shared.ts'],
      allowPackages: ['maplibre-gl'],
    },
  ];

  it('passes allowed imports and reports forbidden ones with file, line, target and rule', () => {
    const files = tree({
      'lib/a.ts':
        "import { b } from './b.ts';\nimport { pool } from '../db/pool.ts';\nimport pg from 'pg';\nimport { readFile } from 'fs';\nimport { createHash } from 'node:crypto';\nexport const port = process.env.PORT;",
      'lib/b.ts': 'export const b = 1;',
      'ui/view.ts':
        "import { s } from '../lib/shared.ts';\nimport { a } from '../lib/a.ts';\nimport { Map } from 'maplibre-gl';\nimport * as echarts from 'echarts';\nimport { x } from './x.ts';",
      'db/pool.ts': "import { a } from '../lib/a.ts';\nexport const v = process.env.V;",
    });
    expect(checkBoundaries(files, rules).map((v) => [v.rule, v.file, v.line, v.target])).toEqual([
      ['deny', 'lib/a.ts', 2, 'db/pool.ts'],
      ['deny', 'lib/a.ts', 3, 'pg'],
      ['deny', 'lib/a.ts', 4, 'node:fs'],
      ['deny', 'lib/a.ts', 6, 'process.env'],
      ['allow', 'ui/view.ts', 2, 'lib/a.ts'],
      ['allow', 'ui/view.ts', 4, 'echarts'],
    ]);
  });

  it("quotes the import and the rule's reason in the message", () => {
    const [v] = checkBoundaries(tree({ 'lib/a.ts': "import pg from 'pg';" }), rules);
    expect(v.message).toBe("imports 'pg', a forbidden package (deny: no db in lib)");
  });

  it('lets an exception through for its one file and target, and reports an exception that matches nothing', () => {
    const files = tree({
      'lib/a.ts': "import { readFile } from 'node:fs';\nexport const p = process.env.P;",
      'lib/c.ts': "import { readFile } from 'node:fs';",
    });
    const exceptions = [
      { rule: 'deny', file: 'lib/a.ts', target: 'node:fs', why: 'moving' },
      { rule: 'deny', file: 'lib/a.ts', target: 'process.env', why: 'moving' },
      { rule: 'deny', file: 'lib/gone.ts', target: 'pg', why: 'fixed already' },
    ];
    const violations = checkBoundaries(files, rules, exceptions);
    expect(violations.map((v) => [v.file, v.target])).toEqual([
      ['lib/c.ts', 'node:fs'],
      ['lib/gone.ts', 'pg'],
    ]);
    expect(violations[1].message).toMatch(/^stale exception for 'pg': nothing breaks deny there any more/);
  });
});

describe('folderCycles', () => {
  it('reports folders importing each other around a loop, with one import per step', () => {
    const files = tree({
      'f/a/routes.ts': "import { b } from '../b/service.ts';",
      'f/b/service.ts': "import { c } from '../c/service.ts';",
      'f/c/service.ts': "import type { A } from '../a/routes.ts';",
      'f/d/service.ts': "import { a } from '../a/routes.ts';",
      'f/index.ts': "import { d } from './d/service.ts';",
    });
    expect(folderCycles(files, ['f']).cycles).toEqual([
      {
        folders: ['f/a', 'f/b', 'f/c'],
        steps: [
          'f/a/routes.ts:1 imports f/b/service.ts',
          'f/b/service.ts:1 imports f/c/service.ts',
          'f/c/service.ts:1 imports f/a/routes.ts',
        ],
      },
    ]);
  });

  it('finds nothing in a tree that only imports one way, or within one folder', () => {
    const files = tree({
      'f/a/routes.ts': "import { s } from './service.ts';\nimport { b } from '../b/service.ts';",
      'f/a/service.ts': "import { r } from './routes.ts';",
      'f/b/service.ts': "import { x } from '../../lib/x.ts';",
    });
    expect(folderCycles(files, ['f'])).toEqual({ cycles: [], staleExceptions: [] });
  });

  it('drops a cycle an exception names exactly, and reports an exception that names no cycle', () => {
    const files = tree({ 'f/a/x.ts': "import '../b/y.ts';", 'f/b/y.ts': "import '../a/x.ts';" });
    const known = { folders: ['f/b', 'f/a'], why: 'being cut' };
    const stale = { folders: ['f/a', 'f/c'], why: 'cut already' };
    expect(folderCycles(files, ['f'], [known, stale])).toEqual({ cycles: [], staleExceptions: [stale] });
  });
});
