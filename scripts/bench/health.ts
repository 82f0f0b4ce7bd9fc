/**
 * `npm run bench -- health`: does the service keep answering while it validates a huge polygon?
 * Starts the service in process with a square test area, on the embedded database (in memory) and then
 * on a throwaway PostgreSQL database (BENCH_DATABASE_URL, else the local server; skipped when none
 * answers; HEALTH_BENCH_TARGETS=pglite,postgres chooses), then for each
 * size (HEALTH_BENCH_VERTICES, default 40000,200000) submits a valid clutter polygon of that many
 * vertices through the API while a client on another thread asks GET /api/v1/health every 20 ms.
 * Prints the submission's duration (JSON parse, schema, the self-intersection check on a worker
 * thread, the database write) and the /health latencies meanwhile, next to the targets. Figures,
 * not assertions. Runnable alone: `npx tsx scripts/bench/health.ts`.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../../server/app.ts';
import { createApiToken } from '../../server/features/auth/auth-service.ts';
import { findUserByUsername } from '../../server/features/auth/repository.ts';
import { withThrowawayDatabase } from './throwaway-postgres.ts';

/** Targets printed next to the figures: validation of a 200,000-vertex polygon, /health latency meanwhile. */
const TARGETS = { validationMs: 1000, healthMs: 200 };
const POLL_EVERY_MS = 20;
const CENTRE: [number, number] = [124.85, 46.65];

/**
 * The poller, on its own thread so that its timers do not wait for the server's event loop: one
 * GET /health every POLL_EVERY_MS (or as soon as the previous answered); on stop it sends back each
 * poll's start (ms since the epoch) and latency (-1: failed).
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const latencies = [];
let stopping = false;
parentPort.on('message', () => { stopping = true; });
(async () => {
  while (!stopping) {
    const t0 = performance.now();
    const at = performance.timeOrigin + t0;
    try {
      const res = await fetch(workerData.url);
      await res.arrayBuffer();
      latencies.push([at, res.ok ? performance.now() - t0 : -1]);
    } catch {
      latencies.push([at, -1]);
    }
    const wait = ${POLL_EVERY_MS} - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  parentPort.postMessage(latencies);
})();
`;

/** A valid (star-shaped) ring of `vertices` positions (the closing one included, as the schema counts) around CENTRE, radii seeded. */
function starPolygon(vertices: number, radiusDeg: number): GeoJSON.Polygon {
  let state = 12345;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const ring: GeoJSON.Position[] = [];
  for (let i = 0; i < vertices - 1; i++) {
    const angle = (2 * Math.PI * i) / (vertices - 1);
    const r = radiusDeg * (0.6 + 0.4 * random());
    ring.push([Math.round((CENTRE[0] + r * Math.cos(angle)) * 1e7) / 1e7, Math.round((CENTRE[1] + r * Math.sin(angle)) * 1e7) / 1e7]);
  }
  ring.push([...ring[0]]);
  return { type: 'Polygon', coordinates: [ring] };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

export async function runHealthBench(): Promise<void> {
  const sizes = (process.env.HEALTH_BENCH_VERTICES ?? '40000,200000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 4 || n > 200_000))
    throw new Error(`HEALTH_BENCH_VERTICES: expected integers 4..200000 separated by commas, got "${process.env.HEALTH_BENCH_VERTICES}"`);
  const targets = (process.env.HEALTH_BENCH_TARGETS ?? 'pglite,postgres').split(',');
  if (targets.includes('pglite')) await benchOn('embedded database (PGlite, in memory)', { dataDir: 'memory://' }, sizes);
  if (targets.includes('postgres'))
    await withThrowawayDatabase('health_bench', (databaseUrl) => benchOn('PostgreSQL', { databaseUrl, dataDir: '' }, sizes));
}

async function benchOn(label: string, database: { dataDir: string; databaseUrl?: string }, sizes: number[]): Promise<void> {
  const app = await buildApp({ ...database, seedDemo: false, logLevel: 'silent', adminPassword: 'health-bench-admin-password' });
  try {
    const admin = await findUserByUsername(app.db, 'admin');
    const headers = {
      authorization: `Bearer ${(await createApiToken(app.db, admin!.id, 'health bench')).token}`,
      'content-type': 'application/json',
    };
    await app.listen({ host: '127.0.0.1', port: 0 });
    await app.cpu.warmUp();
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [124.75, 46.55],
          [124.95, 46.55],
          [124.95, 46.75],
          [124.75, 46.75],
          [124.75, 46.55],
        ],
      ],
    };
    const area = await fetch(`${base}/areas`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'bench', name: 'Bench', boundary: square, settings: { resolutionM: 200 } }),
    });
    if (area.status !== 201) throw new Error(`creating the test area: HTTP ${area.status} ${await area.text()}`);
    console.log(
      `${label}: load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; /health asked every ${POLL_EVERY_MS} ms from another thread`,
    );
    for (const vertices of sizes) {
      const body = JSON.stringify({ code: `Z${vertices}`, environment: 'urban', geometry: starPolygon(vertices, 0.08) });
      const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/health` } });
      const latencies = new Promise<Array<[number, number]>>((resolve) => poller.once('message', resolve));
      await new Promise((r) => setTimeout(r, 200));
      const t0 = performance.now();
      const res = await fetch(`${base}/areas/bench/clutter`, { method: 'POST', headers, body });
      const answer = await res.text();
      const requestMs = performance.now() - t0;
      if (process.env.HEALTH_BENCH_DEBUG) console.log(answer.slice(0, 400));
      poller.postMessage('stop');
      const window = [performance.timeOrigin + t0, performance.timeOrigin + t0 + requestMs];
      // The polls asked while the submission was running.
      const polled = (await latencies).filter(([at]) => at >= window[0] && at <= window[1]).map(([, ms]) => ms);
      await poller.terminate();
      const answered = polled.filter((ms) => ms >= 0).sort((a, b) => a - b);
      const max = answered.at(-1) ?? 0;
      console.log(
        `clutter polygon of ${vertices.toLocaleString('en')} vertices (${(body.length / 2 ** 20).toFixed(1)} MB of JSON): HTTP ${res.status} in ${requestMs.toFixed(0)} ms` +
          ` (target for 200,000 vertices: validated in <= ${TARGETS.validationMs} ms; this is the whole request);` +
          ` /health meanwhile: ${answered.length} answers, ${polled.length - answered.length} failed, p99 ${percentile(answered, 99).toFixed(0)} ms, max ${max.toFixed(0)} ms` +
          ` (target <= ${TARGETS.healthMs} ms: ${max <= TARGETS.healthMs && answered.length === polled.length ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runHealthBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
