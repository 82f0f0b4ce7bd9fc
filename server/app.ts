import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Database } from './db/types.ts';
import { frameworkErrors, installErrorHandler } from './error-handler.ts';
import { installReadCacheInvalidation } from './features/areas/area-cache.ts';
import { areasRoutes } from './features/areas/routes.ts';
import { installAccessControl } from './features/auth/access-control.ts';
import { authRoutes } from './features/auth/routes.ts';
import { usersRoutes } from './features/auth/users-routes.ts';
import { ensureInitialAdmin } from './features/auth/users-service.ts';
import { installAuditLog } from './features/audit/audit-hooks.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { basemapRoutes } from './features/basemap/routes.ts';
import { candidatesRoutes } from './features/candidates/routes.ts';
import { exportsRoutes } from './features/exports/routes.ts';
import { dashboardRoutes } from './features/dashboard/routes.ts';
import { clutterRoutes } from './features/clutter/routes.ts';
import { seedDemoIfEmpty } from './features/demo/seed.ts';
import { healthRoutes } from './features/health/routes.ts';
import { importsRoutes } from './features/imports/routes.ts';
import { calibrationRoutes } from './features/calibration/routes.ts';
import { measurementsRoutes } from './features/measurements/routes.ts';
import { ogcRoutes } from './features/ogc/routes.ts';
import { reportsRoutes } from './features/reports/routes.ts';
import { settlementsRoutes } from './features/settlements/routes.ts';
import { placesRoutes } from './features/places/routes.ts';
import { sitesRoutes } from './features/sites/routes.ts';
import { scenariosRoutes } from './features/scenarios/routes.ts';
import { coverageRoutes } from './features/coverage/routes.ts';
import { elevationRoutes } from './features/elevation/routes.ts';
import { CoverageService } from './features/coverage/service.ts';
import { PlanningService } from './features/planning/service.ts';
import { planningRoutes } from './features/planning/routes.ts';
import { surveysRoutes } from './features/surveys/routes.ts';
import { createEngine } from './features/coverage/engine.ts';
import { type LogFormat, loggerOptions } from './logger-options.ts';
import { setUpCoverageKernel } from './workers/coverage-kernel.ts';
import { createCpuPool, type CpuTasks } from './workers/cpu-pool.ts';
import { installInputGuard } from './security/input-guard.ts';
import { installLargeBodyYields } from './lib/cooperative.ts';
import { installSecurity } from './security/install-security.ts';
import { publicBase, trustFunction } from './security/public-url.ts';
import { APP_VERSION } from './version.ts';
import { CachedTileStore, FileTileStore, PostgresTileStore, type TileStore } from './features/coverage/tile-store.ts';
import { TileQueue } from './features/coverage/tile-queue.ts';
import { CoverageJobs } from './features/coverage/tile-jobs.ts';

export type Role = 'public' | 'viewer' | 'planner' | 'admin';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbKind: DatabaseKind;
    dbHandle: DatabaseHandle;
    config: AppConfig;
    coverage: CoverageService;
    planning: PlanningService;
    /** PostgreSQL: the coverage tile queue and its jobs (null on the embedded database). */
    coverageJobs: CoverageJobs | null;
    coverageQueue: TileQueue | null;
    /** CPU-heavy steps of requests (plans, large polygons, GeoTIFF) on worker threads. */
    cpu: CpuTasks;
    /** The origin (and path prefix) absolute links start with: PUBLIC_URL, a trusted proxy's, or the listen address; never the Host header. */
    publicBase(request: FastifyRequest): string;
  }
  interface FastifyContextConfig {
    /** The least role a route needs; reads default to viewer, writes declare theirs. */
    role?: Role;
  }
}

export type AppConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'seedDemo'> &
  Partial<
    Pick<Config, 'logLevel' | 'workerThreads' | 'databaseQueryTimeoutMs' | 'coverageKernel'>
  > /** How the entry point wants log lines written (default JSON). */ & { logFormat?: LogFormat } & Partial<
    Pick<Config, 'adminPassword' | 'corsOrigins' | 'behindHttps' | 'loginRateLimitPerMinute' | 'expensiveRateLimitPerMinute' | 'cspOrigins'>
  > &
  Partial<Pick<Config, 'expensiveConcurrencyPerUser' | 'planTimeLimitMaxS' | 'publicUrl' | 'trustProxy'>> &
  Partial<Pick<Config, 'importMaxExpandedBytes' | 'importMaxValueChars' | 'importMaxDocumentBytes'>> &
  Partial<Pick<Config, 'maxAreaPixels' | 'coverageTileCacheBytes' | 'coverageJobMinTiles' | 'coverageQueueStallS' | 'coverageTileExpiryS'>>;

/**
 * Where computed coverage tiles are kept: PostgreSQL's coverage_tiles table, or files beside the
 * embedded database's directory (`<DATA_DIR>.coverage-tiles`: kept out of it, so backups of the
 * database stay small; tiles are recomputed when missing); none for an in-memory database.
 */
