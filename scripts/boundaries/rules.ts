/**
 * The import boundaries: which folder may import which. One place, as data; `npm run lint` runs
 * scripts/check-boundaries.ts over the tree with these rules.
 *
 * Paths are repository-relative with `/`; globs take `*` (within one path segment) and `**` (any
 * number of segments). Packages are matched by name (`@scope/name` or `name`; `name-*` globs work);
 * Node built-ins are always written `node:<name>` (`fs` and `node:fs` are the same module).
 * scripts/** and tests/** may import anything, so no rule names them as importers.
 */

/** What one rule allows or forbids. `allow*` lists make an allowlist: anything not listed is refused. */
export interface BoundaryRule {
  /** Stable name, quoted in every message. */
  name: string;
  /** One line of why, quoted in every message. */
  why: string;
  /** The importing files the rule applies to. */
  files: string[];
  /** Repository files these importers must not import. */
  forbidFiles?: string[];
  /** Packages these importers must not import. */
  forbidPackages?: string[];
  /** When set, the only repository files these importers may import. */
  allowFiles?: string[];
  /** When set, the only packages these importers may import. */
  allowPackages?: string[];
  /** Refuse `process.env` (configuration is read once, in server/config.ts, and passed in). */
  forbidProcessEnv?: boolean;
}

/** A narrowly scoped, temporary exception: one file, one import (or `process.env`), one rule. */
export interface BoundaryException {
  rule: string;
  file: string;
  /** The import allowed despite the rule: a package name, a repository path, or 'process.env'. */
  target: string;
  why: string;
}

/** A known cycle between folders, tolerated until it is cut: exactly these folders, in any order. */
export interface CycleException {
  folders: string[];
  why: string;
}

/**
 * Pure modules the browser may import besides server/contract: no Node, no server state. Each must
 * itself import only from this list, server/contract and typebox (rule `browser-shared-is-pure`).
 */
export const BROWSER_SHARED_FILES = [
  'server/core/model.ts',
  'server/core/coverage/colour-ramps.ts',
  'server/core/radio/parameter-ranges.ts',
  'server/core/formats/kinds.ts',
  'server/core/formats/source-names.ts',
];

/** Node modules that reach the outside world (files, network, processes, threads, the host). */
const NODE_IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:http2',
  'node:tls',
  'node:dgram',
  'node:dns',
  'node:dns/promises',
  'node:child_process',
  'node:cluster',
  'node:worker_threads',
  'node:os',
  'node:path',
  'node:process',
  'node:readline',
  'node:repl',
  'node:inspector',
  'node:v8',
  'node:vm',
];

export const BOUNDARY_RULES: BoundaryRule[] = [
  {
    name: 'core-is-pure',
    why: 'server/core takes plain data and returns plain data: no HTTP, database, worker pool, file system, host or environment',
    files: ['server/core/**'],
    forbidFiles: [
      'server/features/**',
      'server/db/**',
      'server/workers/**',
      'server/security/**',
      'server/app.ts',
      'server/main.ts',
      'server/config.ts',
      'web/**',
      'scripts/**',
      'tests/**',
    ],
    forbidPackages: ['fastify', 'fastify-*', '@fastify/*', 'kysely', 'pg', 'pg-*', '@electric-sql/*', 'piscina', ...NODE_IO_MODULES],
    forbidProcessEnv: true,
  },
  {
    name: 'lib-is-general',
    why: 'server/lib holds general-purpose helpers that any server folder may use: they depend on no feature, database, worker pool or app module',
    files: ['server/lib/**'],
    forbidFiles: [
      'server/features/**',
      'server/db/**',
      'server/workers/**',
      'server/security/**',
      'server/app.ts',
      'server/main.ts',
      'server/config.ts',
      'web/**',
      'scripts/**',
      'tests/**',
    ],
  },
  {
    name: 'web-imports-contract-only',
    why: 'the browser bundle holds the web client, the API contract and a few pure shared modules, nothing of the server',
    files: ['web/src/**'],
    allowFiles: ['web/src/**', 'server/contract/**', ...BROWSER_SHARED_FILES],
    // Browser packages only; geojson is types only (@types/geojson); typebox for types derived from the contract.
    allowPackages: ['maplibre-gl', 'echarts', 'geojson', 'typebox'],
  },
  {
    name: 'contract-is-pure',
    why: 'server/contract is the API contract that the server and the browser both import: TypeBox schemas and pure shared modules only',
    files: ['server/contract/**'],
    allowFiles: ['server/contract/**', ...BROWSER_SHARED_FILES],
    allowPackages: ['typebox'],
  },
  {
    name: 'browser-shared-is-pure',
    why: 'a module the browser imports from server/ must not pull the server (or Node) into the bundle',
    files: BROWSER_SHARED_FILES,
    allowFiles: ['server/contract/**', ...BROWSER_SHARED_FILES],
    allowPackages: ['typebox'],
  },
];

/** Folders whose sub-folders must not import each other in a cycle (one feature depends on another, not both ways). */
export const ACYCLIC_FOLDERS = ['server/features'];

/**
 * Today's exceptions, in files being changed on other branches, to be removed as they are fixed; the
 * checker fails on an exception that no longer matches anything, so the list only shrinks.
 */
export const BOUNDARY_EXCEPTIONS: BoundaryException[] = [];

/** Today's feature cycles, to be cut; as with BOUNDARY_EXCEPTIONS, a stale entry fails the check. */
export const CYCLE_EXCEPTIONS: CycleException[] = [];

/** Folders scanned (everything that a rule or ACYCLIC_FOLDERS names lives under them). */
export const SCANNED_ROOTS = ['server', 'web/src'];

/** Never scanned: generated or built files. */
export const IGNORED_PATHS = [
  '**/node_modules/**',
  'server/core/coverage/wasm/build/**',
  'server/core/coverage/wasm/assembly/layout.generated.ts',
];
