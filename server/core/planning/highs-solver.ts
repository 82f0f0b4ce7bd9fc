import highsModule, { type Highs, type InitOptions } from 'highs';

type HighsLoader = (options?: InitOptions) => Promise<Highs>;

/** The loader itself: a function (checked at run time, not asserted). */
function isLoader(value: unknown): value is HighsLoader {
  return typeof value === 'function';
}

// The package's typings describe its CommonJS build (the loader on `.default`); under ESM the default
// export is the loader itself.
const loadHighs: HighsLoader = isLoader(highsModule) ? highsModule : highsModule.default;

let loading: Promise<Highs> | null = null;

/**
 * The HiGHS MILP solver (Huangfu & Hall 2018, Math. Prog. Comp. 10) compiled to WebAssembly,
 * loaded once per process and shared. Solves are synchronous and block the thread: run large
 * plans in a worker.
 */
export function loadHighsSolver(): Promise<Highs> {
  if (!loading) {
    loading = loadHighs().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}
