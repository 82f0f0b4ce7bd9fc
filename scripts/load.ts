/**
 * `npm run load -- [--duration 30] [--connections 24] [--recompute-every 5] [--mix heavy]`: a load test on loopback.
 * Starts the service in process on a free 127.0.0.1 port with the Ranghulu demo data (embedded
 * database in memory, or an empty PostgreSQL database with --database-url), warms the caches, then runs mixed reads for the duration (cells GeoJSON, reports
 * in a bbox, coverage figures for GSM, CDMA and any) while a background loop edits a cell's tilt every
 * few seconds and asks for the coverage again (a real recompute). With `--mix heavy`, OGC collection
 * listings (Bearer token and HTTP Basic), exact plans with a budget and a re-import of 3,000 reports run
 * at the same time (scripts/load/heavy-mix.ts). Prints requests/s, latency
 * p50/p99/max, errors and non-2xx answers per kind of read, the recompute times, the event-loop
 * delay and how busy the server's thread was (so a run limited by the client, which shares the
 * machine, can be told from one limited by the server), next to the targets. Figures, not
 * assertions: the machine may be shared.
 */
// @ts-expect-error autocannon ships no type declarations; the part used here is typed below.
import autocannonUntyped from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.ts';
import { parseCoverageKernel } from '../server/config.ts';
import { createApiToken } from '../server/features/auth/auth-service.ts';
import { findUserByUsername } from '../server/features/auth/repository.ts';
import { formatHeavy, startHeavyMix, type HeavyOpFigures } from './load/heavy-mix.ts';

/**
 * The heavy mix's background reads, per second over all kinds. A saturated server's event-loop delay
 * is the length of its queue (every turn serves as many reads as are waiting), so flat-out reads
 * would measure the read throughput again, not what the heavy mix is for: whether one plan, OGC
 * listing or import stalls everyone else. Paced reads well under the service's capacity (over 1,500
 * cached reads a second) leave the delay to the stalls; `--read-rate 0` runs them flat out as well.
 */
export const HEAVY_MIX_READ_RATE = 300;

export const LOAD_USAGE = `usage: npm run load -- [--duration <s>] [--connections <n>] [--reads cells,reports,coverage] [--recompute-every <s>] [--mix reads|heavy] [--read-rate <req/s>] [--database-url <url>] [--client-workers <n>] [--log-level <level>] [--json]

  --duration         seconds of load (default 30, at most 600)
  --connections      concurrent connections in all (default 24, split over the kinds of read)
  --recompute-every  seconds between cell edits that force a coverage recompute (default 5; 0 = none)
  --database-url     an empty PostgreSQL database to load the demo into (default: embedded, in memory)
  --reads            which reads to run, comma-separated (default cells,reports,coverage)
  --mix              reads (default), or heavy: also OGC collection listings (token and HTTP Basic),
                     exact plans with a budget (2 at a time) and an import of 3,000 reports every 8 s
  --read-rate        reads a second over all kinds of read (default: 0 = as fast as answered for the
                     reads mix; ${HEAVY_MIX_READ_RATE} for the heavy mix, so its event-loop delay measures stalls,
                     not the queue of a saturated server)
  --client-workers   client threads per kind of read (default 1); the client parses every answer and
                     shares the machine with the server
  --log-level        the service's log level (default silent); with another level the service logs
                     each request to stdout as it does in production, and this script prints to stderr
  --json             print the figures as JSON`;

/** The options and result fields of autocannon's programmatic API that this script uses. */
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: Array<{ method: 'GET'; path: string; headers?: Record<string, string> }>;
  timeout: number;
  /** Worker threads that send the requests, so the client does not compete with the server's event loop. */
  workers?: number;
  /** Requests a second over all this client's connections (absent: as fast as answers come). */
  overallRate?: number;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = autocannonUntyped as (options: AutocannonOptions) => Promise<AutocannonResult>;

/** Targets printed next to the figures. */
export const TARGETS = { cachedGeoJsonRps: 1500, p99Ms: 50, eventLoopDelayP99Ms: 100 };

