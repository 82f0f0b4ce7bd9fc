import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './child-server.ts';

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Why a throwaway PostgreSQL cluster cannot be started here, or null when it can: the server binaries
 * must exist; as root the cluster runs as the `postgres` OS user (initdb refuses root).
 */
export function clusterUnavailableReason(): string | null {
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(PG_BIN, bin))) return `${join(PG_BIN, bin)} not found (set PG_BIN to the PostgreSQL server binaries)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
    return 'running as root without runuser to switch to the postgres user';
  return null;
}

/** A PostgreSQL cluster of its own (data directory under the temp dir, loopback port) that tests stop and start. */
export interface ThrowawayCluster {
  port: number;
  dataDir: string;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  start(): Promise<void>;
  /** `immediate` is a crash as far as clients can tell (no goodbye on their connections). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stop (if running) and delete the data directory. */
  destroy(): Promise<void>;
}

/** initdb a new cluster (trust auth, fsync off: it is thrown away) and start it; `settings` are more `-c name=value`. */
export async function createCluster(settings: Record<string, string | number> = {}): Promise<ThrowawayCluster> {
  const root = mkdtempSync(join(tmpdir(), 'cp-pg-cluster-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgRun = (bin: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { cwd: root })
      : run(join(PG_BIN, bin), args, { cwd: root });
  await pgRun('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c full_page_writes=off${Object.entries(
    settings,
  )
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join('')}`;
  let running = false;
  const cluster: ThrowawayCluster = {
    port,
    dataDir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pgRun('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop(mode = 'fast') {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop('immediate').catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