function tileStore(kind: DatabaseHandle['kind'], db: Kysely<Database>, config: AppConfig): TileStore | null {
  const cacheBytes = config.coverageTileCacheBytes ?? 1024 * 2 ** 20;
  if (kind === 'postgres') return new CachedTileStore(new PostgresTileStore(db), cacheBytes);
  if (config.dataDir.startsWith('memory://')) return null;
  return new CachedTileStore(new FileTileStore(`${config.dataDir.replace(/[\\/]+$/, '')}.coverage-tiles`), cacheBytes);
}

const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * Build the whole application (database, migrations, plugins, routes, optional demo seed) without
 * listening: tests call this with their own config; server/main.ts runs it.
 */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const trust = trustFunction(config.trustProxy);
  const app = Fastify({
    trustProxy: trust ?? false,
    logger: loggerOptions(config.logLevel, config.logFormat),
    bodyLimit: 10 * 1024 * 1024,
    frameworkErrors,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
  });
  app.decorate('db', handle.db);
  app.decorate('dbKind', handle.kind);
  app.decorate('dbHandle', handle);
  app.decorate('config', config);
  // This thread (in-thread rasters, what-if, its warm-up) and the worker threads run the same kernel.
  const kernel = setUpCoverageKernel(config.coverageKernel ?? 'wasm');
  const cpu = createCpuPool({ maxThreads: config.workerThreads });
  let queue: TileQueue | null = null;
  if (handle.kind === 'postgres' && config.databaseUrl) {
    try {
      queue = await TileQueue.open(config.databaseUrl, { expireInSeconds: config.coverageTileExpiryS ?? 60 });
    } catch (err) {
      await cpu.close();
      await handle.close();
      throw err;
    }
    queue.onError = (err) => app.log.error({ err }, 'coverage tile queue');
  }
  const jobs = queue ? new CoverageJobs(handle.db, queue) : null;
  const store = tileStore(handle.kind, handle.db, config);
  const coverage = new CoverageService(handle.db, await createEngine(config.workerThreads, kernel), {
    tasks: cpu,
    maxAreaPixels: config.maxAreaPixels,
    tiles: store
      ? {
          store,
          jobs: jobs ?? undefined,
          jobMinTiles: config.coverageJobMinTiles ?? 400,
          onStoreError: (err) => app.log.error({ err }, 'storing computed coverage tiles failed'),
        }
      : undefined,
  });
  app.decorate('coverageJobs', jobs);
  app.decorate('coverageQueue', queue);
  app.decorate('coverage', coverage);
  app.decorate('cpu', cpu);
  app.decorate('planning', new PlanningService(handle.db, coverage, cpu, { maxTimeLimitS: config.planTimeLimitMaxS }));
  app.decorate('publicBase', (request: FastifyRequest) => publicBase(app, request, { publicUrl: config.publicUrl, trust }));
  app.addHook('onClose', async () => coverage.close());
  app.addHook('onClose', async () => queue?.close(false));
  app.addHook('onClose', async () => cpu.close());
  app.addHook('onClose', async () => handle.close());
  try {
    await migrateToLatest(handle.db);
    await ensureInitialAdmin(handle.db, config.adminPassword);
  } catch (err) {
    await handle.close();
    throw err;
  }

  installErrorHandler(app);
  installLargeBodyYields(app);
  installInputGuard(app);
  await installSecurity(app, { corsOrigins: config.corsOrigins, https: config.behindHttps, cspOrigins: config.cspOrigins });
  installAccessControl(app, {
    webRoot: WEB_DIST,
    expensivePerMinute: config.expensiveRateLimitPerMinute ?? 60,
    expensiveConcurrencyPerUser: config.expensiveConcurrencyPerUser,
    passwordAttemptsPerMinute: config.loginRateLimitPerMinute ?? 10,
  });
  installAuditLog(app);
  installReadCacheInvalidation(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Coverage Planner API',
        version: APP_VERSION,
        description: 'Mobile-network coverage analysis and base-station planning. Coordinates are WGS84 [lon, lat].',
      },
      ...(config.publicUrl ? { servers: [{ url: config.publicUrl }] } : {}),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(usersRoutes);
      await api.register(auditRoutes);
      await api.register(basemapRoutes);
      await api.register(areasRoutes);
      await api.register(sitesRoutes);
      await api.register(scenariosRoutes);
      await api.register(coverageRoutes);
      await api.register(elevationRoutes);
      await api.register(planningRoutes);
      await api.register(reportsRoutes);
      await api.register(candidatesRoutes);
      await api.register(clutterRoutes);
      await api.register(settlementsRoutes);
      await api.register(placesRoutes);
      await api.register(measurementsRoutes);
      await api.register(surveysRoutes);
      await api.register(importsRoutes);
      await api.register(calibrationRoutes);
      await api.register(exportsRoutes);
      await api.register(dashboardRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(ogcRoutes, { prefix: '/ogc' });

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  if (config.seedDemo) await seedDemoIfEmpty(handle.db, app.log);
  return app;
}
