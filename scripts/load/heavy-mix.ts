/**
 * The heavy part of `npm run load -- --mix heavy`: besides the reads (and the OGC listings, which run
 * as autocannon reads), exact plans with a budget, two at a time, and a re-import of the demo's 3,000
 * problem reports every few seconds, through the HTTP API like any client. Each kind reports how many
 * ran, failed or were refused (429), and its durations.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Exact plans running at once (one user: within the default per-user limit of expensive requests). */
export const PLAN_LOOPS = 2;
/** Seconds between the starts of two imports. */
export const IMPORT_EVERY_S = 8;
const REPORTS_CSV = new URL('../../geo-data/ranghulu/reports.csv', import.meta.url);

export interface HeavyOpFigures {
  name: string;
  count: number;
  /** Answers other than 2xx and 429. */
  failures: number;
  refused: number;
  p50Ms: number;
  maxMs: number;
}

export interface HeavyMix {
  /** Let the running operations end, start no more, and return the figures. */
  stop(): Promise<HeavyOpFigures[]>;
}

interface Op {
  name: string;
  durations: number[];
  failures: number;
  refused: number;
}

/** Start the plan loops and the import loop against `base` (area path `areaPath`, admin Bearer token). */
export function startHeavyMix(base: string, areaPath: string, token: string, log: (line: string) => void): HeavyMix {
  let stopping = false;
  const plans: Op = { name: `exact plans with a budget (${PLAN_LOOPS} at a time)`, durations: [], failures: 0, refused: 0 };
  const imports: Op = { name: 'imports of 3,000 problem reports (CSV)', durations: [], failures: 0, refused: 0 };
  const authorization = `Bearer ${token}`;
  const timed = async (op: Op, send: () => Promise<Response>) => {
    const t0 = performance.now();
    try {
      const res = await send();
      await res.arrayBuffer();
      if (res.status === 429) op.refused++;
      else if (!res.ok) {
        op.failures++;
        log(`${op.name}: HTTP ${res.status}`);
      } else op.durations.push(performance.now() - t0);
    } catch (err) {
      op.failures++;
      log(`${op.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const planLoop = async (loop: number) => {
    for (let k = loop; !stopping; k += PLAN_LOOPS) {
      const body = {
        technology: k % 2 === 0 ? 'GSM' : 'CDMA',
        maxSites: 5,
        budget: [200, 300, 400][k % 3],
        method: 'exact',
        timeLimitS: 10,
      };
      await timed(plans, () =>
        fetch(`${base}${areaPath}/plans`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    }
  };
  const csv = readFileSync(REPORTS_CSV);
  const importLoop = async () => {
    while (!stopping) {
      const started = performance.now();
      const form = new FormData();
      form.set('kind', 'reports');
      form.set('file', new Blob([csv], { type: 'text/csv' }), 'reports.csv');
      await timed(imports, () => fetch(`${base}${areaPath}/imports`, { method: 'POST', headers: { authorization }, body: form }));
      const wait = IMPORT_EVERY_S * 1000 - (performance.now() - started);
      for (let waited = 0; waited < wait && !stopping; waited += 100) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const running = [...Array.from({ length: PLAN_LOOPS }, (_, loop) => planLoop(loop)), importLoop()];
  return {
    async stop() {
      stopping = true;
      await Promise.all(running);
      return [plans, imports].map(summary);
    },
  };
}

function summary(op: Op): HeavyOpFigures {
  const sorted = [...op.durations].sort((a, b) => a - b);
  return {
    name: op.name,
    count: op.durations.length,
    failures: op.failures,
    refused: op.refused,
    p50Ms: sorted.length ? Math.round(sorted[Math.floor(sorted.length / 2)]) : 0,
    maxMs: sorted.length ? Math.round(sorted[sorted.length - 1]) : 0,
  };
}

/** One line per heavy operation. */
export function formatHeavy(ops: readonly HeavyOpFigures[]): string[] {
  return ops.map(
    (o) => `heavy: ${o.name}: ${o.count} done (failed ${o.failures}, refused 429 ${o.refused}), p50 ${o.p50Ms} ms, max ${o.maxMs} ms`,
  );
}
