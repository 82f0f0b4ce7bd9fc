import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import type { BoundaryException, BoundaryRule, CycleException } from './rules.ts';
import type { ScannedModule } from './scan-module.ts';

/** Where an import leads: a repository file (repository-relative path) or a package (by name). */
export type ImportTarget = { kind: 'file'; path: string } | { kind: 'package'; name: string };

/** One broken rule: the importing file, the line, what it imports, and the rule. */
export interface BoundaryViolation {
  rule: string;
  file: string;
  line: number;
  /** The package name, the repository path, or 'process.env'. */
  target: string;
  message: string;
}

/** Folders that import each other, directly or around a loop, with one loop among them spelt out. */
export interface FolderCycle {
  /** Every folder of the tangle (a strongly connected component), sorted. */
  folders: string[];
  /** `a/x.ts:3 imports b/y.ts` for each step of the shortest loop through the first folder. */
  steps: string[];
}

/** The cycles that no exception covers, and the exceptions that cover no cycle (stale). */
export interface CycleReport {
  cycles: FolderCycle[];
  staleExceptions: CycleException[];
}

/**
 * The target of `specifier` imported from `file` (repository-relative): a relative specifier is resolved
 * to a repository path (a `?query` suffix such as Vite's `?url` dropped), anything else is a package,
 * named `@scope/name` or `name`; Node built-ins are named `node:<name>` however they were written.
 */
export function resolveImport(file: string, specifier: string): ImportTarget {
  const bare = specifier.replace(/\?.*$/, '');
  if (bare.startsWith('.') || bare.startsWith('/')) {
    return { kind: 'file', path: posix.normalize(posix.join(posix.dirname(file), bare)) };
  }
  if (bare.startsWith('node:') || isBuiltin(bare)) return { kind: 'package', name: bare.startsWith('node:') ? bare : `node:${bare}` };
  const parts = bare.split('/');
  return { kind: 'package', name: bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

/** Whether `path` matches the glob: `**` spans any number of segments, `*` stays within one. */
export function matchesGlob(path: string, glob: string): boolean {
  return globRegExp(glob).test(path);
}

const globCache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob.replace(/\*\*\/|\*\*|\*|[.+?^${}()|[\]\\]/g, (t) =>
      t === '**/' ? '(?:.*/)?' : t === '**' ? '.*' : t === '*' ? '[^/]*' : `\\${t}`,
    );
    re = new RegExp(`^${body}$`);
    globCache.set(glob, re);
  }
  return re;
}

const matchesAny = (value: string, globs: string[] | undefined) => globs?.some((g) => matchesGlob(value, g)) ?? false;

/** Why `target` breaks `rule`, or null when the rule lets it through. */
function refusal(rule: BoundaryRule, target: ImportTarget): string | null {
  if (target.kind === 'file') {
    if (matchesAny(target.path, rule.forbidFiles)) return 'a forbidden file';
    if (rule.allowFiles && !matchesAny(target.path, rule.allowFiles)) return 'a file outside the allowed list';
  } else {
    if (matchesAny(target.name, rule.forbidPackages)) return 'a forbidden package';
    if (rule.allowPackages && !matchesAny(target.name, rule.allowPackages)) return 'a package outside the allowed list';
  }
  return null;
}

/**
 * Every import (and `process.env` read) in `modules` (repository-relative path → scan) that breaks one
 * of `rules`, less the `exceptions`; plus one violation per exception that matched nothing (stale).
 */
export function checkBoundaries(
  modules: Map<string, ScannedModule>,
  rules: BoundaryRule[],
  exceptions: BoundaryException[] = [],
): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  const used = new Set<BoundaryException>();
  const excepted = (rule: string, file: string, target: string) => {
    const hit = exceptions.find((e) => e.rule === rule && e.file === file && e.target === target);
    if (hit) used.add(hit);
    return hit !== undefined;
  };
  for (const [file, scanned] of [...modules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const rule of rules.filter((r) => matchesAny(file, r.files))) {
      for (const ref of scanned.imports) {
        const target = resolveImport(file, ref.specifier);
        const reason = refusal(rule, target);
        const name = target.kind === 'file' ? target.path : target.name;
        if (reason === null || excepted(rule.name, file, name)) continue;
        violations.push({
          rule: rule.name,
          file,
          line: ref.line,
          target: name,
          message: `imports '${ref.specifier}', ${reason} (${rule.name}: ${rule.why})`,
        });
      }
      if (!rule.forbidProcessEnv || excepted(rule.name, file, 'process.env')) continue;
      for (const line of scanned.processEnvLines) {
        violations.push({ rule: rule.name, file, line, target: 'process.env', message: `reads process.env (${rule.name}: ${rule.why})` });
      }
    }
  }
  for (const e of exceptions.filter((x) => !used.has(x))) {
    violations.push({
      rule: e.rule,
      file: e.file,
      line: 0,
      target: e.target,
      message: `stale exception for '${e.target}': nothing breaks ${e.rule} there any more; remove it from the exceptions`,
    });
  }
  return violations;
}

/**
 * Cycles between the sub-folders of each of `parents` (e.g. `server/features/a` importing
 * `server/features/b` and back, directly or through other sub-folders), less those an exception names
 * exactly (same set of folders). Type-only imports count: a cycle of types still ties two features together.
 */
export function folderCycles(modules: Map<string, ScannedModule>, parents: string[], exceptions: CycleException[] = []): CycleReport {
  const cycles: FolderCycle[] = [];
  for (const parent of parents) {
    const folderOf = (path: string) =>
      path.startsWith(`${parent}/`)
        ? path
            .slice(parent.length + 1)
            .split('/')
            .slice(0, -1)[0]
        : undefined;
    // folder → folder → first import seen (`file:line imports path`)
    const edges = new Map<string, Map<string, string>>();
    for (const [file, scanned] of modules) {
      const from = folderOf(file);
      if (from === undefined) continue;
      for (const ref of scanned.imports) {
        const target = resolveImport(file, ref.specifier);
        const to = target.kind === 'file' ? folderOf(target.path) : undefined;
        if (to === undefined || to === from) continue;
        const out = edges.get(from) ?? new Map<string, string>();
        edges.set(from, out);
        if (!out.has(to)) out.set(to, `${file}:${ref.line} imports ${target.kind === 'file' ? target.path : ''}`);
      }
    }
    for (const component of stronglyConnected(edges)) {
      const loop = shortestLoop(edges, component);
      cycles.push({
        folders: component.map((f) => `${parent}/${f}`),
        steps: loop.map((f, i) => edges.get(f)?.get(loop[(i + 1) % loop.length]) ?? ''),
      });
    }
  }
  const key = (folders: string[]) => [...folders].sort().join('\n');
  const excepted = new Set(exceptions.map((e) => key(e.folders)));
  const found = new Set(cycles.map((c) => key(c.folders)));
  return {
    cycles: cycles.filter((c) => !excepted.has(key(c.folders))),
    staleExceptions: exceptions.filter((e) => !found.has(key(e.folders))),
  };
}

/** Tarjan's strongly connected components with more than one node, each sorted, in sorted order. */
function stronglyConnected(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(edges.get(v)?.keys() ?? [])].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return components.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The shortest loop through the first node of a strongly connected component (breadth first). */
function shortestLoop(edges: Map<string, Map<string, string>>, component: string[]): string[] {
  const start = component[0];
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const next of [...(edges.get(queue[i])?.keys() ?? [])].sort()) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const loop = [queue[i]];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0]) as string);
        return loop;
      }
      if (!previous.has(next)) {
        previous.set(next, queue[i]);
        queue.push(next);
      }
    }
  }
  return component;
}
