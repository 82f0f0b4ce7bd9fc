import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DATABASES } from '../../helpers/databases.ts';

/** The repository root (children run from there). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHILD_ADMIN_PASSWORD = 'reliability-admin-pw';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildRun {
  proc: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr interleaved). */
  output(): string;
  exited: Promise<ChildExit>;
  /** Resolves when the output matches (or rejects on exit / timeout). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
}

/** How runNodeScript starts the child. */
export interface ChildOptions {
  /**
   * A command line run instead (through `sh -c exec`, with node_modules/.bin on the PATH), e.g. the
   * one `npm start` ends with; script and args are then ignored.
   */
  command?: string;
  /** In a process group of its own, so that a signal can go to the whole group (as a terminal or a service manager sends it). */
  detached?: boolean;
}

/** Run `node --import tsx <script> args` (or options.command) from the repository root with extra environment. */
export function runNodeScript(script: string, args: string[], env: Record<string, string>, options: ChildOptions = {}): ChildRun {
  const [file, argv] = options.command
    ? ['/bin/sh', ['-c', `exec ${options.command}`]]
    : [process.execPath, ['--import', 'tsx', script, ...args]];
  const bin = join(REPO_ROOT, 'node_modules', '.bin');
  const proc = spawn(file, argv, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...(options.command ? { PATH: `${bin}:${process.env.PATH ?? ''}` } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<ChildExit>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) finish(() => resolve());
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${text.slice(-2000)}`))),
          timeoutMs,
        );
        const finish = (done: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          done();
        };
        listeners.add(check);
        void exited.then((e) =>
          finish(() =>
            pattern.test(text)
              ? resolve()
              : reject(new Error(`exited (${e.code ?? e.signal}) before ${pattern}; output:\n${text.slice(-2000)}`)),
          ),
        );
        check();
      });
    },
  };
}

export interface ServerRun extends ChildRun {
  port: number;
  url: string;
}

/** Where a child server keeps its data: an embedded directory or a PostgreSQL URL. */
export type ChildDatabase = { dataDir: string } | { databaseUrl: string };

/**
 * Start `server/main.ts` as a child on a free loopback port (no demo data, known admin password) and
 * wait until /api/v1/health answers 200.
 */
export async function startServer(db: ChildDatabase, env: Record<string, string> = {}, timeoutMs = 90_000): Promise<ServerRun> {
  const port = await freePort();
  const run = runNodeScript('server/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    ADMIN_PASSWORD: CHILD_ADMIN_PASSWORD,
    WORKER_THREADS: '2',
    ...('dataDir' in db ? { DATA_DIR: db.dataDir, DATABASE_URL: '' } : { DATABASE_URL: db.databaseUrl }),
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = await Promise.race([run.exited, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (exit) throw new Error(`server exited (${exit.code ?? exit.signal}) while starting:\n${run.output().slice(-3000)}`);
    const status = await request(url, 'GET', '/api/v1/health').then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { ...run, port, url };
    if (Date.now() > deadline) {
      run.proc.kill('SIGKILL');
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${run.output().slice(-3000)}`);
    }
  }
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = any>(): T;
}

/** One HTTP request on its own connection (no keep-alive), so a refused connection shows as such. */
export function request(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    raw?: Buffer;
    headers?: Record<string, string>;
    timeoutMs?: number;
    onBodySent?: () => void;
  } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = options.raw ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload && !options.raw) headers['content-type'] = 'application/json';
    if (payload) headers['content-length'] = String(payload.length);
    const req = http.request(`${base}${path}`, { method, headers, agent: false, timeout: options.timeoutMs ?? 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 120_000} ms: ${method} ${path}`)));
    req.on('error', reject);
    req.on('finish', () => options.onBodySent?.());
    req.end(payload);
  });
}

/** An API token of the child's admin (login with the password, then POST /auth/tokens). */
export async function adminToken(base: string): Promise<string> {
  const login = await request(base, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: CHILD_ADMIN_PASSWORD } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.body}`);
  const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
  const created = await request(base, 'POST', '/api/v1/auth/tokens', {
    body: { name: `reliability-${Date.now()}` },
    headers: { cookie, 'x-csrf-token': login.json().csrfToken },
  });
  if (created.status !== 201) throw new Error(`token: ${created.status} ${created.body}`);
  return created.json().token;
}

/** Send SIGKILL and wait for the exit. */
export async function kill(run: ChildRun): Promise<ChildExit> {
  run.proc.kill('SIGKILL');
  return run.exited;
}

export interface ChildDatabaseTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database for a child server, and how to remove it. */
  create(): Promise<{ db: ChildDatabase; drop(): Promise<void> }>;
}

/** The embedded database in a temporary directory always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const CHILD_DATABASES: ChildDatabaseTarget[] = [
  {
    name: 'pglite',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'cp-child-data-'));
      return { db: { dataDir: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  ...TEST_DATABASES.filter((t) => t.name === 'postgres').map(
    (pg): ChildDatabaseTarget => ({
      name: 'postgres',
      async create() {
        const created = await pg.create();
        return { db: { databaseUrl: created.databaseUrl! }, drop: created.drop };
      },
    }),
  ),
];