export const MIXES = ['reads', 'heavy'] as const;
export type LoadMix = (typeof MIXES)[number];

export interface LoadOptions {
  /** PostgreSQL to load the demo into (it must have no area yet); absent = embedded database in memory. */
  databaseUrl?: string;
  durationS: number;
  connections: number;
  recomputeEveryS: number;
  /** Which reads to run (default all): cells, reports, coverage. */
  reads?: ReadKind[];
  /** Client worker threads per kind of read (default 1). */
  clientWorkers?: number;
  /** The service's log level (default silent). */
  logLevel?: LogLevel;
  /** `heavy` adds OGC listings, exact plans and imports to the reads (default `reads`). */
  mix?: LoadMix;
  /**
   * Reads a second over all kinds of read (0: as fast as the service answers). Default 0 for the
   * reads mix, HEAVY_MIX_READ_RATE for the heavy mix (see there).
   */
  readRate?: number;
}

/** The read rate a run uses: the one asked for, else the mix's default. */
export function effectiveReadRate(options: LoadOptions): number {
  return options.readRate ?? (options.mix === 'heavy' ? HEAVY_MIX_READ_RATE : 0);
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const READ_KINDS = ['cells', 'reports', 'coverage'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export interface ReadFigures {
  name: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface LoadFigures {
  durationS: number;
  reads: ReadFigures[];
  total: ReadFigures;
  recomputes: { count: number; failures: number; msMin: number; msMax: number; msMean: number };
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  /** Share of the run the server's thread (event loop, and the embedded database with it) was busy, and that time per read. */
  serverThread: { busyPercent: number; busyMsPerRead: number };
  /** The heavy mix's plans and imports (empty for the reads mix). */
  heavy: HeavyOpFigures[];
}

/** The service in process on a free loopback port, with the demo data and an admin API token. */
async function startService(
  databaseUrl: string | undefined,
  logLevel: LogLevel,
): Promise<{ app: FastifyInstance; base: string; token: string; areaId: number; password: string }> {
  const app = await buildApp({
    databaseUrl,
    dataDir: 'memory://',
    seedDemo: true,
    logLevel,
    adminPassword: 'load-test-admin-password',
    expensiveRateLimitPerMinute: 1_000_000,
    expensiveConcurrencyPerUser: 1_000,
    coverageKernel: parseCoverageKernel(),
  });
  const admin = await findUserByUsername(app.db, 'admin');
  const token = (await createApiToken(app.db, admin!.id, 'load test')).token;
  await app.listen({ host: '127.0.0.1', port: 0 });
  await app.cpu.warmUp();
  const { port } = app.server.address() as { port: number };
  const areas = (await app.inject({ method: 'GET', url: '/api/v1/areas', headers: { authorization: `Bearer ${token}` } })).json()
    .items as Array<{ id: number; code: string }>;
  const area = areas.find((a) => a.code === 'ranghulu') ?? areas[0];
  if (!area) throw new Error('the demo data was not loaded (no area)');
  return { app, base: `http://127.0.0.1:${port}`, token, areaId: area.id, password: 'load-test-admin-password' };
}

/** GET through the network stack (not inject), failing on a non-2xx. */
async function get(base: string, path: string, token: string): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

function figures(name: string, r: AutocannonResult): ReadFigures {
  return {
    name,
    requests: r.requests.total,
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Run the load test against an in-process service; returns the figures. */
export async function runLoad(options: LoadOptions, log: (line: string) => void = console.log): Promise<LoadFigures> {
  const started = Date.now();
  const { app, base, token, areaId, password } = await startService(options.databaseUrl, options.logLevel ?? 'silent');
  const heavyMix = options.mix === 'heavy';
  log(`service with the demo data (${app.dbKind}) on ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    const a = `/api/v1/areas/${areaId}`;
    const bearer = { authorization: `Bearer ${token}` };
    const basic = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
    const reads: Array<{ kind: string; name: string; paths: string[]; headers?: Record<string, string>; share?: number }> = [
      { kind: 'cells', name: 'cells GeoJSON (cached)', paths: [`${a}/cells`] },
      {
        kind: 'reports',
        name: 'reports GeoJSON in a bbox (cached)',
        paths: [`${a}/reports?bbox=124.80,46.58,124.90,46.66&limit=500`, `${a}/reports?bbox=124.85,46.62,124.95,46.70&limit=500`],
      },
      {
        kind: 'coverage',
        name: 'coverage figures GSM/CDMA/any',
        paths: ['GSM', 'CDMA', 'any'].map((t) => `${a}/coverage?technology=${t}`),
      },
    ].filter((r) => (options.reads ?? READ_KINDS).includes(r.kind as ReadKind));
    if (heavyMix) {
      // HTTP Basic checks the password (scrypt) on every call: fewer connections.
      reads.push(
        { kind: 'ogc', name: 'OGC collections (token)', paths: ['/ogc/collections'] },
        { kind: 'ogc', name: 'OGC collections (Basic)', paths: ['/ogc/collections'], headers: basic, share: 0.5 },
      );
    }
    const warmStarted = Date.now();
    for (const r of reads) for (const p of r.paths) await get(base, p, token);
    log(`caches warm in ${((Date.now() - warmStarted) / 1000).toFixed(1)} s`);

    const cells = (await get(base, `${a}/cells?technology=GSM&limit=1`, token)) as {
      features: Array<{ id: number; properties: { tiltDeg: number } }>;
    };
    const cell = cells.features[0];
    const recomputeMs: number[] = [];
    let failures = 0;
    let stop = false;
    const recomputeLoop = (async () => {
      if (!options.recomputeEveryS || !cell) return;
      let tilt = cell.properties.tiltDeg;
      while (!stop) {
        await new Promise((r) => setTimeout(r, options.recomputeEveryS * 1000));
        if (stop) break;
        tilt = tilt === cell.properties.tiltDeg ? tilt + 1 : cell.properties.tiltDeg;
        const t0 = performance.now();
        try {
          const patch = await fetch(`${base}${a}/cells/${cell.id}`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ tiltDeg: tilt }),
          });
          if (!patch.ok) throw new Error(`PATCH: ${patch.status}`);
          // The load's own coverage reads may start the recompute first; this one then shares it.
          await get(base, `${a}/coverage?technology=GSM`, token);
          recomputeMs.push(performance.now() - t0);
        } catch (err) {
          failures++;
          log(`recompute failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const busyBefore = performance.eventLoopUtilization();
    // The server's figures cover the run itself: when it ends, autocannon's manager (on this thread)
    // merges its workers' histograms, which is the client's work, not the service's.
    let busy: ReturnType<typeof performance.eventLoopUtilization> | undefined;
    const endOfRun = () => {
      busy ??= performance.eventLoopUtilization(busyBefore);
      loop.disable();
    };
    const runTimer = setTimeout(endOfRun, options.durationS * 1000);
    const heavy = heavyMix ? startHeavyMix(base, a, token, log) : null;
    const perRead = Math.max(1, Math.floor(options.connections / reads.length));
    const readRate = effectiveReadRate(options);
    const shares = reads.reduce((n, r) => n + (r.share ?? 1), 0);
    const results = await Promise.all(
      reads.map((r) =>
        autocannon({
          url: base,
          connections: Math.max(1, Math.round(perRead * (r.share ?? 1))),
          // Per client worker (autocannon applies the overall rate per worker thread).
          ...(readRate > 0
            ? { overallRate: Math.max(1, Math.round((readRate * (r.share ?? 1)) / shares / (options.clientWorkers ?? 1))) }
            : {}),
          duration: options.durationS,
          headers: r.headers ?? bearer,
          requests: r.paths.map((path) => ({ method: 'GET' as const, path })),
          timeout: 30,
          workers: options.clientWorkers ?? 1,
        }),
      ),
    );
    clearTimeout(runTimer);
    endOfRun();
    const serverBusy = busy ?? performance.eventLoopUtilization(busyBefore);
    stop = true;
    const heavyFigures = (await heavy?.stop()) ?? [];
    await recomputeLoop;

    const readFigures = results.map((r, i) => figures(reads[i].name, r));
    const sum = (k: keyof ReadFigures) => readFigures.reduce((n, f) => n + (f[k] as number), 0);
    const total: ReadFigures = {
      name: 'all reads',
      requests: sum('requests'),
      rps: sum('rps'),
      p50Ms: Math.max(...readFigures.map((f) => f.p50Ms)),
      p99Ms: Math.max(...readFigures.map((f) => f.p99Ms)),
      maxMs: Math.max(...readFigures.map((f) => f.maxMs)),
      errors: sum('errors'),
      timeouts: sum('timeouts'),
      non2xx: sum('non2xx'),
    };
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    return {
      durationS: options.durationS,
      reads: readFigures,
      total,
      recomputes: {
        count: recomputeMs.length,
        failures,
        msMin: recomputeMs.length ? Math.round(Math.min(...recomputeMs)) : 0,
        msMax: recomputeMs.length ? Math.round(Math.max(...recomputeMs)) : 0,
        msMean: recomputeMs.length ? Math.round(recomputeMs.reduce((x, y) => x + y, 0) / recomputeMs.length) : 0,
      },
      eventLoopDelay: { p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) },
      serverThread: {
        busyPercent: Math.round(serverBusy.utilization * 1000) / 10,
        busyMsPerRead: total.requests ? Math.round((serverBusy.active / total.requests) * 1000) / 1000 : 0,
      },
      heavy: heavyFigures,
    };
  } finally {
    await app.close();
  }
}

/** The figures as a table, with the targets. */
export function formatFigures(f: LoadFigures, options: LoadOptions): string {
  const row = (r: ReadFigures) =>
    `${r.name.padEnd(32)} ${String(r.requests).padStart(8)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${String(r.maxMs).padStart(7)} ${String(r.errors + r.timeouts).padStart(7)} ${String(r.non2xx).padStart(7)}`;
  // Cached GeoJSON reads: the cells layer and the reports pages (both answered from memory per area data).
  const geoReads = f.reads.filter((r) => r.name.includes('GeoJSON'));
  const geo =
    geoReads.length > 0 ? { rps: geoReads.reduce((n, r) => n + r.rps, 0), p99Ms: Math.max(...geoReads.map((r) => r.p99Ms)) } : null;
  const geoNames = geoReads.map((r) => r.name.split(' ')[0]).join(' + ');
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const geoTargets = geo
    ? [
        effectiveReadRate(options) > 0
          ? `target: cached GeoJSON reads >= ${TARGETS.cachedGeoJsonRps} req/s: not measured (reads paced at ${effectiveReadRate(options)} req/s; --read-rate 0 runs them flat out)`
          : `target: cached GeoJSON reads >= ${TARGETS.cachedGeoJsonRps} req/s: ${geo.rps.toFixed(0)} req/s, ${geoNames} (${verdict(geo.rps >= TARGETS.cachedGeoJsonRps)})`,
        `target: p99 <= ${TARGETS.p99Ms} ms: cached GeoJSON ${geo.p99Ms} ms (${verdict(geo.p99Ms <= TARGETS.p99Ms)}), all reads ${f.total.p99Ms} ms (${verdict(f.total.p99Ms <= TARGETS.p99Ms)})`,
      ]
    : [`target: p99 <= ${TARGETS.p99Ms} ms: all reads ${f.total.p99Ms} ms (${verdict(f.total.p99Ms <= TARGETS.p99Ms)})`];
  const loopTarget = `target: event-loop delay p99 <= ${TARGETS.eventLoopDelayP99Ms} ms: ${f.eventLoopDelay.p99Ms} ms (${verdict(f.eventLoopDelay.p99Ms <= TARGETS.eventLoopDelayP99Ms)})`;
  return [
    `${f.durationS} s, ${options.mix ?? 'reads'} mix, ${options.connections} connections, ${effectiveReadRate(options) > 0 ? `reads paced at ${effectiveReadRate(options)} req/s in all` : 'reads as fast as answered'} (client on ${options.clientWorkers ?? 1} worker thread(s) per kind of read), reads: ${f.reads.map((r) => r.name).join(', ')}, ${options.databaseUrl ? 'PostgreSQL' : 'embedded database'}, a cell edit + coverage recompute every ${options.recomputeEveryS} s`,
    `${'read'.padEnd(32)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'errors'.padStart(7)} ${'non-2xx'.padStart(7)}`,
    ...f.reads.map(row),
    row(f.total),
    `recomputes: ${f.recomputes.count} (failed ${f.recomputes.failures}), edit + recompute ${f.recomputes.msMin}..${f.recomputes.msMax} ms, mean ${f.recomputes.msMean} ms`,
    ...formatHeavy(f.heavy),
    `event-loop delay: p50 ${f.eventLoopDelay.p50Ms} ms, p99 ${f.eventLoopDelay.p99Ms} ms, max ${f.eventLoopDelay.maxMs} ms`,
    `server thread busy ${f.serverThread.busyPercent}% of the run (${f.serverThread.busyMsPerRead} ms per read; the client, the coverage workers and other processes share the ${availableParallelism()} cores)`,
    ...geoTargets,
    loopTarget,
  ].join('\n');
}

export async function runLoadCli(argv: string[]): Promise<number> {
  let options: LoadOptions;
  let json = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'database-url': { type: 'string' },
        reads: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        'recompute-every': { type: 'string' },
        'client-workers': { type: 'string' },
        'log-level': { type: 'string' },
        mix: { type: 'string' },
        'read-rate': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(LOAD_USAGE);
      return 0;
    }
    const int = (text: string | undefined, fallback: number, min: number, max: number, name: string) => {
      const n = text === undefined ? fallback : Number(text);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: expected an integer ${min}..${max}, got "${text}"`);
      return n;
    };
    const databaseUrl = values['database-url'];
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
      throw new Error(`--database-url: expected postgres://..., got "${databaseUrl}"`);
    const reads = values.reads === undefined ? undefined : values.reads.split(',').map((r) => r.trim());
    const unknown = reads?.filter((r) => !(READ_KINDS as readonly string[]).includes(r)) ?? [];
    if (reads && (reads.length === 0 || unknown.length))
      throw new Error(`--reads: expected some of ${READ_KINDS.join(',')}, got "${values.reads}"`);
    const mix = values.mix ?? 'reads';
    if (!(MIXES as readonly string[]).includes(mix)) throw new Error(`--mix: expected one of ${MIXES.join(', ')}, got "${mix}"`);
    const logLevel = values['log-level'] ?? 'silent';
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
      throw new Error(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
    options = {
      databaseUrl,
      reads: reads as ReadKind[] | undefined,
      mix: mix as LoadMix,
      clientWorkers: int(values['client-workers'], 1, 1, 8, 'client-workers'),
      logLevel: logLevel as LogLevel,
      durationS: int(values.duration, 30, 1, 600, 'duration'),
      connections: int(values.connections, 24, 1, 500, 'connections'),
      recomputeEveryS: int(values['recompute-every'], 5, 0, 600, 'recompute-every'),
      readRate: values['read-rate'] === undefined ? undefined : int(values['read-rate'], 0, 0, 100_000, 'read-rate'),
    };
    json = Boolean(values.json);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${LOAD_USAGE}`);
    return 2;
  }
  // With service logs on stdout, the figures go to stderr.
  const print = options.logLevel === 'silent' ? console.log : console.error;
  const result = await runLoad(options, json ? () => {} : print);
  print(json ? JSON.stringify(result, null, 2) : formatFigures(result, options));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runLoadCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
}
