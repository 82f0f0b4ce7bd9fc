import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { COVERAGE_KERNELS, type CoverageKernel } from './core/coverage/wasm/site-pixels-module.ts';
import { DEFAULT_IMPORT_LIMITS } from './core/formats/limits.ts';
import { DEFAULT_MAX_AREA_PIXELS } from './core/geo/area-grid.ts';

/** Service configuration, read from the environment and validated at boot. */
export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL; absent = embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** Embedded database directory ('memory://' for an in-memory database). */
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: 'auto' = readable lines on a terminal, JSON otherwise (see logger-options.ts). */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Load the Ranghulu demo data when the database has no area yet. */
  seedDemo: boolean;
  /** Worker threads for the coverage engine (default: number of cores, at least 1). */
  workerThreads?: number;
  /** PostgreSQL: a query without an answer for this long fails (503) instead of hanging on a frozen server. */
  databaseQueryTimeoutMs?: number;
  /** Password of the `admin` user created on first start (none: a random one is printed once). */
  adminPassword?: string;
  /** Origins allowed to call the API cross-origin; empty = CORS off. */
  corsOrigins: string[];
  /** Browsers reach the service over https (directly or via a proxy): Secure cookie, HSTS. */
  behindHttps: boolean;
  /** Login attempts per minute per client IP and username. */
  loginRateLimitPerMinute: number;
  /** Calls per minute per user to routes declaring `config: { expensive: true }`. */
  expensiveRateLimitPerMinute: number;
  /** Expensive requests of one user running at once; one more answers 429 at once. */
  expensiveConcurrencyPerUser: number;
  /** Longest solver time limit an exact plan may ask for, seconds. */
  planTimeLimitMaxS: number;
  /** Origin (and path prefix) clients reach the service at, e.g. `https://gis.example.com/coverage`; absolute links are built from it. */
  publicUrl?: string;
  /** Proxies whose X-Forwarded-For/-Host/-Proto headers are believed: every peer (true), none (false) or these addresses and CIDR ranges. */
  trustProxy: TrustProxy;
  /** Extra origins the web client may load from (connect-src, img-src), e.g. a tile server. */
  cspOrigins: string[];
  /** The coverage kernel's per-pixel passes: 'wasm' (its JavaScript passes when the module is not built) or 'js'. */
  coverageKernel: CoverageKernel;
  /** Bytes a zip-based import file (XLSX, KMZ) may inflate to, counted while inflating. */
  importMaxExpandedBytes: number;
  /** Characters of one value of an import file (a cell, an XML text node or tag). */
  importMaxValueChars: number;
  /** Bytes of a document parsed whole in memory (a GeoJSON or KML file, the KML of a KMZ). */
  importMaxDocumentBytes: number;
  /** Pixels an area's coverage grid may have (MAX_AREA_PIXELS); a larger area is refused naming the setting. */
  maxAreaPixels: number;
  /** Bytes of computed coverage tiles kept in memory (COVERAGE_TILE_CACHE_MB), least recently used dropped first. */
  coverageTileCacheBytes: number;
  /** PostgreSQL: a raster of at least this many tiles is a queued job answered 202 (COVERAGE_JOB_MIN_TILES). */
  coverageJobMinTiles: number;
  /** PostgreSQL: queued tile jobs older than this with none active make the health check say "stalled" (COVERAGE_QUEUE_STALL_S). */
  coverageQueueStallS: number;
  /** PostgreSQL: seconds a worker may hold a tile before another takes it over (COVERAGE_TILE_EXPIRY_S). */
  coverageTileExpiryS: number;
}

