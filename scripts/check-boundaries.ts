/**
 * Check the import boundaries of scripts/boundaries/rules.ts over the tree, and cycles between feature
 * folders. Prints one line per violation (`file:line message`) and exits 1 on any; `npm run lint` runs it.
 *
 *   npx tsx scripts/check-boundaries.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkBoundaries, folderCycles, matchesGlob, type BoundaryViolation, type CycleReport } from './boundaries/check-imports.ts';
import {
  ACYCLIC_FOLDERS,
  BOUNDARY_EXCEPTIONS,
  BOUNDARY_RULES,
  CYCLE_EXCEPTIONS,
  IGNORED_PATHS,
  SCANNED_ROOTS,
} from './boundaries/rules.ts';
import { scanModule, type ScannedModule } from './boundaries/scan-module.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;

/** Scan every source file under `roots` of the repository at `repositoryRoot`, keyed by repository-relative path. */
export function scanTree(repositoryRoot: string, roots = SCANNED_ROOTS, ignored = IGNORED_PATHS): Map<string, ScannedModule> {
  const modules = new Map<string, ScannedModule>();
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a root that does not exist (yet): nothing to check
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(repositoryRoot, path).split(sep).join('/');
      if (ignored.some((g) => matchesGlob(rel, g) || matchesGlob(`${rel}/`, g))) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts'))
        modules.set(rel, scanModule(rel, readFileSync(path, 'utf8')));
    }
  };
  for (const root of roots) walk(join(repositoryRoot, root));
  return modules;
}

/** The report lines for violations and cycles (empty when the tree keeps its boundaries). */
export function reportLines(violations: BoundaryViolation[], cycles: CycleReport): string[] {
  return [
    ...violations.map((v) => `${v.file}${v.line ? `:${v.line}` : ''} ${v.message}`),
    ...cycles.cycles.map((c) => `import cycle between ${c.folders.join(', ')}: ${c.steps.join('; ')}`),
    ...cycles.staleExceptions.map(
      (e) =>
        `stale cycle exception for ${e.folders.join(', ')}: they no longer import each other in a cycle; remove it from the exceptions`,
    ),
  ];
}

function main(): number {
  const modules = scanTree(REPOSITORY_ROOT);
  const lines = reportLines(
    checkBoundaries(modules, BOUNDARY_RULES, BOUNDARY_EXCEPTIONS),
    folderCycles(modules, ACYCLIC_FOLDERS, CYCLE_EXCEPTIONS),
  );
  for (const line of lines) console.error(line);
  if (lines.length) {
    console.error(`\n${lines.length} boundary problem(s); the rules are in scripts/boundaries/rules.ts`);
    return 1;
  }
  console.log(`import boundaries: ${modules.size} files checked, no problem`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main();
}