/** Fastify's trustProxy: every peer, none, or a list of addresses and CIDR ranges. */
export type TrustProxy = boolean | string[];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`invalid configuration: ${variable}: ${message}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** Parse and validate the environment; throws ConfigError naming the bad variable and value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parseInteger(env, 'PORT', 3000, 0, 65535);
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (host === '') throw new ConfigError('HOST', 'must not be empty');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `expected postgres://user@host:port/database, got "${databaseUrl}"`);
  }
  const dataDirRaw = env.DATA_DIR?.trim() || './data';
  const dataDir = dataDirRaw.startsWith('memory://') ? dataDirRaw : resolve(dataDirRaw);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const logFormat = (env.LOG_FORMAT?.trim() || 'auto') as Config['logFormat'];
  if (!LOG_FORMATS.includes(logFormat)) {
    throw new ConfigError('LOG_FORMAT', `expected one of ${LOG_FORMATS.join(', ')}, got "${env.LOG_FORMAT}"`);
  }
  const seedDemo = parseBoolean(env, 'SEED_DEMO', true);
  const workerThreads = env.WORKER_THREADS ? parseInteger(env, 'WORKER_THREADS', 1, 1, 64) : undefined;
  const databaseQueryTimeoutMs = parseInteger(env, 'DATABASE_QUERY_TIMEOUT_MS', 30_000, 1_000, 3_600_000);
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  const corsOrigins = parseOrigins(env, 'CORS_ORIGIN');
  const behindHttps = parseBoolean(env, 'BEHIND_HTTPS', false);
  const loginRateLimitPerMinute = parseInteger(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100000);
  const expensiveRateLimitPerMinute = parseInteger(env, 'EXPENSIVE_RATE_LIMIT_PER_MINUTE', 60, 1, 100000);
  const cspOrigins = parseOrigins(env, 'CSP_EXTRA_ORIGINS');
  const coverageKernel = parseCoverageKernel(env);
  const expensiveConcurrencyPerUser = parseInteger(env, 'EXPENSIVE_CONCURRENCY_PER_USER', 4, 1, 1000);
  const planTimeLimitMaxS = parseInteger(env, 'PLAN_TIME_LIMIT_MAX_S', 30, 1, 120);
  const publicUrl = parsePublicUrl(env, 'PUBLIC_URL');
  const trustProxy = parseTrustProxy(env, 'TRUST_PROXY');
  const importMaxExpandedBytes = parseInteger(
    env,
    'IMPORT_MAX_EXPANDED_BYTES',
    DEFAULT_IMPORT_LIMITS.maxExpandedBytes,
    1024 * 1024,
    2 ** 40,
  );
  const importMaxValueChars = parseInteger(env, 'IMPORT_MAX_VALUE_CHARS', DEFAULT_IMPORT_LIMITS.maxValueChars, 1000, 100_000_000);
  const importMaxDocumentBytes = parseInteger(
    env,
    'IMPORT_MAX_DOCUMENT_BYTES',
    DEFAULT_IMPORT_LIMITS.maxDocumentBytes,
    1024 * 1024,
    2 ** 32,
  );
  const maxAreaPixels = parseInteger(env, 'MAX_AREA_PIXELS', DEFAULT_MAX_AREA_PIXELS, 1, 2 ** 40);
  const coverageTileCacheBytes = parseInteger(env, 'COVERAGE_TILE_CACHE_MB', 1024, 0, 1_000_000) * 2 ** 20;
  const coverageJobMinTiles = parseInteger(env, 'COVERAGE_JOB_MIN_TILES', 400, 1, 100_000_000);
  const coverageQueueStallS = parseInteger(env, 'COVERAGE_QUEUE_STALL_S', 120, 1, 86_400);
  const coverageTileExpiryS = parseInteger(env, 'COVERAGE_TILE_EXPIRY_S', 60, 1, 3600);
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    logLevel,
    logFormat,
    seedDemo,
    workerThreads,
    databaseQueryTimeoutMs,
    adminPassword,
    corsOrigins,
    behindHttps,
    loginRateLimitPerMinute,
    expensiveRateLimitPerMinute,
    cspOrigins,
    expensiveConcurrencyPerUser,
    planTimeLimitMaxS,
    publicUrl,
    trustProxy,
    importMaxExpandedBytes,
    importMaxValueChars,
    importMaxDocumentBytes,
    coverageKernel,
    maxAreaPixels,
    coverageTileCacheBytes,
    coverageJobMinTiles,
    coverageQueueStallS,
    coverageTileExpiryS,
  };
}

/** COVERAGE_KERNEL alone (for scripts that need no other setting): 'wasm' when unset. */
export function parseCoverageKernel(env: NodeJS.ProcessEnv = process.env): CoverageKernel {
  const raw = env.COVERAGE_KERNEL?.trim() || 'wasm';
  const kernel = COVERAGE_KERNELS.find((k) => k === raw);
  if (!kernel) throw new ConfigError('COVERAGE_KERNEL', `expected ${COVERAGE_KERNELS.join(' or ')}, got "${env.COVERAGE_KERNEL}"`);
  return kernel;
}

/** An http(s) URL without query or fragment; returned without its trailing slash. */
function parsePublicUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected a URL like https://host[:port][/path], got "${raw}"`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    raw.includes('?') ||
    raw.includes('#')
  ) {
    throw new ConfigError(name, `expected http(s)://host[:port][/path] without credentials, query or fragment, got "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `true`, `false`, or comma-separated IP addresses and CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8). */
function parseTrustProxy(env: NodeJS.ProcessEnv, name: string): TrustProxy {
  const raw = env[name]?.trim();
  if (!raw) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    const [address, bits, ...rest] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new ConfigError(name, `expected true, false or IP addresses / CIDR ranges separated by commas, got "${item}"`);
    }
  }
  return items;
}

/** A comma-separated list of exact origins (`https://host[:port]`, no path). */
function parseOrigins(env: NodeJS.ProcessEnv, name: string): string[] {
  const items = (env[name] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of items) {
    if (!/^https?:\/\/[^\s/?#*]+$/.test(origin))
      throw new ConfigError(name, `expected origins like https://host:port separated by commas, got "${origin}"`);
  }
  return items;
}

function parseInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function parseBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}
